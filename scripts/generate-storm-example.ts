/**
 * Writes `examples/snapshots/storm-word-count/`: a SYNTHETIC Storm snapshot of a word-count topology, the
 * Storm UI's answers stored under the URL path they answer (`api/v1/topology/summary.json`, …) in exactly the
 * UI's JSON shapes (latencies and capacity as ms strings with three decimals, counts as numbers, executor ids
 * `[start-end]`), plus the recorder's per-minute spout emit counts (`history.json`), so `StormSnapshotSource`
 * serves it through the live Storm UI client and parsers.
 *
 *   npx tsx scripts/generate-storm-example.ts [outDir]
 *
 * Deterministic: a seeded mulberry32 PRNG and a fixed capture time; re-running gives identical files.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  STORM_MANIFEST_FILE,
  STORM_SNAPSHOT_FORMAT_VERSION,
  type StormSnapshotManifest,
  stormSnapshotManifestSchema,
} from '../src/metrics/storm-snapshot-source.js';
import { mulberry32 } from '../src/models/forecasting/seeded-random.js';
import { metric } from '../src/topology/metric-series.js';

const SEED = 20_261_103;
/** 2026-11-02T12:00:00Z, the Heron example's capture time: the UI pages answer the 10 minutes before it. */
const CAPTURED_AT_SEC = Date.UTC(2026, 10, 2, 12, 0, 0) / 1000;
const MINUTES = 180;
const START_SEC = CAPTURED_AT_SEC - MINUTES * 60;
/** The UI's stats window the pages were asked for (`?window=600`). */
const WINDOW_SEC = 600;
const WINDOW_MINUTES = WINDOW_SEC / 60;
/** 2026-11-02T06:13:20Z: when the topology was submitted (Storm ids end in the launch time, Unix s). */
const LAUNCHED_AT_SEC = 1_793_600_000;
const UPTIME_SEC = CAPTURED_AT_SEC - LAUNCHED_AT_SEC;

const CLUSTER = 'local';
const ENVIRON = 'default';
const NAME = 'storm-word-count';
const TOPOLOGY_ID = `${NAME}-1-${LAUNCHED_AT_SEC}`;
const OWNER = 'augur';
const STREAM = 'default';
/**
 * Storm samples its stats (`topology.stats.sample.rate`, default 0.05) and scales each sampled tuple by 1/rate,
 * so every count the UI shows is a multiple of 20.
 */
const SAMPLE_WEIGHT = 20;

/** Mean sentences/s of one spout executor before noise: a daily swell 120–180/s, rising through 150/s at 11:00. */
const RATE_MEAN_PER_SEC = 150;
const RATE_SWING_PER_SEC = 30;
const RATE_MID_HOUR = 11;
/** Per-executor traffic factor (the two spout executors read unevenly loaded partitions). */
const SPOUT_FACTORS = [0.98, 1.02];
/** Minute-to-minute noise: AR(1) with this lag-1 correlation and stationary relative standard deviation. */
const NOISE_PHI = 0.6;
const NOISE_SD = 0.025;
const WORDS_PER_SENTENCE = 5;
/** Share of words each `count` executor receives: a fields grouping on `word` skewed by word frequency. */
const COUNT_SHARES = [0.28, 0.26, 0.245, 0.215];
/** Mean time in `execute()`, ms: split tokenises a sentence; count updates an in-memory map. */
const SPLIT_EXECUTE_MS = 4.55;
const COUNT_EXECUTE_MS = 0.95;
/** Tuples the spouts saw fail (timed out) in the window, by executor: one sampled failure. */
const SPOUT_FAILED = [0, SAMPLE_WEIGHT];

const random = mulberry32(SEED);
/** Standard normal (Box–Muller). */
function normal(): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
/** A count as the UI shows it: the nearest multiple of the sampling weight. */
const sampled = (x: number) => Math.max(0, Math.round(x / SAMPLE_WEIGHT) * SAMPLE_WEIGHT);
/** Storm's `UIHelpers.floatStr`: three decimals. */
const ms3 = (x: number) => x.toFixed(3);

/**
 * Splits `total` (a multiple of the sampling weight) by `weights` in whole sampling units, largest remainder
 * first, so the parts add up to the total exactly.
 */
function apportion(total: number, weights: number[]): number[] {
  const units = Math.round(total / SAMPLE_WEIGHT);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (units * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest);
  for (let k = 0; k < units - parts.reduce((a, b) => a + b, 0); k += 1) {
    const i = order[k % order.length]?.i ?? 0;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts.map((p) => p * SAMPLE_WEIGHT);
}

/** `1h 2m 3s`, as the UI writes uptimes and windows: leading zero units left out (`10m 0s`, `1d 0h 0m 0s`). */
function pretty(sec: number): string {
  const parts: Array<[number, string]> = [
    [Math.floor(sec / 86_400), 'd'],
    [Math.floor((sec % 86_400) / 3600), 'h'],
    [Math.floor((sec % 3600) / 60), 'm'],
    [sec % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first < 0 ? parts.length - 1 : first)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

interface Slot {
  supervisorId: string;
  host: string;
  port: number;
}
/** Three worker slots on two supervisors, each worker 768 MB on-heap and one core (Storm's cpu 100). */
const SLOTS: Slot[] = [
  { supervisorId: 'supervisor-1', host: 'storm-node-1', port: 6700 },
  { supervisorId: 'supervisor-1', host: 'storm-node-1', port: 6701 },
  { supervisorId: 'supervisor-2', host: 'storm-node-2', port: 6700 },
];
const WORKER_MEM_ON_HEAP_MB = 768;
const WORKER_CPU = 100;

type ComponentName = 'sentence' | 'split' | 'count';
interface Executor {
  component: ComponentName;
  start: number;
  end: number;
  slot: Slot;
}
const SPEC: Array<{ name: ComponentName; kind: 'spout' | 'bolt'; ranges: Array<[number, number]> }> = [
  {
    name: 'sentence',
    kind: 'spout',
    ranges: [
      [1, 2],
      [3, 4],
    ],
  },
  {
    name: 'split',
    kind: 'bolt',
    ranges: [
      [5, 6],
      [7, 8],
      [9, 10],
    ],
  },
  {
    name: 'count',
    kind: 'bolt',
    ranges: [
      [11, 11],
      [12, 12],
      [13, 13],
      [14, 14],
    ],
  },
];
// Executors go round-robin over the slots, as Storm's even scheduler spreads them.
const EXECUTORS: Executor[] = SPEC.flatMap((c) => c.ranges).map(([start, end], k) => ({
  component: SPEC.find((c) => c.ranges.some(([s]) => s === start))?.name as ComponentName,
  start,
  end,
  slot: SLOTS[k % SLOTS.length] as Slot,
}));
const executorsOf = (component: ComponentName) => EXECUTORS.filter((e) => e.component === component);
const rangeOf = (e: Executor) => `[${e.start}-${e.end}]`;
const instanceOf = (e: Executor) => `${e.component}:${rangeOf(e)}`;
const tasksOf = (component: ComponentName) =>
  executorsOf(component).reduce((n, e) => n + e.end - e.start + 1, 0);
const logLink = (slot: Slot) =>
  `http://${slot.host}:8000/log?file=${encodeURIComponent(`${TOPOLOGY_ID}/${slot.port}/worker.log`)}`;

/** Sentences/s of one spout executor with factor 1 at `tsSec`, before noise. */
function sentenceRatePerSec(tsSec: number): number {
  const hourOfDay = (tsSec % 86_400) / 3600;
  return RATE_MEAN_PER_SEC + RATE_SWING_PER_SEC * Math.sin((2 * Math.PI * (hourOfDay - RATE_MID_HOUR)) / 24);
}

/** Per-minute emit counts of each spout executor over the recorded 3 hours: `[minute start, count]`. */
function spoutHistory(): Array<Array<[number, number]>> {
  return executorsOf('sentence').map((_, k) => {
    const factor = SPOUT_FACTORS[k] ?? 1;
    let noise = NOISE_SD * normal();
    const points: Array<[number, number]> = [];
    for (let minute = 0; minute < MINUTES; minute += 1) {
      const ts = START_SEC + minute * 60;
      if (minute > 0) noise = NOISE_PHI * noise + Math.sqrt(1 - NOISE_PHI ** 2) * NOISE_SD * normal();
      points.push([ts, sampled(sentenceRatePerSec(ts + 30) * factor * (1 + noise) * 60)]);
    }
    return points;
  });
}

/** What one executor did over the UI's window, in the UI's terms. */
interface ExecutorWindow {
  executor: Executor;
  emitted: number;
  transferred: number;
  acked: number;
  failed: number;
  executed: number;
  /** Unrounded ms, as Storm computes capacity from them. */
  executeLatencyMs: number;
  processLatencyMs: number;
  completeLatencyMs: number;
  /** executed × execute latency / window, from the unrounded latency (Storm's `compute-executor-capacity`). */
  capacity: number;
}

function windowStats(history: Array<Array<[number, number]>>): Record<ComponentName, ExecutorWindow[]> {
  const blank = { emitted: 0, transferred: 0, acked: 0, failed: 0, executed: 0 };
  const latencies = { executeLatencyMs: 0, processLatencyMs: 0, completeLatencyMs: 0, capacity: 0 };
  const spouts = executorsOf('sentence').map((executor, k): ExecutorWindow => {
    const emitted = (history[k] ?? []).slice(-WINDOW_MINUTES).reduce((sum, [, v]) => sum + v, 0);
    const failed = SPOUT_FAILED[k] ?? 0;
    return {
      ...blank,
      ...latencies,
      executor,
      emitted,
      transferred: emitted,
      acked: emitted - failed,
      failed,
    };
  });
  const sentences = spouts.reduce((sum, s) => sum + s.emitted, 0);

  // Shuffle grouping: each spout task deals its tuples round-robin over a shuffled list of the split tasks,
  // so each split executor gets an even share to within a sampling unit.
  const splitExecutors = executorsOf('split');
  const splitExecuted = apportion(
    sentences,
    splitExecutors.map(() => 1 + 1e-6 * random()),
  );
  const splits = splitExecutors.map((executor, k): ExecutorWindow => {
    const executed = splitExecuted[k] ?? 0;
    const emitted = sampled(executed * WORDS_PER_SENTENCE * (1 + 0.004 * normal()));
    const executeLatencyMs = SPLIT_EXECUTE_MS * (1 + 0.02 * normal());
    return {
      ...blank,
      executor,
      executed,
      emitted,
      transferred: emitted,
      acked: executed,
      executeLatencyMs,
      // Acked after execute() returns (a basic bolt): a little more than the execute latency.
      processLatencyMs: executeLatencyMs * 1.03 + 0.012,
      completeLatencyMs: 0,
      capacity: (executed * executeLatencyMs) / (WINDOW_SEC * 1000),
    };
  });
  const words = splits.reduce((sum, s) => sum + s.emitted, 0);

  const countExecuted = apportion(
    words,
    COUNT_SHARES.map((share) => share * (1 + 0.003 * normal())),
  );
  const counts = executorsOf('count').map((executor, k): ExecutorWindow => {
    const executed = countExecuted[k] ?? 0;
    const executeLatencyMs = COUNT_EXECUTE_MS * (1 + 0.03 * normal());
    return {
      ...blank,
      executor,
      executed,
      // count emits (word, count) on `default`, which nothing consumes: emitted, never transferred.
      emitted: executed,
      transferred: 0,
      acked: executed,
      executeLatencyMs,
      processLatencyMs: executeLatencyMs * 1.03 + 0.008,
      completeLatencyMs: 0,
      capacity: (executed * executeLatencyMs) / (WINDOW_SEC * 1000),
    };
  });

  // Complete latency ≈ M/M/1 sojourns through split and count (S / (1 − ρ)) plus transfer and acker time.
  const sojourn = (w: ExecutorWindow[]) =>
    w.reduce((sum, e) => sum + e.executeLatencyMs / (1 - e.capacity), 0) / w.length;
  const treeMs = sojourn(splits) + sojourn(counts) + 2.4;
  for (const s of spouts) s.completeLatencyMs = treeMs * (1 + 0.02 * normal());
  return { sentence: spouts, split: splits, count: counts };
}

const total = (w: ExecutorWindow[], key: 'emitted' | 'transferred' | 'acked' | 'failed' | 'executed') =>
  w.reduce((sum, e) => sum + e[key], 0);
/** A mean weighted by `weightKey`, as the UI aggregates executor latencies. */
function weightedMs(
  w: ExecutorWindow[],
  key: 'executeLatencyMs' | 'processLatencyMs' | 'completeLatencyMs',
  weightKey: 'executed' | 'acked',
): number {
  const weight = total(w, weightKey);
  return weight > 0 ? w.reduce((sum, e) => sum + e[key] * e[weightKey], 0) / weight : 0;
}

function componentTotals(name: ComponentName, w: ExecutorWindow[]) {
  const isSpout = name === 'sentence';
  const common = {
    executors: w.length,
    tasks: tasksOf(name),
    emitted: total(w, 'emitted'),
    transferred: total(w, 'transferred'),
    acked: total(w, 'acked'),
    failed: total(w, 'failed'),
    errorHost: '',
    errorPort: '',
    errorWorkerLogLink: '',
    errorLapsedSecs: null,
    lastError: '',
  };
  if (isSpout) return { ...common, completeLatency: ms3(weightedMs(w, 'completeLatencyMs', 'acked')) };
  return {
    ...common,
    // A bolt's capacity on the topology page is its busiest executor's.
    capacity: ms3(Math.max(...w.map((e) => e.capacity))),
    executeLatency: ms3(weightedMs(w, 'executeLatencyMs', 'executed')),
    executed: total(w, 'executed'),
    processLatency: ms3(weightedMs(w, 'processLatencyMs', 'executed')),
  };
}

function executorStats(w: ExecutorWindow[]) {
  return w.map((e) => {
    const base = {
      id: rangeOf(e.executor),
      encodedId: encodeURIComponent(rangeOf(e.executor)),
      uptime: pretty(UPTIME_SEC),
      uptimeSeconds: UPTIME_SEC,
      host: e.executor.slot.host,
      port: e.executor.slot.port,
      emitted: e.emitted,
      transferred: e.transferred,
      acked: e.acked,
      failed: e.failed,
      workerLogLink: logLink(e.executor.slot),
    };
    return e.executor.component === 'sentence'
      ? { ...base, completeLatency: ms3(e.completeLatencyMs) }
      : {
          ...base,
          capacity: ms3(e.capacity),
          executeLatency: ms3(e.executeLatencyMs),
          executed: e.executed,
          processLatency: ms3(e.processLatencyMs),
        };
  });
}

const SOURCES: Record<ComponentName, ComponentName | undefined> = {
  sentence: undefined,
  split: 'sentence',
  count: 'split',
};
const GROUPINGS: Record<ComponentName, string> = { sentence: '', split: 'shuffle', count: 'fields' };

function componentPage(name: ComponentName, w: ExecutorWindow[]) {
  const isSpout = name === 'sentence';
  const totals = componentTotals(name, w);
  const windowFields = { windowPretty: pretty(WINDOW_SEC), window: String(WINDOW_SEC) };
  const source = SOURCES[name];
  return {
    id: name,
    encodedId: name,
    topologyId: TOPOLOGY_ID,
    encodedTopologyId: TOPOLOGY_ID,
    name,
    componentType: isSpout ? 'spout' : 'bolt',
    topologyStatus: 'ACTIVE',
    executors: w.length,
    tasks: tasksOf(name),
    window: String(WINDOW_SEC),
    windowHint: pretty(WINDOW_SEC),
    debug: false,
    samplingPct: 10,
    eventLoggerCount: 0,
    profilingAndDebuggingCapable: true,
    profileActionEnabled: false,
    profilerActive: [],
    schedulerDisplayResource: true,
    ...(isSpout
      ? {
          spoutSummary: [{ ...windowFields, ...totals }],
          outputStats: [
            {
              stream: STREAM,
              emitted: total(w, 'emitted'),
              transferred: total(w, 'transferred'),
              completeLatency: ms3(weightedMs(w, 'completeLatencyMs', 'acked')),
              acked: total(w, 'acked'),
              failed: total(w, 'failed'),
            },
          ],
        }
      : {
          boltStats: [{ ...windowFields, ...totals }],
          inputStats: [
            {
              component: source,
              encodedComponent: source,
              stream: STREAM,
              executeLatency: ms3(weightedMs(w, 'executeLatencyMs', 'executed')),
              processLatency: ms3(weightedMs(w, 'processLatencyMs', 'executed')),
              executed: total(w, 'executed'),
              acked: total(w, 'acked'),
              failed: total(w, 'failed'),
            },
          ],
          outputStats: [
            { stream: STREAM, emitted: total(w, 'emitted'), transferred: total(w, 'transferred') },
          ],
        }),
    executorStats: executorStats(w),
    componentErrors: [],
  };
}

const ASSIGNED = {
  requestedMemOnHeap: SLOTS.length * WORKER_MEM_ON_HEAP_MB,
  requestedMemOffHeap: 0,
  requestedTotalMem: SLOTS.length * WORKER_MEM_ON_HEAP_MB,
  requestedCpu: SLOTS.length * WORKER_CPU,
  assignedMemOnHeap: SLOTS.length * WORKER_MEM_ON_HEAP_MB,
  assignedMemOffHeap: 0,
  assignedTotalMem: SLOTS.length * WORKER_MEM_ON_HEAP_MB,
  assignedCpu: SLOTS.length * WORKER_CPU,
};

function topologySummaryEntry() {
  return {
    id: TOPOLOGY_ID,
    encodedId: TOPOLOGY_ID,
    name: NAME,
    status: 'ACTIVE',
    uptime: pretty(UPTIME_SEC),
    uptimeSeconds: UPTIME_SEC,
    tasksTotal: EXECUTORS.reduce((n, e) => n + e.end - e.start + 1, 0),
    workersTotal: SLOTS.length,
    executorsTotal: EXECUTORS.length,
    replicationCount: 1,
    ...ASSIGNED,
    owner: OWNER,
    schedulerInfo: '',
  };
}

/**
 * The topology's totals over each of the UI's windows: the 10 minutes exactly; 3 hours from the recorded
 * spout counts; a day and all time (the topology is younger than a day) add the noiseless rate curve from
 * launch to the start of the recording. Bolt totals follow the spouts by the window's ratios.
 */
function topologyStats(
  history: Array<Array<[number, number]>>,
  stats: Record<ComponentName, ExecutorWindow[]>,
) {
  const spoutWindow = total(stats.sentence, 'emitted');
  const wordsPerSentence = total(stats.split, 'emitted') / Math.max(spoutWindow, 1);
  const recorded = history.flat().reduce((sum, [, v]) => sum + v, 0);
  let beforeRecording = 0;
  for (let ts = LAUNCHED_AT_SEC; ts < START_SEC; ts += 60) {
    const factors = SPOUT_FACTORS.reduce((a, b) => a + b, 0);
    beforeRecording += sampled(sentenceRatePerSec(ts + 30) * factors * Math.min(60, START_SEC - ts));
  }
  const completeLatency = ms3(weightedMs(stats.sentence, 'completeLatencyMs', 'acked'));
  const forSpoutTotal = (sentences: number, failed: number) => {
    const words = sampled(sentences * wordsPerSentence);
    // Emitted: sentences + words (split) + counts (count, one per word); count transfers nothing.
    return {
      emitted: sentences + 2 * words,
      transferred: sentences + words,
      completeLatency,
      acked: sentences - failed,
      failed,
    };
  };
  const failed = total(stats.sentence, 'failed');
  return [
    {
      windowPretty: pretty(WINDOW_SEC),
      window: String(WINDOW_SEC),
      emitted:
        total(stats.sentence, 'emitted') + total(stats.split, 'emitted') + total(stats.count, 'emitted'),
      transferred: total(stats.sentence, 'transferred') + total(stats.split, 'transferred'),
      completeLatency,
      acked: total(stats.sentence, 'acked'),
      failed,
    },
    { windowPretty: pretty(10_800), window: '10800', ...forSpoutTotal(recorded, failed * 3) },
    {
      windowPretty: pretty(86_400),
      window: '86400',
      ...forSpoutTotal(recorded + beforeRecording, failed * 5),
    },
    {
      windowPretty: 'All time',
      window: ':all-time',
      ...forSpoutTotal(recorded + beforeRecording, failed * 5),
    },
  ];
}

function topologyPage(
  history: Array<Array<[number, number]>>,
  stats: Record<ComponentName, ExecutorWindow[]>,
) {
  const workers = SLOTS.map((slot) => {
    const here = EXECUTORS.filter((e) => e.slot === slot);
    const componentNumTasks: Record<string, number> = {};
    for (const e of here)
      componentNumTasks[e.component] = (componentNumTasks[e.component] ?? 0) + e.end - e.start + 1;
    return {
      host: slot.host,
      port: slot.port,
      supervisorId: slot.supervisorId,
      topologyId: TOPOLOGY_ID,
      topologyName: NAME,
      owner: OWNER,
      uptime: pretty(UPTIME_SEC),
      uptimeSeconds: UPTIME_SEC,
      executorsTotal: here.length,
      assignedMemOnHeap: WORKER_MEM_ON_HEAP_MB,
      assignedMemOffHeap: 0,
      assignedCpu: WORKER_CPU,
      workerLogLink: logLink(slot),
      componentNumTasks,
    };
  });
  return {
    ...topologySummaryEntry(),
    msgTimeout: 30,
    window: String(WINDOW_SEC),
    windowHint: pretty(WINDOW_SEC),
    debug: false,
    samplingPct: 10,
    schedulerDisplayResource: true,
    topologyStats: topologyStats(history, stats),
    spouts: [
      { spoutId: 'sentence', encodedSpoutId: 'sentence', ...componentTotals('sentence', stats.sentence) },
    ],
    bolts: (['split', 'count'] as const).map((name) => ({
      boltId: name,
      encodedBoltId: name,
      ...componentTotals(name, stats[name]),
    })),
    configuration: {
      'topology.name': NAME,
      'topology.workers': SLOTS.length,
      'topology.message.timeout.secs': 30,
      'topology.max.spout.pending': 2000,
      'topology.stats.sample.rate': 1 / SAMPLE_WEIGHT,
      'topology.eventlogger.executors': 0,
      'topology.worker.max.heap.size.mb': WORKER_MEM_ON_HEAP_MB,
      'topology.component.cpu.pcore.percent': 10,
    },
    workers,
  };
}

function visualization(stats: Record<ComponentName, ExecutorWindow[]>) {
  const node = (name: ComponentName) => {
    const w = stats[name];
    const isSpout = name === 'sentence';
    const source = SOURCES[name];
    return {
      ':type': isSpout ? 'spout' : 'bolt',
      ':capacity': isSpout ? 0 : Number(ms3(Math.max(...w.map((e) => e.capacity)))),
      ':latency': isSpout
        ? ms3(weightedMs(w, 'completeLatencyMs', 'acked'))
        : ms3(weightedMs(w, 'processLatencyMs', 'executed')),
      ':transferred': total(w, 'transferred'),
      ':link': `/component.html?id=${name}&topology_id=${TOPOLOGY_ID}`,
      ':inputs': source
        ? [
            {
              ':component': source,
              ':stream': STREAM,
              ':sani-stream': `s${source}`,
              ':grouping': GROUPINGS[name],
            },
          ]
        : [],
    };
  };
  return { sentence: node('sentence'), split: node('split'), count: node('count') };
}

/** `history.json`: augur's MetricSeries, one `[sec, count]` point a line. */
function historyFile(history: Array<Array<[number, number]>>): string {
  const series = executorsOf('sentence').map((e, k) => {
    const points = (history[k] ?? []).map(([t, v]) => `      [${t}, ${v}]`).join(',\n');
    return `    ${JSON.stringify(instanceOf(e))}: [\n${points}\n    ]`;
  });
  return `{\n  ${JSON.stringify(metric.emitted(STREAM))}: {\n${series.join(',\n')}\n  }\n}\n`;
}

function readme(
  history: Array<Array<[number, number]>>,
  stats: Record<ComponentName, ExecutorWindow[]>,
): string {
  const rows = (['split', 'count'] as const)
    .flatMap((name) => stats[name])
    .map((e) => {
      const rate = e.executed / WINDOW_SEC;
      return `| \`${instanceOf(e.executor)}\` | ${e.executed} | ${rate.toFixed(1)} | ${ms3(e.executeLatencyMs)} | ${ms3(e.capacity)} |`;
    })
    .join('\n');
  const spoutRows = stats.sentence
    .map((e, k) => {
      const points = history[k] ?? [];
      const perSec = points.map(([, v]) => v / 60);
      return `| \`${instanceOf(e.executor)}\` | ${Math.min(...perSec).toFixed(1)} | ${Math.max(...perSec).toFixed(1)} | ${e.emitted} | ${(e.emitted / WINDOW_SEC).toFixed(1)} |`;
    })
    .join('\n');
  const at = (sec: number) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  return `# Example Storm snapshot: storm-word-count (SYNTHETIC)

**This data is synthetic.** It was generated by \`scripts/generate-storm-example.ts\` (seeded mulberry32
PRNG, seed ${SEED}); it was not captured from a Storm cluster. Regenerate it with

    npm run example:generate-storm      # or: npx tsx scripts/generate-storm-example.ts

which rewrites this directory identically.

Each file under \`api/\` is the answer a Storm UI (\`/api/v1\`, Storm 2.x) gives, stored under the URL path it
answers, in exactly the UI's field shapes: counts are numbers, latencies (ms) and capacity are strings with
three decimals (\`"4.561"\`), executor ids are task ranges \`[start-end]\`, workers carry \`supervisorId\`, \`host\`,
\`port\`, \`assignedMemOnHeap\`/\`assignedMemOffHeap\` (MB), \`assignedCpu\` (100 = one core) and
\`componentNumTasks\`. \`StormSnapshotSource\` (src/metrics/storm-snapshot-source.ts) reads them through the
live Storm UI client and parsers, with a \`fetch\` that serves this directory.

## Files

    manifest.json                                   what, when, which topology (synthetic: true); its
                                                    topology entry names its history (\`history.json\`)
    history.json                                    the recorder's spout emit counts, 3 hours
    api/v1/topology/summary.json                    GET /api/v1/topology/summary
    api/v1/topology/<id>.json                       GET /api/v1/topology/{id}?window=${WINDOW_SEC}
    api/v1/topology/<id>/component/<name>.json      GET /api/v1/topology/{id}/component/{name}?window=${WINDOW_SEC}
    api/v1/topology/<id>/visualization.json         GET /api/v1/topology/{id}/visualization

where \`<id>\` is \`${TOPOLOGY_ID}\` and \`<name>\` is \`sentence\`, \`split\` or \`count\`.

augur names this Storm cluster \`cluster\` = \`${CLUSTER}\`, \`environ\` = \`${ENVIRON}\` (manifest; Storm has neither).

## Topology

- \`${NAME}\`, id \`${TOPOLOGY_ID}\` (submitted ${at(LAUNCHED_AT_SEC)}, up ${pretty(UPTIME_SEC)} at capture)
- spout \`sentence\`: 2 executors, tasks 1–4 (\`[1-2]\`, \`[3-4]\`)
- bolt \`split\`: 3 executors, tasks 5–10, \`shuffle\` grouping from \`sentence\`; about ${WORDS_PER_SENTENCE} words a sentence
- bolt \`count\`: 4 executors, tasks 11–14 (one task each), \`fields\` grouping on \`word\` from \`split\`; emits
  \`(word, count)\` on \`default\`, which nothing consumes (emitted, never transferred)
- 3 worker slots on 2 supervisors: \`supervisor-1\` (host \`storm-node-1\`, ports 6700 and 6701) and
  \`supervisor-2\` (\`storm-node-2\`, port 6700); each worker ${WORKER_MEM_ON_HEAP_MB} MB on-heap, 0 off-heap, cpu ${WORKER_CPU};
  executors placed round-robin in task order. Storm's system executors (ackers, \`__system\`) are left out, as
  the UI leaves them out without \`sys=true\`; totals count the 9 user executors and 14 tasks.

## Metrics

The UI pages answer the window \`?window=${WINDOW_SEC}\`: the ${WINDOW_SEC / 60} minutes ${at(CAPTURED_AT_SEC - WINDOW_SEC)} – ${at(CAPTURED_AT_SEC)}
(\`capturedAtSec\` = ${CAPTURED_AT_SEC}, the Heron example's capture time). Counts are totals over that window;
every count is a multiple of ${SAMPLE_WEIGHT}, as Storm's sampled stats are (\`topology.stats.sample.rate\` 0.05).

\`history.json\` holds what augur's recorder keeps of a topology: the spouts' \`emitted/default\`, per
executor (\`sentence:[1-2]\`, \`sentence:[3-4]\`), as \`[minute start (Unix s), tuples emitted in that minute]\`,
180 minutes from ${at(START_SEC)} (\`startSec\` = ${START_SEC}) to the capture. Its last ${WINDOW_SEC / 60} minutes add up
to the spout pages' \`emitted\` exactly. (A recorder polling a live UI every minute stores the UI's window
mean per minute at each poll, which is smoother; this example stores the minute counts themselves, so the
traffic models see the minute-to-minute noise.)

How the numbers were made:

- each \`sentence\` executor emits \`rate × 60\` tuples a minute, where rate = \`${RATE_MEAN_PER_SEC} + ${RATE_SWING_PER_SEC}·sin(2π(h − ${RATE_MID_HOUR})/24)\`
  tuples/s (h = UTC hour of day: a daily swell rising through ${RATE_MEAN_PER_SEC}/s at ${RATE_MID_HOUR}:00), times a per-executor factor
  (${SPOUT_FACTORS.join(', ')}) and AR(1) noise (lag-1 correlation ${NOISE_PHI}, ${NOISE_SD * 100} % standard deviation)
- shuffle grouping deals the window's sentences evenly over the \`split\` executors (to within ${SAMPLE_WEIGHT} tuples)
- fields grouping gives the \`count\` executors (by task id) ${COUNT_SHARES.map((s) => `${(s * 100).toFixed(1)} %`).join(', ')} of the words
- execute latencies: \`split\` ≈ ${SPLIT_EXECUTE_MS} ms, \`count\` ≈ ${COUNT_EXECUTE_MS} ms (2–3 % spread between executors); process latency a
  little above; spout complete latency ≈ the M/M/1 sojourn through split and count plus 2.4 ms of transfers
- capacity = executed × execute latency (ms) / (${WINDOW_SEC} s × 1000), Storm's formula, from the unrounded latency;
  a bolt's capacity on the topology page is its busiest executor's
- the topology page's 3-hour totals come from \`history.json\`; its 1-day and all-time totals add the noiseless
  rate curve from submission to the start of the recording

Spout executors (the recorded 3 hours, and the window):

| executor | min tuples/s (a minute) | max tuples/s | emitted in window | tuples/s in window |
|---|---|---|---|---|
${spoutRows}

Bolt executors over the window (what a queueing model's utilisation ρ = λ·S reproduces over the same 10
minutes; test/models/topology/storm-capacity-matches-rho.test.ts checks it):

| executor | executed | tuples/s | executeLatency (ms) | capacity |
|---|---|---|---|---|
${rows}

## Units

| field | unit |
|---|---|
| \`emitted\`, \`transferred\`, \`acked\`, \`failed\`, \`executed\` | tuples over the window (${WINDOW_SEC} s), multiples of ${SAMPLE_WEIGHT} |
| \`executeLatency\`, \`processLatency\`, \`completeLatency\` | milliseconds, string with three decimals |
| \`capacity\` | fraction of the window the executor spent in \`execute()\`, string with three decimals |
| \`assignedMemOnHeap\`, \`assignedMemOffHeap\` | MB |
| \`assignedCpu\` | percent of a core (100 = one core) |
| \`uptimeSeconds\` | seconds |
| \`history.json\` points | \`[Unix s at the minute's start, tuples emitted in that minute]\` |

augur converts at the adapter (\`stormComponentMetrics\`): counts to per-minute counts (\`total × 60 / ${WINDOW_SEC}\`),
latencies to nanoseconds, capacity to the metric \`__storm-capacity\`.
`;
}

async function main(): Promise<void> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = resolve(process.argv[2] ?? join(repoRoot, 'examples/snapshots/storm-word-count'));
  await rm(join(outDir, 'api'), { recursive: true, force: true });

  const history = spoutHistory();
  const stats = windowStats(history);
  const apiDir = join(outDir, 'api/v1/topology');
  const pretty2 = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: Array<[string, string]> = [
    [
      join(apiDir, 'summary.json'),
      pretty2({ topologies: [topologySummaryEntry()], schedulerDisplayResource: true }),
    ],
    [join(apiDir, `${TOPOLOGY_ID}.json`), pretty2(topologyPage(history, stats))],
    [join(apiDir, TOPOLOGY_ID, 'visualization.json'), pretty2(visualization(stats))],
  ];
  for (const name of ['sentence', 'split', 'count'] as const) {
    files.push([
      join(apiDir, TOPOLOGY_ID, 'component', `${name}.json`),
      pretty2(componentPage(name, stats[name])),
    ]);
  }
  files.push([join(outDir, 'history.json'), historyFile(history)]);
  const manifest: StormSnapshotManifest = stormSnapshotManifestSchema.parse({
    formatVersion: STORM_SNAPSHOT_FORMAT_VERSION,
    dsps: 'storm',
    synthetic: true,
    generator: `scripts/generate-storm-example.ts (mulberry32 seed ${SEED})`,
    capturedAtSec: CAPTURED_AT_SEC,
    startSec: START_SEC,
    windowSec: WINDOW_SEC,
    cluster: CLUSTER,
    environ: ENVIRON,
    topologies: [{ id: TOPOLOGY_ID, name: NAME, history: 'history.json' }],
  });
  files.push([join(outDir, STORM_MANIFEST_FILE), pretty2(manifest)]);
  files.push([join(outDir, 'README.md'), readme(history, stats)]);
  for (const [path, text] of files) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  }
  const bytes = files.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0);
  console.log(`Wrote ${files.length} files (${(bytes / 1024).toFixed(0)} KiB) to ${outDir}`);
}

await main();

/**
 * Writes `examples/snapshots/word-count/`: a SYNTHETIC Heron Tracker snapshot of a word-count topology, in
 * exactly the answers a Tornado Heron Tracker gives (envelope `{status, executiontime, message, version,
 * result}`, metric values as strings), so `SnapshotMetricsSource` serves it with the live client's parsers.
 *
 *   npx tsx scripts/generate-example-snapshot.ts [outDir]
 *
 * Deterministic: a seeded mulberry32 PRNG and a fixed capture time; re-running gives identical files.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatInstanceId } from '../src/dsps/heron/instance-id.js';
import { heronMetric } from '../src/dsps/heron/metric-names.js';
import {
  MANIFEST_FILE,
  metricsFile,
  planFile,
  SNAPSHOT_FORMAT_VERSION,
  type SnapshotManifest,
  TOPOLOGIES_FILE,
} from '../src/dsps/heron/snapshot-layout.js';
import { METRICS_TIMELINE_PATHS } from '../src/dsps/heron/tracker-client.js';
import { mulberry32 } from '../src/models/forecasting/seeded-random.js';

const SEED = 20_261_102;
/** 2026-11-02T12:00:00Z: the end of the captured window. */
const CAPTURED_AT_SEC = Date.UTC(2026, 10, 2, 12, 0, 0) / 1000;
const MINUTES = 180;
const START_SEC = CAPTURED_AT_SEC - MINUTES * 60;

const COORDS = {
  cluster: 'local',
  environ: 'default',
  role: 'augur',
  topology: 'WordCountTopology',
} as const;
const STREAM = 'default';
const WORDS_PER_SENTENCE = 7;
/** Share of words each `count` instance receives: a fields grouping on `word` is skewed by word frequency. */
const COUNT_SHARES = [0.31, 0.27, 0.23, 0.19];
/** Minutes (from the window start) left as "nan" or missing, to exercise missing-data handling. */
const NAN_SPLIT_LATENCY_MINUTE = 42;
const NAN_SPOUT_CPU_MINUTE = 120;
const MISSING_MINUTE = 97;

const random = mulberry32(SEED);
/** Standard normal (Box–Muller). */
function normal(): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const round2 = (x: number) => Math.round(x * 100) / 100;
/** A CPU load as the metrics manager writes it: six decimals, clamped to [0, 1]. */
const cpuLoad = (x: number) => String(Number(Math.min(1, Math.max(0, x)).toFixed(6)));

interface Instance {
  id: string;
  component: 'sentence' | 'split' | 'count';
  taskId: number;
  componentIndex: number;
  container: number;
}

// Task ids follow component names alphabetically (count, sentence, split); containers are filled round-robin.
const PARALLELISM = { count: 4, sentence: 3, split: 4 } as const;
const CONTAINERS = 3;
const INSTANCES: Instance[] = [];
{
  let taskId = 1;
  for (const component of ['count', 'sentence', 'split'] as const) {
    for (let componentIndex = 0; componentIndex < PARALLELISM[component]; componentIndex += 1) {
      const container = ((taskId - 1) % CONTAINERS) + 1;
      INSTANCES.push({
        id: formatInstanceId(container, component, taskId),
        component,
        taskId,
        componentIndex,
        container,
      });
      taskId += 1;
    }
  }
}
const instancesOf = (component: Instance['component']) => INSTANCES.filter((i) => i.component === component);

const RESOURCES = {
  sentence: { cpu: 0.5, ram: 512 * 2 ** 20, disk: 2 ** 30 },
  split: { cpu: 0.75, ram: 768 * 2 ** 20, disk: 2 ** 30 },
  count: { cpu: 0.5, ram: 1024 * 2 ** 20, disk: 2 ** 30 },
} as const;
/** Per-container room for the stream manager and metrics manager. */
const PADDING = { cpu: 1, ram: 2 ** 30, disk: 2 ** 30 };

const host = (container: number) => `augur-example-${container}`;
const SHELL_PORT = 61_369;

function envelope(result: unknown): string {
  const body = {
    status: 'success',
    executiontime: Math.round((0.0001 + random() * 0.0004) * 1e7) / 1e7,
    message: '',
    version: '1.0.0',
    result,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function topologyId(): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${COORDS.topology}${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function logicalPlan() {
  return {
    spouts: {
      sentence: { source: 'NA', version: 'NA', type: 'default', outputs: [{ stream_name: STREAM }] },
    },
    bolts: {
      split: {
        outputs: [{ stream_name: STREAM }],
        inputs: [{ stream_name: STREAM, grouping: 'SHUFFLE', component_name: 'sentence' }],
      },
      count: {
        outputs: [],
        inputs: [{ stream_name: STREAM, grouping: 'FIELDS', component_name: 'split' }],
      },
    },
  };
}

function physicalPlan() {
  const ids = (component: Instance['component']) => instancesOf(component).map((i) => i.id);
  const stmgrs: Record<string, unknown> = {};
  for (let container = 1; container <= CONTAINERS; container += 1) {
    const id = `stmgr-${container}`;
    stmgrs[id] = {
      cwd: `/home/augur/.herondata/topologies/local/augur/${COORDS.topology}`,
      host: host(container),
      joburl: `http://${host(container)}:${SHELL_PORT}/browse/`,
      shell_port: SHELL_PORT,
      logfiles: `http://${host(container)}:${SHELL_PORT}/browse/log-files`,
      pid: 4100 + container,
      id,
      instance_ids: INSTANCES.filter((i) => i.container === container).map((i) => i.id),
      port: 61_365 + container,
    };
  }
  return {
    spouts: { sentence: ids('sentence') },
    bolts: { split: ids('split'), count: ids('count') },
    instances: Object.fromEntries(
      INSTANCES.map((i) => [
        i.id,
        {
          stmgrId: `stmgr-${i.container}`,
          logfile: `http://${host(i.container)}:${SHELL_PORT}/file/log-files/${i.id}.log.0`,
          id: i.id,
          name: i.component,
        },
      ]),
    ),
    stmgrs,
    config: {
      'topology.name': COORDS.topology,
      'topology.stmgrs': String(CONTAINERS),
      'topology.reliability.mode': 'ATLEAST_ONCE',
      'topology.message.timeout.secs': '30',
      'topology.max.spout.pending': '10000',
      'topology.component.parallelism': '1',
      'topology.component.cpumap': 'sentence:0.5,split:0.75,count:0.5',
      'topology.component.rammap': Object.entries(RESOURCES)
        .map(([c, r]) => `${c}:${r.ram}`)
        .join(','),
    },
  };
}

function packingPlan(id: string) {
  return {
    id,
    container_plans: Array.from({ length: CONTAINERS }, (_, k) => {
      const container = k + 1;
      const members = INSTANCES.filter((i) => i.container === container);
      const sum = (key: 'cpu' | 'ram' | 'disk') =>
        members.reduce((total, i) => total + RESOURCES[i.component][key], 0) + PADDING[key];
      const required = { cpu: sum('cpu'), ram: sum('ram'), disk: sum('disk') };
      return {
        id: container,
        instances: members.map((i) => ({
          component_name: i.component,
          task_id: i.taskId,
          component_index: i.componentIndex,
          instance_resources: { ...RESOURCES[i.component] },
        })),
        required_resources: required,
        scheduled_resources: required,
      };
    }),
  };
}

type Timeline = Record<string, Record<string, Record<string, string>>>;

/** Spout tuples per second per instance: a daily cycle (peak 14:00 UTC) of 100–200 tuples/s. */
function spoutRatePerSec(tsSec: number): number {
  const hourOfDay = (tsSec % 86_400) / 3600;
  return 150 + 50 * Math.sin((2 * Math.PI * (hourOfDay - 8)) / 24);
}

function generateMetrics(): Record<Instance['component'], Timeline> {
  const timelines: Record<Instance['component'], Timeline> = { sentence: {}, split: {}, count: {} };
  const put = (
    component: Instance['component'],
    metric: string,
    instance: string,
    ts: number,
    value: string,
  ) => {
    const byInstance = timelines[component][metric] ?? {};
    timelines[component][metric] = byInstance;
    const points = byInstance[instance] ?? {};
    byInstance[instance] = points;
    points[String(ts)] = value;
  };
  const spouts = instancesOf('sentence');
  const splits = instancesOf('split');
  const counts = instancesOf('count');
  const spoutFactor = [0.96, 1.0, 1.04];
  const missing = splits[splits.length - 1]?.id;
  const nanLatency = splits[0]?.id;
  const nanCpu = spouts[spouts.length - 1]?.id;

  for (let minute = 0; minute < MINUTES; minute += 1) {
    const ts = START_SEC + minute * 60;
    const ratePerSec = spoutRatePerSec(ts);
    const load = ratePerSec / 200;

    let sentences = 0;
    spouts.forEach((spout, k) => {
      const emitted = Math.round(ratePerSec * (spoutFactor[k] ?? 1) * (1 + 0.03 * normal()) * 60);
      const failed = random() < 0.05 ? 1 + Math.floor(random() * 3) : 0;
      sentences += emitted;
      put('sentence', heronMetric.emitCount(STREAM), spout.id, ts, String(emitted));
      put('sentence', heronMetric.spoutAckCount(STREAM), spout.id, ts, String(emitted - failed));
      put('sentence', heronMetric.spoutFailCount(STREAM), spout.id, ts, String(failed));
      const cpu = 0.04 + 0.12 * load + 0.01 * normal();
      const cpuText = spout.id === nanCpu && minute === NAN_SPOUT_CPU_MINUTE ? 'nan' : cpuLoad(cpu);
      put('sentence', heronMetric.jvmProcessCpuLoad, spout.id, ts, cpuText);
    });

    let words = 0;
    for (const split of splits) {
      const executed = Math.round((sentences / splits.length) * (1 + 0.01 * normal()));
      const emitted = Math.round(executed * WORDS_PER_SENTENCE * (1 + 0.01 * normal()));
      words += emitted;
      if (split.id === missing && minute === MISSING_MINUTE) continue;
      const latencyNs = 38_000 * (1 + 0.25 * load) * (1 + 0.05 * normal());
      const latencyText =
        split.id === nanLatency && minute === NAN_SPLIT_LATENCY_MINUTE ? 'nan' : String(round2(latencyNs));
      put('split', heronMetric.emitCount(STREAM), split.id, ts, String(emitted));
      put('split', heronMetric.executeCount('sentence', STREAM), split.id, ts, String(executed));
      put('split', heronMetric.executeLatencyNs('sentence', STREAM), split.id, ts, latencyText);
      put('split', heronMetric.boltAckCount('sentence', STREAM), split.id, ts, String(executed));
      put('split', heronMetric.boltFailCount('sentence', STREAM), split.id, ts, '0');
      const cpu = 0.06 + 0.3 * load + 0.015 * normal();
      put('split', heronMetric.jvmProcessCpuLoad, split.id, ts, cpuLoad(cpu));
    }

    counts.forEach((count, k) => {
      const share = COUNT_SHARES[k] ?? 1 / counts.length;
      const executed = Math.round(words * share * (1 + 0.005 * normal()));
      const latencyNs = 12_500 * (1 + 0.4 * share * counts.length * load) * (1 + 0.05 * normal());
      put('count', heronMetric.executeCount('split', STREAM), count.id, ts, String(executed));
      put('count', heronMetric.executeLatencyNs('split', STREAM), count.id, ts, String(round2(latencyNs)));
      put('count', heronMetric.boltAckCount('split', STREAM), count.id, ts, String(executed));
      put('count', heronMetric.boltFailCount('split', STREAM), count.id, ts, '0');
      const cpu = 0.05 + 0.45 * share * counts.length * load * 0.5 + 0.015 * normal();
      put('count', heronMetric.jvmProcessCpuLoad, count.id, ts, cpuLoad(cpu));
    });
  }
  return timelines;
}

const README = `# Example snapshot: WordCountTopology (SYNTHETIC)

**This data is synthetic.** It was generated by \`scripts/generate-example-snapshot.ts\` (seeded mulberry32
PRNG, seed ${SEED}); it was not captured from a running topology. Regenerate it with

    npx tsx scripts/generate-example-snapshot.ts

which rewrites this directory identically.

It is laid out and formatted exactly like a snapshot \`augur\` captures from a live Heron Tracker
(\`writeSnapshot\`): each file is the answer a Tornado Heron Tracker gives (envelope \`{status, executiontime,
message, version, result}\`, metric values as strings, \`"nan"\` for a missing value), so the snapshot metrics
source reads it with the same parsers as the live Tracker client.

## Topology

- coordinates: cluster \`local\`, environ \`default\`, role \`augur\`, topology \`WordCountTopology\`
- spout \`sentence\` (3 instances) → bolt \`split\` (4 instances, SHUFFLE grouping) → bolt \`count\`
  (4 instances, FIELDS grouping on \`word\`); all on stream \`default\`; \`count\` emits nothing
- 3 containers (\`container_1\` … \`container_3\`), one stream manager each (\`stmgr-1\` … \`stmgr-3\`); instance ids
  \`container_<n>_<component>_<task id>\`, task ids 1–11
- packing plan: per-instance CPU (cores), RAM and disk (bytes); container requirements add 1 core, 1 GiB RAM and
  1 GiB disk of padding

## Metrics

180 per-minute buckets, 2026-11-02T09:00:00Z to 11:59:00Z (bucket start times, Unix seconds). The snapshot
was "captured" at \`capturedAtSec\` = ${CAPTURED_AT_SEC} (2026-11-02T12:00:00Z), the end of the window.

| metric | components | unit |
|---|---|---|
| \`__emit-count/default\` | sentence, split | tuples emitted in the minute |
| \`__ack-count/default\`, \`__fail-count/default\` | sentence | tuple trees acked / failed in the minute |
| \`__execute-count/<source>/default\` | split (source \`sentence\`), count (source \`split\`) | tuples executed in the minute |
| \`__execute-latency/<source>/default\` | split, count | mean time in \`execute()\`, **nanoseconds** |
| \`__ack-count/<source>/default\`, \`__fail-count/<source>/default\` | split, count | tuples acked / failed in the minute |
| \`__jvm-process-cpu-load\` | all | fraction of a core, 0–1 |

How the numbers were made:

- each \`sentence\` instance emits \`rate × 60\` tuples a minute, where the rate follows a daily cycle
  \`150 + 50·sin(2π(h − 8)/24)\` tuples/s (h = UTC hour of day; 100–200 tuples/s, peak at 14:00), times a
  per-instance factor (0.96, 1.00, 1.04) and 3 % Gaussian noise; about 5 % of minutes fail 1–3 tuples
- shuffle grouping splits the sentences evenly over the \`split\` instances (1 % noise); each sentence gives
  about ${WORDS_PER_SENTENCE} words
- fields grouping on \`word\` gives the \`count\` instances (by task id) 31 %, 27 %, 23 % and 19 % of the words
- latencies and CPU load grow with the traffic

Missing data, on purpose:

- \`__execute-latency/sentence/default\` of \`${instancesOf('split')[0]?.id}\` is \`"nan"\` at minute ${NAN_SPLIT_LATENCY_MINUTE}
- \`__jvm-process-cpu-load\` of \`${instancesOf('sentence').at(-1)?.id}\` is \`"nan"\` at minute ${NAN_SPOUT_CPU_MINUTE}
- \`${instancesOf('split').at(-1)?.id}\` reported nothing for minute ${MISSING_MINUTE} (every metric leaves that bucket out)

Spout \`__emit-count/default\` series are complete: 180 points per instance.

## Files

    manifest.json                                         what, when, from where
    topologies.json                                       GET /topologies
    local/default/WordCountTopology/logicalplan.json      GET /topologies/logicalplan
    local/default/WordCountTopology/physicalplan.json     GET /topologies/physicalplan
    local/default/WordCountTopology/packingplan.json      GET /topologies/packingplan
    local/default/WordCountTopology/metrics/<component>.json  GET /topologies/metricstimeline
`;

async function main(): Promise<void> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = resolve(process.argv[2] ?? join(repoRoot, 'examples/snapshots/word-count'));
  await rm(join(outDir, COORDS.cluster), { recursive: true, force: true });

  const id = topologyId();
  const files: Array<[string, string]> = [
    [join(outDir, TOPOLOGIES_FILE), envelope({ local: { augur: { default: [COORDS.topology] } } })],
    [planFile(outDir, COORDS, 'logicalplan'), envelope(logicalPlan())],
    [planFile(outDir, COORDS, 'physicalplan'), envelope(physicalPlan())],
    [planFile(outDir, COORDS, 'packingplan'), envelope(packingPlan(id))],
  ];
  const timelines = generateMetrics();
  for (const [component, timeline] of Object.entries(timelines)) {
    const result = { component, starttime: START_SEC, endtime: CAPTURED_AT_SEC, timeline };
    files.push([metricsFile(outDir, COORDS, component), envelope(result)]);
  }
  const manifest: SnapshotManifest = {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    capturedAtSec: CAPTURED_AT_SEC,
    startSec: START_SEC,
    trackerUrl: 'synthetic:scripts/generate-example-snapshot.ts',
    synthetic: true,
    generator: `scripts/generate-example-snapshot.ts (mulberry32 seed ${SEED})`,
    topologies: [
      {
        ...COORDS,
        capturedAtSec: CAPTURED_AT_SEC,
        startSec: START_SEC,
        hasPackingPlan: true,
        components: Object.keys(timelines).sort(),
        metricsTimelinePath: METRICS_TIMELINE_PATHS.legacy,
      },
    ],
  };
  files.push([join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`]);
  files.push([join(outDir, 'README.md'), README]);
  for (const [path, text] of files) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  }
  const bytes = files.reduce((total, [, text]) => total + Buffer.byteLength(text), 0);
  console.log(`Wrote ${files.length} files (${(bytes / 1024).toFixed(0)} KiB) to ${outDir}`);
}

await main();

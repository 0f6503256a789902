/**
 * A fake Storm UI for tests: a real HTTP server (node:http, port 0) answering the `/api/v1` routes augur uses
 * exactly as the Storm UI does, from the real samples in `test/fixtures/storm-ui/` (Apache Storm) plus a
 * SYNTHETIC word-count topology with several executors per component ({@link syntheticWordCount}).
 *
 * @example
 * ```ts
 * const ui = await startFakeStormUi();
 * try {
 *   const source = new StormUiMetricsSource({ url: ui.url, retries: 0 });
 *   await source.getStructure({ dsps: 'storm', cluster: 'storm', environ: 'default', topology: 'synthetic-word-count' });
 *   ui.failNext(2);                 // the next two requests answer 503
 *   ui.notFoundStyle = 'storm1';    // unknown topologies answer 500 NotAliveException, as Storm 1.x does
 * } finally {
 *   await ui.close();
 * }
 * ```
 *
 * Routes: `/api/v1/topology/summary`, `/api/v1/topology/{id}`, `/api/v1/topology/{id}/component/{component}`,
 * `/api/v1/topology/{id}/visualization`. The `window` parameter is recorded, not applied: each page is served
 * as stored.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '../fixtures/storm-ui');

/** One topology the fake serves, as raw Storm UI answers. */
export interface FakeStormTopology {
  /** One entry of `/api/v1/topology/summary`'s `topologies`. */
  summary: Record<string, unknown>;
  /** `/api/v1/topology/{id}`; without it the topology routes answer "not found" (the samples stop there). */
  page?: Record<string, unknown>;
  /** component id → `/api/v1/topology/{id}/component/{component}`. */
  components: Record<string, Record<string, unknown>>;
  /** `/api/v1/topology/{id}/visualization`; without it the route answers 404, as before Storm 1.0. */
  visualization?: Record<string, unknown>;
}

/**
 * How an unknown topology or component is answered: `storm2` 404 `{"error", "errorMessage"}`; `storm1` HTTP
 * 500 with the `NotAliveException` in `errorMessage`.
 */
export type StormNotFoundStyle = 'storm1' | 'storm2';

export interface FakeStormUiRequest {
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface FakeStormUi {
  readonly url: string;
  readonly requests: FakeStormUiRequest[];
  notFoundStyle: StormNotFoundStyle;
  /** The next `count` requests answer `status` (default 503) with an HTML error page. */
  failNext(count: number, status?: number): void;
  /** The next `count` requests answer exactly this body with HTTP 200. */
  respondNext(count: number, body: string): void;
  close(): Promise<void>;
}

export interface FakeStormUiOptions {
  /** @defaultValue the real samples and the synthetic word count */
  topologies?: FakeStormTopology[];
}

const readJson = (file: string) =>
  JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>;

/**
 * The real Apache Storm samples: the summary lists `word-count` and `kafka-ingest`; only `word-count` has a
 * topology page, and only its `split` bolt a component page (the samples stop there).
 */
export function realSampleTopologies(): FakeStormTopology[] {
  const summary = readJson('topology-summary.json').topologies as Array<Record<string, unknown>>;
  const page = readJson('topology-detail.json');
  const split = readJson('component-detail.json');
  return summary.map(
    (s): FakeStormTopology =>
      s.id === page.id ? { summary: s, page, components: { split } } : { summary: s, components: {} },
  );
}

export const SYNTHETIC_WORD_COUNT_ID = 'synthetic-word-count-7-1700000000';
export const SYNTHETIC_WINDOW_SEC = 600;

/**
 * SYNTHETIC (not captured from Storm): `synthetic-word-count`, sentence (2 executors, tasks 1–4) →shuffle→
 * split (3 executors, tasks 5–10) →fields(word)→ count (4 executors, tasks 11–14), on three worker slots
 * (`supervisor-a:6700`, `supervisor-a:6701`, `supervisor-b:6700`). Over the 600 s window each sentence
 * executor emits 90 000 tuples (150/s), split emits 5 words per sentence; executors are placed round-robin.
 */
export function syntheticWordCount(): FakeStormTopology {
  const windowSec = SYNTHETIC_WINDOW_SEC;
  const slots = [
    { host: 'host-a', port: 6700, supervisorId: 'supervisor-a' },
    { host: 'host-a', port: 6701, supervisorId: 'supervisor-a' },
    { host: 'host-b', port: 6700, supervisorId: 'supervisor-b' },
  ];
  const spec = [
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
      latencyMs: 0.05,
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
      latencyMs: 0.02,
    },
  ] as const;
  const sentences = 2 * 90_000;
  const words = sentences * 5;
  const totals: Record<string, { executed: number; emitted: number }> = {
    sentence: { executed: 0, emitted: sentences },
    split: { executed: sentences, emitted: words },
    count: { executed: words, emitted: words },
  };
  const ms = (v: number) => v.toFixed(3);
  let slot = 0;
  const perWorker = slots.map(() => ({ executors: 0, tasks: {} as Record<string, number> }));
  const components: Record<string, Record<string, unknown>> = {};
  const spouts: unknown[] = [];
  const bolts: unknown[] = [];
  for (const c of spec) {
    const total = totals[c.name] as { executed: number; emitted: number };
    const n = c.ranges.length;
    const tasks = c.ranges.reduce((a, [s, e]) => a + e - s + 1, 0);
    const latency = 'latencyMs' in c ? c.latencyMs : 0;
    const executedEach = total.executed / n;
    const capacity = (executedEach * latency) / (windowSec * 1000);
    const executorStats = c.ranges.map(([start, end]) => {
      const where = slots[slot % slots.length] as (typeof slots)[number];
      const worker = perWorker[slot % slots.length] as (typeof perWorker)[number];
      slot += 1;
      worker.executors += 1;
      worker.tasks[c.name] = (worker.tasks[c.name] ?? 0) + end - start + 1;
      const base = {
        id: `[${start}-${end}]`,
        encodedId: encodeURIComponent(`[${start}-${end}]`),
        uptime: '1h 0m 0s',
        uptimeSeconds: 3600,
        host: where.host,
        port: where.port,
        emitted: total.emitted / n,
        transferred: c.name === 'count' ? 0 : total.emitted / n,
        acked: c.kind === 'spout' ? total.emitted / n : executedEach,
        failed: 0,
        workerLogLink: `http://${where.host}:8000/log?file=worker.log`,
      };
      return c.kind === 'spout'
        ? { ...base, completeLatency: '3.500' }
        : {
            ...base,
            capacity: ms(capacity),
            executeLatency: ms(latency),
            executed: executedEach,
            processLatency: ms(latency * 0.8),
          };
    });
    const common = {
      executors: n,
      tasks,
      emitted: total.emitted,
      transferred: c.name === 'count' ? 0 : total.emitted,
      acked: c.kind === 'spout' ? total.emitted : total.executed,
      failed: 0,
      errorHost: '',
      errorPort: '',
      errorWorkerLogLink: '',
      errorLapsedSecs: null,
      lastError: '',
    };
    const source = c.name === 'split' ? 'sentence' : 'split';
    if (c.kind === 'spout') {
      spouts.push({ spoutId: c.name, encodedSpoutId: c.name, ...common, completeLatency: '3.500' });
    } else {
      bolts.push({
        boltId: c.name,
        encodedBoltId: c.name,
        ...common,
        capacity: ms(capacity),
        executeLatency: ms(latency),
        executed: total.executed,
        processLatency: ms(latency * 0.8),
      });
    }
    components[c.name] = {
      id: c.name,
      encodedId: c.name,
      topologyId: SYNTHETIC_WORD_COUNT_ID,
      encodedTopologyId: SYNTHETIC_WORD_COUNT_ID,
      name: c.name,
      componentType: c.kind,
      topologyStatus: 'ACTIVE',
      executors: n,
      tasks,
      window: String(windowSec),
      windowHint: '10m 0s',
      debug: false,
      samplingPct: 10,
      eventLoggerCount: 0,
      ...(c.kind === 'spout'
        ? {
            spoutSummary: [
              { windowPretty: '10m 0s', window: String(windowSec), ...common, completeLatency: '3.500' },
            ],
            outputStats: [
              {
                stream: 'default',
                emitted: total.emitted,
                transferred: total.emitted,
                completeLatency: '3.500',
                acked: total.emitted,
                failed: 0,
              },
            ],
          }
        : {
            boltStats: [
              {
                windowPretty: '10m 0s',
                window: String(windowSec),
                ...common,
                executeLatency: ms(latency),
                executed: total.executed,
                capacity: ms(capacity),
              },
            ],
            inputStats: [
              {
                component: source,
                encodedComponent: source,
                stream: 'default',
                executeLatency: ms(latency),
                processLatency: ms(latency * 0.8),
                executed: total.executed,
                acked: total.executed,
                failed: 0,
              },
              // A system stream, as the UI lists with ?sys=true: augur leaves it out.
              {
                component: '__system',
                encodedComponent: '__system',
                stream: '__tick',
                executeLatency: '0.000',
                processLatency: '0.000',
                executed: 0,
                acked: 0,
                failed: 0,
              },
            ],
            outputStats: [
              {
                stream: 'default',
                emitted: total.emitted,
                transferred: c.name === 'count' ? 0 : total.emitted,
              },
            ],
          }),
      executorStats,
      componentErrors: [],
    };
  }
  const workers = slots.map((s, i) => ({
    ...s,
    topologyId: SYNTHETIC_WORD_COUNT_ID,
    topologyName: 'synthetic-word-count',
    owner: 'augur',
    uptime: '1h 0m 0s',
    uptimeSeconds: 3600,
    executorsTotal: perWorker[i]?.executors ?? 0,
    assignedMemOnHeap: 768.0,
    assignedMemOffHeap: 0.0,
    assignedCpu: 100.0,
    workerLogLink: `http://${s.host}:8000/log?file=worker.log`,
    componentNumTasks: perWorker[i]?.tasks ?? {},
  }));
  const summary = {
    id: SYNTHETIC_WORD_COUNT_ID,
    encodedId: SYNTHETIC_WORD_COUNT_ID,
    name: 'synthetic-word-count',
    status: 'ACTIVE',
    uptime: '1h 0m 0s',
    uptimeSeconds: 3600,
    tasksTotal: 14,
    workersTotal: 3,
    executorsTotal: 9,
    replicationCount: 1,
    owner: 'augur',
    schedulerInfo: '',
  };
  return {
    summary,
    page: {
      ...summary,
      msgTimeout: 30,
      window: String(windowSec),
      windowHint: '10m 0s',
      debug: false,
      samplingPct: 10,
      topologyStats: [
        {
          windowPretty: '10m 0s',
          window: String(windowSec),
          emitted: sentences + 2 * words,
          transferred: sentences + words,
          completeLatency: '3.500',
          acked: sentences,
          failed: 0,
        },
      ],
      spouts,
      bolts,
      configuration: { 'topology.workers': 3 },
      workers,
    },
    components,
    visualization: {
      sentence: { ':type': 'spout', ':capacity': 0, ':latency': '3.500', ':inputs': [] },
      split: {
        ':type': 'bolt',
        ':inputs': [
          { ':component': 'sentence', ':stream': 'default', ':sani-stream': 's1', ':grouping': 'shuffle' },
        ],
      },
      count: {
        ':type': 'bolt',
        ':inputs': [
          { ':component': 'split', ':stream': 'default', ':sani-stream': 's2', ':grouping': 'fields' },
        ],
      },
    },
  };
}

/** Starts a fake Storm UI on 127.0.0.1, on a free port. Always `close()` it. */
export async function startFakeStormUi(options: FakeStormUiOptions = {}): Promise<FakeStormUi> {
  const topologies = options.topologies ?? [...realSampleTopologies(), syntheticWordCount()];
  const byId = new Map(topologies.map((t) => [String(t.summary.id), t]));
  const requests: FakeStormUiRequest[] = [];
  const failures: number[] = [];
  const canned: string[] = [];
  let notFoundStyle: StormNotFoundStyle = 'storm2';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: FakeStormUiRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    requests.push(record);
    const send = (status: number, body: unknown, contentType = 'application/json') => {
      record.status = status;
      res.writeHead(status, { 'content-type': contentType });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const failStatus = failures.shift();
    if (failStatus !== undefined)
      return send(failStatus, '<html><body>Unavailable</body></html>', 'text/html');
    const cannedBody = canned.shift();
    if (cannedBody !== undefined) return send(200, cannedBody);
    const notFound = (what: string) =>
      notFoundStyle === 'storm2'
        ? send(404, { error: 'Not Found', errorMessage: `${what} not found` })
        : send(500, {
            error: 'Internal Server Error',
            errorMessage: `org.apache.storm.generated.NotAliveException: ${what}\n\tat org.apache.storm...`,
          });

    const path = url.pathname.split('/').map(decodeURIComponent);
    // ['', 'api', 'v1', 'topology', id, ('component', name) | 'visualization']
    if (url.pathname === '/api/v1/topology/summary') {
      return send(200, { topologies: topologies.map((t) => t.summary), schedulerDisplayResource: true });
    }
    if (path[1] !== 'api' || path[2] !== 'v1' || path[3] !== 'topology' || !path[4]) {
      return send(404, '<html><body>Not Found</body></html>', 'text/html');
    }
    const topology = byId.get(path[4]);
    if (!topology?.page) return notFound(path[4]);
    if (path.length === 5) return send(200, topology.page);
    if (path.length === 6 && path[5] === 'visualization') {
      return topology.visualization
        ? send(200, topology.visualization)
        : send(404, '<html><body>Not Found</body></html>', 'text/html');
    }
    if (path.length === 7 && path[5] === 'component') {
      const component = topology.components[path[6] ?? ''];
      return component ? send(200, component) : notFound(`${path[4]}/${path[6]}`);
    }
    return send(404, '<html><body>Not Found</body></html>', 'text/html');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get notFoundStyle() {
      return notFoundStyle;
    },
    set notFoundStyle(style: StormNotFoundStyle) {
      notFoundStyle = style;
    },
    failNext(count, status = 503) {
      for (let i = 0; i < count; i += 1) failures.push(status);
    },
    respondNext(count, body) {
      for (let i = 0; i < count; i += 1) canned.push(body);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

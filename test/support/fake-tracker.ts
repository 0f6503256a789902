/**
 * A fake Heron Tracker for tests: a real HTTP server (node:http, port 0) that answers the Tracker routes
 * augur uses, from a snapshot directory or from raw Tracker answers, in any of the three answer styles.
 *
 * @example
 * ```ts
 * const tracker = await startFakeTracker({ snapshotDir: 'examples/snapshots/word-count' });
 * try {
 *   const source = new TrackerMetricsSource({ url: tracker.url, retries: 0 });
 *   await source.getStructure({ dsps: 'heron', cluster: 'local', environ: 'default', topology: 'WordCountTopology' });
 *   tracker.failNext(2);              // the next two requests answer 503
 *   tracker.style = 'bare';           // answer like a FastAPI Tracker from now on
 *   tracker.topologyMissing = true;   // every topology is now unknown
 *   expect(tracker.requests.map((r) => r.path)).toContain('/topologies/logicalplan');
 * } finally {
 *   await tracker.close();
 * }
 * ```
 *
 * Routes: `/topologies`, `/topologies/{logicalplan,physicalplan,packingplan}`, `/topologies/metricstimeline`
 * and `/topologies/metrics/timeline` (see `metricsTimelineRoutes`). Metrics timelines are filtered like the
 * TManager does: by `metricname` (repeatable; all when absent), `instance` (repeatable) and
 * `starttime <= t <= endtime`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  MANIFEST_FILE,
  metricsFile,
  planFile,
  snapshotManifestSchema,
} from '../../src/dsps/heron/snapshot-layout.js';
import { parseTrackerJson, unwrapTrackerResponse } from '../../src/dsps/heron/tracker-envelope.js';

/**
 * How the fake answers:
 * - `envelope`: a Tornado Tracker: `{status, executiontime, message, result, version}`, `stmgrId`, metric values
 *   as strings, unknown topology → HTTP 404 failure envelope, unknown route → 404 HTML.
 * - `stringified-packing-plan`: as `envelope`, but `/topologies/packingplan`'s `result` is the plan as a
 *   JSON string (Heron 0.19–0.20.1).
 * - `bare`: a FastAPI Tracker (Heron ≥ 0.20.5): bare results, `stmgr_id`, float metric values (non-numeric
 *   values such as `"nan"` are left out, since Python cannot send NaN as JSON), unknown topology → HTTP 500
 *   `"request failed: 'Topology not found for …'"`, unknown route → 404 `{"detail": "Not Found"}`.
 */
export type TrackerStyle = 'envelope' | 'stringified-packing-plan' | 'bare';

/** A metrics timeline route: `legacy` = `/topologies/metricstimeline`, `current` = `/topologies/metrics/timeline`. */
export type FakeTimelineRoute = 'legacy' | 'current';

/** One topology the fake knows, as raw Tracker answers in any style (they are unwrapped and re-styled). */
export interface FakeTopology {
  cluster: string;
  environ: string;
  role?: string;
  topology: string;
  logicalPlan: unknown;
  physicalPlan: unknown;
  /** Without it, `/topologies/packingplan` answers an empty plan, as a Tracker does. */
  packingPlan?: unknown;
  /** component → a raw metrics timeline answer holding every metric and instance of the component. */
  metrics?: Record<string, unknown>;
}

export interface FakeTrackerOptions {
  /** Serve this snapshot directory (as written by `writeSnapshot` or the example generator). */
  snapshotDir?: string;
  /** Serve these topologies (added to the snapshot's, if both are given). */
  topologies?: FakeTopology[];
  /** @defaultValue 'envelope' */
  style?: TrackerStyle;
  /** Delay before every answer, ms. @defaultValue 0 */
  delayMs?: number;
  /** Routes that serve metrics timelines; the others answer 404. @defaultValue both */
  metricsTimelineRoutes?: FakeTimelineRoute[];
}

/** One request the fake received, in arrival order. */
export interface FakeTrackerRequest {
  method: string;
  /** Path without the query, e.g. `/topologies/logicalplan`. */
  path: string;
  /** Query parameters; repeated ones (metricname, instance) keep every value. */
  query: Record<string, string[]>;
  /** HTTP status answered (0 when the fake closed before answering). */
  status: number;
}

/** A canned answer, used by {@link FakeTracker.respondNext}. */
export interface FakeResponse {
  status: number;
  body: string;
  contentType?: string;
}

export interface FakeTracker {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request received, in order. Clear with `requests.length = 0`. */
  readonly requests: FakeTrackerRequest[];
  /** Answer style; may be changed at any time. */
  style: TrackerStyle;
  /** Delay before every answer, ms; may be changed at any time. */
  delayMs: number;
  /** When true, every topology route answers "topology not found" (404 envelope, or 500 for `bare`). */
  topologyMissing: boolean;
  /** Routes that serve metrics timelines; may be changed at any time. */
  metricsTimelineRoutes: FakeTimelineRoute[];
  /** The next `count` requests answer `status` (default 503) with an error page, before any delay. */
  failNext(count: number, status?: number): void;
  /** The next `count` requests answer exactly `response` (e.g. a garbage body), after the delay. */
  respondNext(count: number, response: FakeResponse): void;
  /** Stops listening and drops open connections (pending delayed answers are abandoned). */
  close(): Promise<void>;
}

interface Topology {
  cluster: string;
  environ: string;
  role?: string;
  topology: string;
  logicalPlan: Record<string, unknown>;
  physicalPlan: Record<string, unknown>;
  packingPlan?: Record<string, unknown>;
  /** component → metric → instance → ts → value as stored. */
  metrics: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
}

/** Reads a snapshot directory into fake topologies (raw answers, as stored). */
export async function loadSnapshotTopologies(dir: string): Promise<FakeTopology[]> {
  const manifest = snapshotManifestSchema.parse(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')));
  const readJson = async (path: string) => parseTrackerJson(await readFile(path, 'utf8'), path);
  const out: FakeTopology[] = [];
  for (const entry of manifest.topologies) {
    const metrics: Record<string, unknown> = {};
    for (const component of entry.components)
      metrics[component] = await readJson(metricsFile(dir, entry, component));
    out.push({
      cluster: entry.cluster,
      environ: entry.environ,
      ...(entry.role ? { role: entry.role } : {}),
      topology: entry.topology,
      logicalPlan: await readJson(planFile(dir, entry, 'logicalplan')),
      physicalPlan: await readJson(planFile(dir, entry, 'physicalplan')),
      ...(entry.hasPackingPlan ? { packingPlan: await readJson(planFile(dir, entry, 'packingplan')) } : {}),
      metrics,
    });
  }
  return out;
}

/** Starts a fake Tracker on 127.0.0.1, on a free port. Always `close()` it. */
export async function startFakeTracker(options: FakeTrackerOptions = {}): Promise<FakeTracker> {
  const raw = [
    ...(options.snapshotDir ? await loadSnapshotTopologies(options.snapshotDir) : []),
    ...(options.topologies ?? []),
  ];
  const topologies = raw.map(normalise);
  const closing = new AbortController();
  const failures: Array<{ status: number }> = [];
  const canned: FakeResponse[] = [];

  const state = {
    style: options.style ?? ('envelope' as TrackerStyle),
    delayMs: options.delayMs ?? 0,
    topologyMissing: false,
    metricsTimelineRoutes: options.metricsTimelineRoutes ?? (['legacy', 'current'] as FakeTimelineRoute[]),
  };
  const requests: FakeTrackerRequest[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) entry(query, key, () => []).push(value);
    const record: FakeTrackerRequest = { method: req.method ?? 'GET', path: url.pathname, query, status: 0 };
    requests.push(record);
    void handle(req, res, record).catch(() => res.destroy());
  });

  async function handle(
    _req: IncomingMessage,
    res: ServerResponse,
    record: FakeTrackerRequest,
  ): Promise<void> {
    const failure = failures.shift();
    if (failure)
      return send(res, record, { status: failure.status, ...errorPage(failure.status, state.style) });
    if (state.delayMs > 0) {
      try {
        await sleep(state.delayMs, undefined, { signal: closing.signal });
      } catch {
        res.destroy();
        return;
      }
    }
    const cannedResponse = canned.shift();
    if (cannedResponse) return send(res, record, cannedResponse);
    send(res, record, route(record, topologies, state));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const tracker: FakeTracker = {
    url: `http://127.0.0.1:${port}`,
    requests,
    get style() {
      return state.style;
    },
    set style(style: TrackerStyle) {
      state.style = style;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get topologyMissing() {
      return state.topologyMissing;
    },
    set topologyMissing(missing: boolean) {
      state.topologyMissing = missing;
    },
    get metricsTimelineRoutes() {
      return state.metricsTimelineRoutes;
    },
    set metricsTimelineRoutes(routes: FakeTimelineRoute[]) {
      state.metricsTimelineRoutes = routes;
    },
    failNext(count, status = 503) {
      for (let i = 0; i < count; i += 1) failures.push({ status });
    },
    respondNext(count, response) {
      for (let i = 0; i < count; i += 1) canned.push(response);
    },
    close() {
      closing.abort();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return tracker;
}

function send(res: ServerResponse, record: FakeTrackerRequest, response: FakeResponse): void {
  record.status = response.status;
  res.writeHead(response.status, { 'content-type': response.contentType ?? 'application/json' });
  res.end(response.body);
}

type State = { style: TrackerStyle; topologyMissing: boolean; metricsTimelineRoutes: FakeTimelineRoute[] };

function route(record: FakeTrackerRequest, topologies: Topology[], state: State): FakeResponse {
  const { style } = state;
  const one = (key: string) => record.query[key]?.[0];
  const path = record.path.replace(/\/+$/, '');
  if (path === '/topologies') return success(style, listing(topologies));

  const plan = /^\/topologies\/(logicalplan|physicalplan|packingplan)$/.exec(path)?.[1];
  const timelineRoute: FakeTimelineRoute | undefined =
    path === '/topologies/metricstimeline'
      ? 'legacy'
      : path === '/topologies/metrics/timeline'
        ? 'current'
        : undefined;
  if (!plan && !(timelineRoute && state.metricsTimelineRoutes.includes(timelineRoute)))
    return notFoundRoute(style);

  const [cluster, environ, name, role] = [one('cluster'), one('environ'), one('topology'), one('role')];
  if (!cluster || !environ || !name)
    return failure(style, 400, 'Missing argument cluster, environ or topology');
  const topology = state.topologyMissing
    ? undefined
    : topologies.find(
        (t) =>
          t.cluster === cluster &&
          t.environ === environ &&
          t.topology === name &&
          (!role || !t.role || t.role === role),
      );
  if (!topology) {
    const who = role ? `${cluster}, ${role}, ${environ}, ${name}` : `${cluster}, ${environ}, ${name}`;
    return style === 'bare'
      ? { status: 500, body: JSON.stringify(`request failed: 'Topology not found for ${who}'`) }
      : failure(style, 404, `Topology not found for ${who}`);
  }

  if (plan === 'logicalplan')
    return success(style, style === 'bare' ? bareLogicalPlan(topology.logicalPlan) : topology.logicalPlan);
  if (plan === 'physicalplan') return success(style, stylePhysicalPlan(topology.physicalPlan, style));
  if (plan === 'packingplan') {
    const packing = topology.packingPlan ?? { id: '', container_plans: [] };
    return success(style, style === 'stringified-packing-plan' ? JSON.stringify(packing) : packing);
  }

  const component = one('component');
  const [start, end] = [Number(one('starttime')), Number(one('endtime'))];
  if (!component || !Number.isInteger(start) || !Number.isInteger(end)) {
    return failure(style, 400, 'Missing argument component, starttime or endtime');
  }
  if (start > end) return failure(style, 400, 'starttime is greater than endtime.');
  const names = record.query.metricname;
  if (style !== 'bare' && !names?.length) return failure(style, 400, 'Missing argument metricname');
  const instances = record.query.instance;
  const timeline: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [metric, byInstance] of Object.entries(topology.metrics[component] ?? {})) {
    if (names?.length && !names.includes(metric)) continue;
    for (const [instance, byTime] of Object.entries(byInstance)) {
      if (instances?.length && !instances.includes(instance)) continue;
      const points: Record<string, unknown> = {};
      for (const [ts, value] of Object.entries(byTime)) {
        const t = Number(ts);
        if (t < start || t > end) continue;
        const styled = styleMetricValue(value, style);
        if (styled !== undefined) points[ts] = styled;
      }
      entry<Record<string, Record<string, unknown>>>(timeline, metric, () => ({}))[instance] = points;
    }
  }
  return success(style, { component, starttime: start, endtime: end, timeline });
}

function normalise(t: FakeTopology): Topology {
  const payload = (raw: unknown, endpoint: string) =>
    unwrapTrackerResponse(raw, endpoint) as Record<string, unknown>;
  const metrics: Topology['metrics'] = {};
  for (const [component, raw] of Object.entries(t.metrics ?? {})) {
    const timeline = payload(raw, 'metricstimeline').timeline as Topology['metrics'][string] | undefined;
    metrics[component] = timeline ?? {};
  }
  return {
    cluster: t.cluster,
    environ: t.environ,
    ...(t.role ? { role: t.role } : {}),
    topology: t.topology,
    logicalPlan: payload(t.logicalPlan, 'logicalplan'),
    physicalPlan: payload(t.physicalPlan, 'physicalplan'),
    ...(t.packingPlan !== undefined ? { packingPlan: payload(t.packingPlan, 'packingplan') } : {}),
    metrics,
  };
}

/** cluster → role → environ → names, like every Tracker since Heron 0.14. */
function listing(topologies: Topology[]): Record<string, Record<string, Record<string, string[]>>> {
  const out: Record<string, Record<string, Record<string, string[]>>> = {};
  for (const t of topologies) {
    const byRole = entry(out, t.cluster, () => ({}));
    const byEnviron = entry(byRole, t.role ?? 'null', () => ({}));
    entry<string[]>(byEnviron, t.environ, () => []).push(t.topology);
  }
  return out;
}

function success(style: TrackerStyle, result: unknown): FakeResponse {
  if (style === 'bare') return { status: 200, body: JSON.stringify(result) };
  return {
    status: 200,
    body: JSON.stringify({ status: 'success', executiontime: 0.0001, message: '', version: '1.0.0', result }),
  };
}

function failure(style: TrackerStyle, status: number, message: string): FakeResponse {
  if (style === 'bare') return { status, body: JSON.stringify(`request failed: ${message}`) };
  return {
    status: status === 400 ? 404 : status, // Tornado Trackers answer every handler failure with 404
    body: JSON.stringify({ status: 'failure', executiontime: 0.0001, message, version: '1.0.0' }),
  };
}

function notFoundRoute(style: TrackerStyle): FakeResponse {
  return style === 'bare'
    ? { status: 404, body: JSON.stringify({ detail: 'Not Found' }) }
    : { status: 404, ...errorPage(404, style) };
}

function errorPage(status: number, style: TrackerStyle): { body: string; contentType: string } {
  const reason = status === 404 ? 'Not Found' : status === 503 ? 'Service Unavailable' : 'Error';
  if (style === 'bare') return { body: JSON.stringify({ detail: reason }), contentType: 'application/json' };
  return {
    body: `<html><title>${status}: ${reason}</title><body>${status}: ${reason}</body></html>`,
    contentType: 'text/html; charset=UTF-8',
  };
}

function stylePhysicalPlan(plan: Record<string, unknown>, style: TrackerStyle): Record<string, unknown> {
  const instances = (plan.instances ?? {}) as Record<string, Record<string, unknown>>;
  const styled: Record<string, Record<string, unknown>> = {};
  for (const [id, instance] of Object.entries(instances)) {
    const { stmgrId, stmgr_id, ...rest } = instance;
    const stmgr = stmgrId ?? stmgr_id;
    styled[id] = style === 'bare' ? { ...rest, stmgr_id: stmgr } : { ...rest, stmgrId: stmgr };
  }
  if (style !== 'bare') return { ...plan, instances: styled };
  const groups: Record<string, string[]> = {};
  for (const id of Object.keys(styled)) entry(groups, id.split('_').slice(0, 2).join('_'), () => []).push(id);
  const names = [...Object.keys((plan.spouts ?? {}) as object), ...Object.keys((plan.bolts ?? {}) as object)];
  return {
    ...plan,
    instances: styled,
    instance_groups: groups,
    components: Object.fromEntries(names.map((n) => [n, { config: {} }])),
  };
}

/** The FastAPI Tracker's logical plan: spout_type/spout_source, config, inputComponents and stages. */
function bareLogicalPlan(plan: Record<string, unknown>): Record<string, unknown> {
  const spouts = (plan.spouts ?? {}) as Record<string, Record<string, unknown>>;
  const bolts = (plan.bolts ?? {}) as Record<string, Record<string, unknown>>;
  const inputsOf = (bolt: Record<string, unknown>) =>
    (bolt.inputs ?? []) as Array<{ component_name: string; stream_name: string; grouping: string }>;
  const depth = (name: string, seen: Set<string>): number => {
    const bolt = bolts[name];
    if (!bolt || seen.has(name)) return 0;
    const next = new Set(seen).add(name);
    return Math.max(0, ...inputsOf(bolt).map((i) => 1 + depth(i.component_name, next)));
  };
  return {
    stages: Math.max(0, ...Object.keys(bolts).map((b) => depth(b, new Set()))),
    spouts: Object.fromEntries(
      Object.entries(spouts).map(([name, s]) => [
        name,
        {
          config: s.config ?? {},
          spout_type: s.spout_type ?? s.type ?? 'default',
          spout_source: s.spout_source ?? s.source ?? 'NA',
          version: s.version ?? 'NA',
          outputs: s.outputs ?? [],
          extra_links: s.extra_links ?? [],
        },
      ]),
    ),
    bolts: Object.fromEntries(
      Object.entries(bolts).map(([name, b]) => [
        name,
        {
          config: b.config ?? {},
          outputs: b.outputs ?? [],
          inputs: inputsOf(b),
          inputComponents: inputsOf(b).map((i) => i.component_name),
        },
      ]),
    ),
  };
}

function styleMetricValue(value: unknown, style: TrackerStyle): unknown {
  if (style !== 'bare') return typeof value === 'number' ? String(value) : value;
  const n = typeof value === 'number' ? value : Number(value);
  return typeof value === 'string' && value.trim() === '' ? undefined : Number.isFinite(n) ? n : undefined;
}

/** `record[key]`, created with `make()` when missing. */
function entry<T>(record: Record<string, T>, key: string, make: () => T): T {
  const existing = record[key];
  if (existing !== undefined) return existing;
  const created = make();
  record[key] = created;
  return created;
}

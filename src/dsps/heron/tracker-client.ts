import { AppError } from '../../errors.js';
import { getWithRetry } from '../../http/get-with-retry.js';
import type { TopologyListing } from '../../topology/topology-ref.js';
import { type HeronLogicalPlan, parseLogicalPlan } from './logical-plan.js';
import { type HeronMetricsTimeline, parseMetricsTimeline } from './metrics-timeline.js';
import { type HeronPackingPlan, parsePackingPlan } from './packing-plan.js';
import { type HeronPhysicalPlan, parsePhysicalPlan } from './physical-plan.js';
import { parseTopologies } from './topologies-response.js';
import {
  isTopologyNotFoundMessage,
  isTrackerEnvelope,
  parseTrackerJson,
  trackerErrorMessage,
  trackerFailure,
} from './tracker-envelope.js';

/**
 * Which route serves metrics timelines. `legacy` is `/topologies/metricstimeline` (every Tornado Tracker, and
 * FastAPI Trackers keep it as deprecated); `current` is `/topologies/metrics/timeline` (FastAPI, Heron ≥ 0.20.5).
 * `auto` asks the legacy route first and, when the Tracker answers 404 without a Tracker error body (the route
 * does not exist), switches to the current one for the life of the client.
 */
export type MetricsTimelineRoute = 'auto' | 'legacy' | 'current';

export const METRICS_TIMELINE_PATHS = {
  legacy: '/topologies/metricstimeline',
  current: '/topologies/metrics/timeline',
} as const;

export interface HeronTrackerClientOptions {
  /** Base URL of the Tracker, e.g. `http://tracker:8888` (a path prefix, as behind a proxy, is kept). */
  url: string;
  /** Per-attempt timeout (connect + whole body), ms. @defaultValue 5000 */
  timeoutMs?: number;
  /** Retries after a connection failure, timeout or 5xx answer; then `METRICS_UNAVAILABLE`. @defaultValue 2 */
  retries?: number;
  /** Delay before the first retry, ms; doubles on each further retry. @defaultValue 250 */
  retryDelayMs?: number;
  /** @defaultValue 'auto' */
  metricsTimelineRoute?: MetricsTimelineRoute;
  /** The fetch to use (tests). @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

/** How the Tracker names a topology. `role` is optional: the Tracker then matches any role. */
export interface TrackerCoordinates {
  cluster: string;
  environ: string;
  role?: string;
  topology: string;
}

export interface MetricsTimelineRequest {
  component: string;
  /** Metric names, e.g. `__emit-count/default`; at least one. */
  metrics: string[];
  /** Limit to these instances; all of the component's when absent. */
  instances?: string[];
  /** Window, Unix seconds (sent as `starttime` / `endtime`). */
  startSec: number;
  endSec: number;
}

/** A successful Tracker answer before parsing: what a snapshot stores. */
export interface TrackerRawResponse {
  /** The route that answered, e.g. `/topologies/logicalplan`. */
  path: string;
  /** The body exactly as received. */
  text: string;
  /** The body as JSON (Python's NaN literals read as null). */
  body: unknown;
}

export type PlanKind = 'logicalplan' | 'physicalplan' | 'packingplan';

/** A 404 from a route the Tracker does not have (not a Tracker error body). */
class RouteNotFoundError extends AppError {
  constructor(path: string) {
    super('METRICS_BAD_RESPONSE', `The Heron Tracker has no route ${path}`, {
      details: { endpoint: path, httpStatus: 404 },
    });
  }
}

/**
 * A client of the Heron Tracker REST API (Tornado and FastAPI Trackers, all three answer styles). Connection
 * failures, timeouts and 5xx answers are retried `retries` times with doubling delay, then reported as
 * `METRICS_UNAVAILABLE` (transient); an answer saying the topology does not exist is `TOPOLOGY_NOT_FOUND`
 * (permanent, never retried, whatever the HTTP status: Tornado says 404, FastAPI 500); a body that is not the
 * expected JSON is `METRICS_BAD_RESPONSE`.
 */
export class HeronTrackerClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetchImpl: typeof fetch;
  private timelineRoute: MetricsTimelineRoute;

  constructor(options: HeronTrackerClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.timelineRoute = options.metricsTimelineRoute ?? 'auto';
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** `GET /topologies`, flattened. */
  async getTopologies(): Promise<TopologyListing[]> {
    return parseTopologies((await this.fetchTopologiesRaw()).body);
  }

  async getLogicalPlan(coords: TrackerCoordinates): Promise<HeronLogicalPlan> {
    return parseLogicalPlan((await this.fetchPlanRaw('logicalplan', coords)).body);
  }

  async getPhysicalPlan(coords: TrackerCoordinates): Promise<HeronPhysicalPlan> {
    return parsePhysicalPlan((await this.fetchPlanRaw('physicalplan', coords)).body);
  }

  /** Trackers older than Heron 0.17 have no packing plan route: that is `METRICS_BAD_RESPONSE` (HTTP 404). */
  async getPackingPlan(coords: TrackerCoordinates): Promise<HeronPackingPlan> {
    return parsePackingPlan((await this.fetchPlanRaw('packingplan', coords)).body);
  }

  async getMetricsTimeline(
    coords: TrackerCoordinates,
    request: MetricsTimelineRequest,
  ): Promise<HeronMetricsTimeline> {
    return parseMetricsTimeline((await this.fetchMetricsTimelineRaw(coords, request)).body);
  }

  fetchTopologiesRaw(): Promise<TrackerRawResponse> {
    return this.get('/topologies', new URLSearchParams());
  }

  fetchPlanRaw(kind: PlanKind, coords: TrackerCoordinates): Promise<TrackerRawResponse> {
    return this.get(`/topologies/${kind}`, coordinateParams(coords));
  }

  async fetchMetricsTimelineRaw(
    coords: TrackerCoordinates,
    request: MetricsTimelineRequest,
  ): Promise<TrackerRawResponse> {
    const params = coordinateParams(coords);
    params.append('component', request.component);
    for (const metric of request.metrics) params.append('metricname', metric);
    for (const instance of request.instances ?? []) params.append('instance', instance);
    params.append('starttime', String(Math.floor(request.startSec)));
    params.append('endtime', String(Math.floor(request.endSec)));
    if (this.timelineRoute === 'current') return this.get(METRICS_TIMELINE_PATHS.current, params);
    if (this.timelineRoute === 'legacy') return this.get(METRICS_TIMELINE_PATHS.legacy, params);
    try {
      const answer = await this.get(METRICS_TIMELINE_PATHS.legacy, params);
      this.timelineRoute = 'legacy';
      return answer;
    } catch (err) {
      if (!(err instanceof RouteNotFoundError)) throw err;
      const answer = await this.get(METRICS_TIMELINE_PATHS.current, params);
      this.timelineRoute = 'current';
      return answer;
    }
  }

  private get(path: string, params: URLSearchParams): Promise<TrackerRawResponse> {
    const query = params.toString();
    const url = `${this.baseUrl}${path}${query ? `?${query}` : ''}`;
    return getWithRetry(
      url,
      {
        timeoutMs: this.timeoutMs,
        retries: this.retries,
        retryDelayMs: this.retryDelayMs,
        what: 'The Heron Tracker',
        fetch: this.fetchImpl,
      },
      (status, text) => {
        const outcome = classify(path, status, text);
        return outcome.kind === 'ok' ? { kind: 'ok', value: { path, text, body: outcome.body } } : outcome;
      },
    );
  }
}

type Outcome = { kind: 'ok'; body: unknown } | { kind: 'fail'; error: AppError } | { kind: 'retry' };

function classify(path: string, status: number, text: string): Outcome {
  let body: unknown;
  let parseError: AppError | undefined;
  try {
    body = parseTrackerJson(text, path);
  } catch (err) {
    parseError = err as AppError;
  }
  if (status >= 200 && status < 300) {
    return parseError ? { kind: 'fail', error: parseError } : { kind: 'ok', body };
  }
  const message = parseError ? text.slice(0, 500) : trackerErrorMessage(body);
  if (isTopologyNotFoundMessage(message)) return { kind: 'fail', error: trackerFailure(message, path) };
  if (status >= 500 || status === 408 || status === 429) return { kind: 'retry' };
  if (status === 404 && !isTrackerEnvelope(body))
    return { kind: 'fail', error: new RouteNotFoundError(path) };
  return { kind: 'fail', error: trackerFailure(message, path) };
}

function coordinateParams(coords: TrackerCoordinates): URLSearchParams {
  const params = new URLSearchParams();
  params.append('cluster', coords.cluster);
  params.append('environ', coords.environ);
  if (coords.role) params.append('role', coords.role);
  params.append('topology', coords.topology);
  return params;
}

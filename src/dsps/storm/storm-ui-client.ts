import { AppError } from '../../errors.js';
import { getWithRetry } from '../../http/get-with-retry.js';
import { parseComponentPage, type StormComponentPage } from './component-page.js';
import { parseTopologyPage, type StormTopologyPage, topologyPagePath } from './topology-page.js';
import {
  parseTopologySummary,
  type StormTopologySummary,
  TOPOLOGY_SUMMARY_PATH,
} from './topology-summary.js';
import { parseVisualization, type StormVisualizationInput } from './visualization.js';

export interface StormUiClientOptions {
  /** Base URL of the Storm UI, e.g. `http://storm-ui:8080` (a path prefix, as behind a proxy, is kept). */
  url: string;
  /** Stats window asked of the UI (`?window=`), seconds. @defaultValue 600 */
  windowSec?: number;
  /** Per-attempt timeout (connect + whole body), ms. @defaultValue 5000 */
  timeoutMs?: number;
  /** Retries after a connection failure, timeout or 5xx answer; then `METRICS_UNAVAILABLE`. @defaultValue 2 */
  retries?: number;
  /** Delay before the first retry, ms; doubles on each further retry. @defaultValue 250 */
  retryDelayMs?: number;
  /** The fetch to use (tests). @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * How long a successful answer is reused, ms: one model job asks for the same pages several times
   * (structure, plan, metrics), and the UI's windowed stats change slowly. @defaultValue 0 (never)
   */
  cacheMs?: number;
}

// Storm answers an unknown topology id with a NotAliveException: HTTP 404 in Storm 2 (its exception mapper),
// HTTP 500 with the exception in `error`/`errorMessage` in Storm 1.
const NOT_ALIVE = /NotAliveException|not\s*alive|topology.*not\s*found/i;

/**
 * A client of the Storm UI REST API (`/api/v1`). Connection failures, timeouts and 5xx answers are retried
 * `retries` times with doubling delay, then `METRICS_UNAVAILABLE` (transient); an unknown topology (a 404, or
 * a `NotAliveException`, whatever the status) is `TOPOLOGY_NOT_FOUND` (permanent, not retried); a body that is
 * not the expected JSON is `METRICS_BAD_RESPONSE`.
 */
export class StormUiClient {
  readonly baseUrl: string;
  readonly windowSec: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly cacheMs: number;
  private readonly cache = new Map<string, { atMs: number; answer: Promise<unknown> }>();

  constructor(options: StormUiClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.windowSec = options.windowSec ?? 600;
    if (!(Number.isInteger(this.windowSec) && this.windowSec > 0)) {
      throw new AppError(
        'CONFIG_INVALID',
        `Storm UI windowSec must be a whole number > 0, got ${this.windowSec}`,
      );
    }
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.cacheMs = options.cacheMs ?? 0;
  }

  /** `GET /api/v1/topology/summary`. */
  async getTopologySummary(): Promise<StormTopologySummary[]> {
    return parseTopologySummary(await this.get(TOPOLOGY_SUMMARY_PATH, new URLSearchParams()));
  }

  /**
   * The running topology named `nameOrId`: an exact id wins, else the one topology with that name.
   * @throws AppError `TOPOLOGY_NOT_FOUND` when none matches.
   */
  async findTopology(nameOrId: string): Promise<StormTopologySummary> {
    const topologies = await this.getTopologySummary();
    const found = topologies.find((t) => t.id === nameOrId) ?? topologies.find((t) => t.name === nameOrId);
    if (!found) {
      throw new AppError(
        'TOPOLOGY_NOT_FOUND',
        `The Storm UI lists no topology named or with id ${nameOrId}`,
        {
          details: { topology: nameOrId },
        },
      );
    }
    return found;
  }

  /** `GET /api/v1/topology/{id}?window=<windowSec>`. */
  async getTopologyPage(topologyId: string): Promise<StormTopologyPage> {
    return parseTopologyPage(await this.get(topologyPagePath(topologyId), this.windowParams()));
  }

  /** `GET /api/v1/topology/{id}/component/{component}?window=<windowSec>`. */
  async getComponentPage(topologyId: string, component: string): Promise<StormComponentPage> {
    const path = `${topologyPagePath(topologyId)}/component/${encodeURIComponent(component)}`;
    return parseComponentPage(await this.get(path, this.windowParams()));
  }

  /** `GET /api/v1/topology/{id}/visualization`: consumer → inputs with their groupings. */
  async getVisualization(topologyId: string): Promise<Record<string, StormVisualizationInput[]>> {
    return parseVisualization(
      await this.get(`${topologyPagePath(topologyId)}/visualization`, this.windowParams()),
    );
  }

  /** Resolves when the UI answers its summary. */
  async ping(): Promise<void> {
    await this.get(TOPOLOGY_SUMMARY_PATH, new URLSearchParams());
  }

  private windowParams(): URLSearchParams {
    return new URLSearchParams({ window: String(this.windowSec) });
  }

  private get(path: string, params: URLSearchParams): Promise<unknown> {
    const query = params.toString();
    const url = `${this.baseUrl}${path}${query ? `?${query}` : ''}`;
    if (this.cacheMs <= 0) return this.fetchJson(path, url);
    const nowMs = Date.now();
    const hit = this.cache.get(url);
    if (hit && nowMs - hit.atMs < this.cacheMs) return hit.answer;
    for (const [key, entry] of this.cache) if (nowMs - entry.atMs >= this.cacheMs) this.cache.delete(key);
    const answer = this.fetchJson(path, url);
    this.cache.set(url, { atMs: nowMs, answer });
    answer.catch(() => this.cache.delete(url)); // failures are never reused
    return answer;
  }

  private fetchJson(path: string, url: string): Promise<unknown> {
    const options = {
      timeoutMs: this.timeoutMs,
      retries: this.retries,
      retryDelayMs: this.retryDelayMs,
      what: 'The Storm UI',
      fetch: this.fetchImpl,
    };
    return getWithRetry<unknown>(url, options, (status, text) => {
      const isTopologyPath = path !== TOPOLOGY_SUMMARY_PATH;
      if (isTopologyPath && (status === 404 || (status >= 400 && NOT_ALIVE.test(text)))) {
        const error = new AppError(
          'TOPOLOGY_NOT_FOUND',
          `The Storm UI does not know this topology (${path})`,
          {
            details: { endpoint: path, httpStatus: status },
          },
        );
        return { kind: 'fail', error };
      }
      if (status >= 500 || status === 408 || status === 429) return { kind: 'retry' };
      if (status < 200 || status >= 300) {
        const error = new AppError(
          'METRICS_BAD_RESPONSE',
          `The Storm UI answered ${path} with HTTP ${status}`,
          {
            details: { endpoint: path, httpStatus: status },
          },
        );
        return { kind: 'fail', error };
      }
      try {
        return { kind: 'ok', value: JSON.parse(text) as unknown };
      } catch (err) {
        const error = new AppError(
          'METRICS_BAD_RESPONSE',
          `The Storm UI answered ${path} with a body that is not JSON`,
          {
            cause: err,
            details: { endpoint: path },
          },
        );
        return { kind: 'fail', error };
      }
    });
  }
}

import type { PrometheusConfig } from '../config/history-schema.js';
import { AppError } from '../errors.js';
import {
  type MetricSeries,
  type MetricSeriesQuery,
  type SeriesPoints,
  splitMetricName,
} from '../topology/metric-series.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import { fillTemplate, getMetricsJson } from './metrics-http.js';
import type { MetricsSource } from './metrics-source.js';
import { SeriesOnlySource } from './series-only-source.js';

export type PrometheusSourceOptions = Pick<
  PrometheusConfig,
  'url' | 'timeoutMs' | 'retries' | 'stepSec' | 'queries' | 'instanceLabel'
> & {
  /** Topologies and their structure (Prometheus has metrics only): the Tracker or a snapshot. */
  structure: MetricsSource;
  /** First retry delay, ms. @defaultValue 200 */
  retryDelayMs?: number;
  fetch?: typeof fetch;
};

/**
 * Metrics from Prometheus (`/api/v1/query_range`), structure from another source. Each Heron metric family
 * (`__emit-count`) has a PromQL template (`queries`) whose placeholders are filled per request; the answer's
 * series are keyed by `instanceLabel`, one point per `stepSec` (several series of one instance are summed).
 * NaN and infinite values are left out, never counted as zero. Families without a template answer empty
 * series, as the Tracker does for metrics it does not have.
 *
 * Errors: unreachable / 5xx → `METRICS_UNAVAILABLE` (transient); a query Prometheus rejects (HTTP 400/422,
 * i.e. a wrong template) → `CONFIG_INVALID` (permanent); an answer in another format →
 * `METRICS_BAD_RESPONSE`.
 */
export class PrometheusMetricsSource extends SeriesOnlySource {
  readonly kind = 'prometheus';
  private readonly options: PrometheusSourceOptions;
  private readonly baseUrl: string;

  constructor(options: PrometheusSourceOptions) {
    super(options.structure);
    this.options = options;
    this.baseUrl = options.url.replace(/\/+$/, '');
  }

  /** The PromQL for one metric of a query (undefined when the family has no template). */
  queryFor(ref: TopologyRef, query: MetricSeriesQuery, metric: string): string | undefined {
    const { family, stream } = splitMetricName(metric);
    const template = this.options.queries[family];
    if (!template) return undefined;
    return fillTemplate(template, {
      topology: escapeString(ref.topology),
      cluster: escapeString(ref.cluster),
      environ: escapeString(ref.environ),
      role: escapeString(ref.role ?? ''),
      component: escapeString(query.component),
      stream: sanitizeMetricName(stream).toLowerCase(),
      stream_raw: escapeString(stream),
      instance: query.instances?.length ? escapeString(query.instances.map(escapeRegex).join('|')) : '.+',
    });
  }

  protected async readHeronSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    const out: MetricSeries = {};
    const step = this.options.stepSec;
    // query_range's end is inclusive, the window's is not; align to the step so points fall on buckets.
    const start = Math.ceil(query.startSec / step) * step;
    const end = Math.ceil(query.endSec / step) * step - step;
    const wanted = query.instances ? new Set(query.instances) : undefined;
    for (const metric of query.metrics) {
      out[metric] = {};
      const promql = this.queryFor(ref, query, metric);
      if (!promql || end < start) continue;
      const params = new URLSearchParams({
        query: promql,
        start: String(start),
        end: String(end),
        step: `${step}s`,
      });
      const matrix = await this.queryRange(params);
      const byInstance = new Map<string, Map<number, number>>();
      for (const series of matrix) {
        const instance = series.metric[this.options.instanceLabel];
        if (!instance || (wanted && !wanted.has(instance))) continue;
        const sums = byInstance.get(instance) ?? new Map<number, number>();
        for (const [ts, raw] of series.values) {
          const value = Number(raw);
          if (!Number.isFinite(value)) continue;
          const t = Math.round(ts);
          sums.set(t, (sums.get(t) ?? 0) + value);
        }
        byInstance.set(instance, sums);
      }
      for (const [instance, sums] of byInstance) {
        const points: SeriesPoints = [...sums.entries()]
          .filter(([ts]) => ts >= query.startSec && ts < query.endSec)
          .sort((a, b) => a[0] - b[0]);
        (out[metric] as Record<string, SeriesPoints>)[instance] = points;
      }
    }
    return out;
  }

  async ping(): Promise<void> {
    const answer = await getMetricsJson(`${this.baseUrl}/api/v1/status/buildinfo`, this.http());
    if (answer.status !== 200) {
      throw new AppError(
        'METRICS_BAD_RESPONSE',
        `Prometheus answered /api/v1/status/buildinfo with HTTP ${answer.status}`,
      );
    }
  }

  private async queryRange(params: URLSearchParams): Promise<MatrixSeries[]> {
    const answer = await getMetricsJson(`${this.baseUrl}/api/v1/query_range?${params}`, this.http());
    const body = answer.json as PrometheusAnswer | undefined;
    if ((answer.status === 400 || answer.status === 422) && body?.status === 'error') {
      throw new AppError(
        'CONFIG_INVALID',
        `Prometheus rejected the query ${params.get('query')}: ${body.error ?? body.errorType}`,
        {
          details: { query: params.get('query'), errorType: body.errorType },
        },
      );
    }
    if (answer.status !== 200 || body?.status !== 'success' || body.data?.resultType !== 'matrix') {
      throw new AppError(
        'METRICS_BAD_RESPONSE',
        `Prometheus answered /api/v1/query_range with HTTP ${answer.status} and no matrix`,
        { details: { status: answer.status } },
      );
    }
    const result = body.data.result;
    if (!Array.isArray(result))
      throw new AppError('METRICS_BAD_RESPONSE', 'Prometheus answered a matrix without result');
    return result.filter(
      (s): s is MatrixSeries =>
        typeof s === 'object' && s !== null && typeof s.metric === 'object' && Array.isArray(s.values),
    );
  }

  private http() {
    return {
      timeoutMs: this.options.timeoutMs,
      retries: this.options.retries,
      what: 'Prometheus',
      ...(this.options.retryDelayMs !== undefined ? { retryDelayMs: this.options.retryDelayMs } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    };
  }
}

interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

interface PrometheusAnswer {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

/** Heron's PrometheusSink: every character outside `[a-zA-Z0-9_]` (and a leading digit) becomes `_`. */
export function sanitizeMetricName(name: string): string {
  return name.replace(/^[^a-zA-Z_]/, '_').replace(/[^a-zA-Z0-9_]/g, '_');
}

/** For a PromQL double-quoted string. */
function escapeString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** For a RE2 alternation inside `=~`. */
function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

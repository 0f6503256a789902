import type { GraphiteConfig } from '../config/history-schema.js';
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

export type GraphiteSourceOptions = Pick<
  GraphiteConfig,
  'url' | 'timeoutMs' | 'retries' | 'targets' | 'instanceNode'
> & {
  /** Topologies and their structure (Graphite has metrics only): the Tracker or a snapshot. */
  structure: MetricsSource;
  /** First retry delay, ms. @defaultValue 200 */
  retryDelayMs?: number;
  fetch?: typeof fetch;
};

/**
 * Metrics from Graphite's render API (`/render?target=…&from=…&until=…&format=json`), structure from another
 * source. Each Heron metric family has a target template (`targets`); the answer is Graphite's JSON,
 * `[{"target": "a.b.c", "datapoints": [[value | null, ts], …]}]`, the instance being node `instanceNode` of
 * `target`. A `null` datapoint is a minute Graphite has no value for and is left out — never read as zero
 * (leptoid's Graphite reader did, which drags every mean down). Families without a template answer empty
 * series.
 *
 * Errors: unreachable / 5xx → `METRICS_UNAVAILABLE` (transient); HTTP 400 (a target graphite-web cannot
 * parse: a wrong template) → `CONFIG_INVALID`; an answer in another format → `METRICS_BAD_RESPONSE`.
 */
export class GraphiteMetricsSource extends SeriesOnlySource {
  readonly kind = 'graphite';
  private readonly options: GraphiteSourceOptions;
  private readonly baseUrl: string;

  constructor(options: GraphiteSourceOptions) {
    super(options.structure);
    this.options = options;
    this.baseUrl = options.url.replace(/\/+$/, '');
  }

  /** The render target for one metric of a query (undefined when the family has no template). */
  targetFor(ref: TopologyRef, query: MetricSeriesQuery, metric: string): string | undefined {
    const { family, stream } = splitMetricName(metric);
    const template = this.options.targets[family];
    if (!template) return undefined;
    const instances = query.instances ?? [];
    return fillTemplate(template, {
      topology: ref.topology,
      cluster: ref.cluster,
      environ: ref.environ,
      role: ref.role ?? '',
      component: query.component,
      stream,
      instance:
        instances.length === 0
          ? '*'
          : instances.length === 1
            ? (instances[0] ?? '*')
            : `{${instances.join(',')}}`,
    });
  }

  protected async readHeronSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    const out: MetricSeries = {};
    const wanted = query.instances ? new Set(query.instances) : undefined;
    for (const metric of query.metrics) {
      out[metric] = {};
      const target = this.targetFor(ref, query, metric);
      if (!target || query.endSec <= query.startSec) continue;
      const params = new URLSearchParams({
        target,
        from: String(query.startSec),
        until: String(query.endSec - 1),
        format: 'json',
      });
      const answer = await getMetricsJson(`${this.baseUrl}/render?${params}`, this.http());
      if (answer.status === 400) {
        throw new AppError('CONFIG_INVALID', `Graphite rejected the target ${target} (HTTP 400)`, {
          details: { target },
        });
      }
      if (answer.status !== 200 || !Array.isArray(answer.json)) {
        throw new AppError(
          'METRICS_BAD_RESPONSE',
          `Graphite answered /render with HTTP ${answer.status} and no series list`,
          {
            details: { status: answer.status },
          },
        );
      }
      const byInstance = out[metric] as Record<string, SeriesPoints>;
      for (const series of answer.json as unknown[]) {
        const parsed = parseSeries(series);
        const instance = parsed.target.split('.')[this.options.instanceNode];
        if (!instance || (wanted && !wanted.has(instance))) continue;
        const points = parsed.datapoints.filter(([ts]) => ts >= query.startSec && ts < query.endSec);
        byInstance[instance] = mergeSum(byInstance[instance] ?? [], points);
      }
    }
    return out;
  }

  /** Graphite answers `/render` for an empty target list with `[]`. */
  async ping(): Promise<void> {
    const answer = await getMetricsJson(
      `${this.baseUrl}/render?format=json&target=augur.ping&from=-1min`,
      this.http(),
    );
    if (answer.status !== 200 || !Array.isArray(answer.json)) {
      throw new AppError('METRICS_BAD_RESPONSE', `Graphite answered /render with HTTP ${answer.status}`);
    }
  }

  private http() {
    return {
      timeoutMs: this.options.timeoutMs,
      retries: this.options.retries,
      what: 'Graphite',
      ...(this.options.retryDelayMs !== undefined ? { retryDelayMs: this.options.retryDelayMs } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    };
  }
}

/** One `{target, datapoints}` entry; `null` and non-finite values are left out. */
function parseSeries(raw: unknown): { target: string; datapoints: SeriesPoints } {
  const entry = raw as { target?: unknown; datapoints?: unknown };
  if (typeof entry?.target !== 'string' || !Array.isArray(entry.datapoints)) {
    throw new AppError('METRICS_BAD_RESPONSE', 'Graphite answered a series without target or datapoints');
  }
  const datapoints: SeriesPoints = [];
  for (const point of entry.datapoints as unknown[]) {
    if (!Array.isArray(point) || point.length < 2) {
      throw new AppError(
        'METRICS_BAD_RESPONSE',
        `Graphite answered a malformed datapoint in ${entry.target}`,
      );
    }
    const [value, ts] = point as [unknown, unknown];
    if (value === null || typeof value !== 'number' || !Number.isFinite(value) || typeof ts !== 'number')
      continue;
    datapoints.push([ts, value]);
  }
  return { target: entry.target, datapoints };
}

/** Two series of one instance (e.g. matched twice by a glob) summed per timestamp. */
function mergeSum(a: SeriesPoints, b: SeriesPoints): SeriesPoints {
  if (a.length === 0) return b;
  const sums = new Map<number, number>(a);
  for (const [ts, v] of b) sums.set(ts, (sums.get(ts) ?? 0) + v);
  return [...sums.entries()].sort((x, y) => x[0] - y[0]);
}

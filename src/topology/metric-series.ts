/**
 * The metrics augur reads, DSPS-neutral: one vocabulary with units, one bucket length. Every metrics source
 * answers in it — each DSPS adapter converts its own names and units once (Heron's `__execute-latency` ns,
 * Storm's millisecond strings over UI windows) — so nothing past a source knows which DSPS reported a number.
 */

/** Every series is one point per bucket of this length: counts are tuples per bucket, latencies its mean. */
export const BUCKET_SEC = 60;

/** One metric of one instance over time: `[timestampSec, value]` pairs, ascending, missing buckets left out. */
export type SeriesPoints = Array<[timestampSec: number, value: number]>;

/** metric name → instance id → points. */
export type MetricSeries = Record<string, Record<string, SeriesPoints>>;

/**
 * Metric families, the part of a metric's name before its first `/`; the rest names the stream
 * (`<stream>` for what an instance emits, `<source component>/<stream>` for what a bolt receives).
 */
export const METRIC_FAMILY = {
  /** Tuples emitted, per bucket. */
  emitted: 'emitted',
  /** Tuples a bolt executed, per bucket, by input. */
  executed: 'executed',
  /** Mean time in a bolt's `execute()` per tuple over the bucket, ms. */
  executeLatencyMs: 'execute-latency-ms',
  /** Mean time from a bolt receiving a tuple to acking it over the bucket, ms. */
  processLatencyMs: 'process-latency-ms',
  /** Mean time from a spout's emit to the tuple tree being fully acked over the bucket, ms. */
  completeLatencyMs: 'complete-latency-ms',
  /** Tuples acked, per bucket (spouts by output stream, bolts by input). */
  acked: 'acked',
  /** Tuples failed, per bucket (spouts by output stream, bolts by input). */
  failed: 'failed',
  /** CPU the instance used, mean cores over the bucket. */
  cpuCores: 'cpu-cores',
  /** Memory the instance's process used, MB. */
  memoryUsedMb: 'memory-used-mb',
  /** Tuples waiting at the instance (its queue depth, or a consumer lag for a spout), at the bucket's end. */
  pendingTuples: 'pending-tuples',
  /** Storm's `capacity`: the fraction of the window an executor spent executing, 0–1 (and above). */
  capacity: 'capacity',
  /**
   * ms of the bucket a transport process (a Heron stream manager) held backpressure it initiated, stopping
   * every spout; read of the DSPS's transport pseudo-component, not of a topology component.
   */
  backpressureMs: 'backpressure-initiated-ms',
} as const;

export type MetricFamily = (typeof METRIC_FAMILY)[keyof typeof METRIC_FAMILY];

/** Full metric names, one builder per family. */
export const metric = {
  emitted: (stream: string) => `${METRIC_FAMILY.emitted}/${stream}`,
  executed: (source: string, stream: string) => `${METRIC_FAMILY.executed}/${source}/${stream}`,
  executeLatencyMs: (source: string, stream: string) =>
    `${METRIC_FAMILY.executeLatencyMs}/${source}/${stream}`,
  processLatencyMs: (source: string, stream: string) =>
    `${METRIC_FAMILY.processLatencyMs}/${source}/${stream}`,
  completeLatencyMs: (stream: string) => `${METRIC_FAMILY.completeLatencyMs}/${stream}`,
  spoutAcked: (stream: string) => `${METRIC_FAMILY.acked}/${stream}`,
  spoutFailed: (stream: string) => `${METRIC_FAMILY.failed}/${stream}`,
  boltAcked: (source: string, stream: string) => `${METRIC_FAMILY.acked}/${source}/${stream}`,
  boltFailed: (source: string, stream: string) => `${METRIC_FAMILY.failed}/${source}/${stream}`,
  cpuCores: METRIC_FAMILY.cpuCores,
  memoryUsedMb: METRIC_FAMILY.memoryUsedMb,
  pendingTuples: METRIC_FAMILY.pendingTuples,
  capacity: METRIC_FAMILY.capacity,
  backpressureMs: METRIC_FAMILY.backpressureMs,
} as const;

/** A metric name split at its first `/`: `emitted/default` → family `emitted`, stream `default`. */
export function splitMetricName(name: string): { family: string; stream: string } {
  const slash = name.indexOf('/');
  return slash < 0
    ? { family: name, stream: '' }
    : { family: name.slice(0, slash), stream: name.slice(slash + 1) };
}

export interface MetricSeriesQuery {
  component: string;
  /** Metric names of this vocabulary, e.g. `emitted/default`. */
  metrics: string[];
  /** Limit to these instances; all of the component's when absent. */
  instances?: string[];
  /** Inclusive window start, Unix seconds. */
  startSec: number;
  /** Exclusive window end, Unix seconds. */
  endSec: number;
}

import {
  type MetricFamily,
  type MetricSeries,
  type MetricSeriesQuery,
  type SeriesPoints,
  splitMetricName,
} from '../../topology/metric-series.js';
import type { ComponentSpec } from '../../topology/topology-structure.js';

/**
 * Names of Heron's per-instance system metrics (heron-instance `SpoutMetrics` / `BoltMetrics` and the JVM
 * metrics of `JVMMetrics`). Spouts key counts by stream; bolts key input-side counts and latencies by
 * `<source component>/<stream>`. Latencies are nanoseconds; counts are per one-minute bucket in a timeline.
 */
export const heronMetric = {
  emitCount: (stream: string) => `__emit-count/${stream}`,
  /** Spouts: tuples fully acked, by output stream. */
  spoutAckCount: (stream: string) => `__ack-count/${stream}`,
  spoutFailCount: (stream: string) => `__fail-count/${stream}`,
  /** Spouts: emit → fully acked latency, ns. */
  completeLatencyNs: (stream: string) => `__complete-latency/${stream}`,
  executeCount: (source: string, stream: string) => `__execute-count/${source}/${stream}`,
  /** Bolts: time spent in `execute()`, ns. */
  executeLatencyNs: (source: string, stream: string) => `__execute-latency/${source}/${stream}`,
  /** Bolts: receive → ack latency, ns. */
  processLatencyNs: (source: string, stream: string) => `__process-latency/${source}/${stream}`,
  boltAckCount: (source: string, stream: string) => `__ack-count/${source}/${stream}`,
  boltFailCount: (source: string, stream: string) => `__fail-count/${source}/${stream}`,
  /** Fraction of one core the instance's JVM used, 0–1 (per core). */
  jvmProcessCpuLoad: '__jvm-process-cpu-load',
  jvmMemoryUsedMb: '__jvm-memory-used-mb',
} as const;

/** Every metric augur's models read for one component; what a snapshot captures. */
export function heronComponentMetricNames(
  component: Pick<ComponentSpec, 'kind' | 'outputStreams' | 'inputs'>,
): string[] {
  const names: string[] = [];
  for (const stream of component.outputStreams) names.push(heronMetric.emitCount(stream));
  if (component.kind === 'spout') {
    for (const stream of component.outputStreams) {
      names.push(
        heronMetric.spoutAckCount(stream),
        heronMetric.spoutFailCount(stream),
        heronMetric.completeLatencyNs(stream),
      );
    }
  } else {
    for (const { component: source, stream } of component.inputs) {
      names.push(
        heronMetric.executeCount(source, stream),
        heronMetric.executeLatencyNs(source, stream),
        heronMetric.processLatencyNs(source, stream),
        heronMetric.boltAckCount(source, stream),
        heronMetric.boltFailCount(source, stream),
      );
    }
  }
  names.push(heronMetric.jvmProcessCpuLoad, heronMetric.jvmMemoryUsedMb);
  return [...new Set(names)];
}

/** Heron's name of each neutral metric family, and the factor that turns Heron's value into augur's unit. */
const HERON_FAMILY: Record<MetricFamily, { heron: string; toNeutral: number }> = {
  emitted: { heron: '__emit-count', toNeutral: 1 },
  executed: { heron: '__execute-count', toNeutral: 1 },
  'execute-latency-ms': { heron: '__execute-latency', toNeutral: 1e-6 },
  'process-latency-ms': { heron: '__process-latency', toNeutral: 1e-6 },
  'complete-latency-ms': { heron: '__complete-latency', toNeutral: 1e-6 },
  acked: { heron: '__ack-count', toNeutral: 1 },
  failed: { heron: '__fail-count', toNeutral: 1 },
  'cpu-cores': { heron: '__jvm-process-cpu-load', toNeutral: 1 },
  'memory-used-mb': { heron: '__jvm-memory-used-mb', toNeutral: 1 },
  // No Heron metric: a Prometheus query or Graphite target configured under this family answers it.
  'pending-tuples': { heron: '__pending-tuples', toNeutral: 1 },
  // Storm's own; a Heron source has none, so the series stays empty.
  capacity: { heron: '__capacity', toNeutral: 1 },
  // A stream manager's (component `__stmgr__`): ms per minute it initiated backpressure.
  'backpressure-initiated-ms': { heron: '__server/__time_spent_back_pressure_initiated', toNeutral: 1 },
};

/** The Tracker's component name of the stream managers' own metrics (backpressure). */
export const HERON_STREAM_MANAGERS = '__stmgr__';

/**
 * Heron's spelling of a neutral metric (`execute-latency-ms/split/default` → `__execute-latency/split/default`)
 * and the factor from Heron's unit to augur's (ns → ms: 10⁻⁶). Unknown families pass through unchanged.
 */
function heronNameOf(name: string): { heron: string; toNeutral: number } {
  const { family, stream } = splitMetricName(name);
  const known = HERON_FAMILY[family as MetricFamily];
  if (!known) return { heron: name, toNeutral: 1 };
  return { heron: stream ? `${known.heron}/${stream}` : known.heron, toNeutral: known.toNeutral };
}

/**
 * Answers a neutral query from a source that speaks Heron's names (the Tracker, a snapshot of it, Heron's
 * Prometheus and Graphite sinks): asks `read` for the Heron names, and converts names and units back.
 */
export async function readAsHeron(
  query: MetricSeriesQuery,
  read: (heronQuery: MetricSeriesQuery) => Promise<MetricSeries>,
): Promise<MetricSeries> {
  const names = query.metrics.map((name) => ({ name, ...heronNameOf(name) }));
  const answer = await read({ ...query, metrics: names.map((n) => n.heron) });
  const out: MetricSeries = {};
  for (const { name, heron, toNeutral } of names) {
    const byInstance = answer[heron] ?? {};
    if (toNeutral === 1) {
      out[name] = byInstance;
      continue;
    }
    const scaled: Record<string, SeriesPoints> = {};
    for (const [instance, points] of Object.entries(byInstance))
      scaled[instance] = points.map(([ts, v]): [number, number] => [ts, v * toNeutral]);
    out[name] = scaled;
  }
  return out;
}

import { BUCKET_SEC, type MetricSeries, metric } from '../../src/topology/metric-series.js';
import type { MetricsSnapshot } from '../../src/topology/metrics-snapshot.js';
import type { TopologySnapshot } from '../../src/topology/topology-snapshot.js';

export interface SyntheticMetricsOptions {
  /** Each spout instance's emission rate, tuples/s. @defaultValue 10 */
  spoutRatePerSec?: number;
  /** Every bolt's mean execute time, ms. @defaultValue 1 */
  executeLatencyMs?: number;
  /** Buckets of the window. @defaultValue 10 */
  buckets?: number;
}

/**
 * A metrics window for a snapshot's topology as a source would answer it: every spout instance emits at one
 * rate, every bolt forwards each input tuple once on each output stream, load spread evenly over a
 * component's instances. Enough for the queueing model to solve; not a traffic study.
 */
export function syntheticMetrics(
  snapshot: TopologySnapshot,
  options: SyntheticMetricsOptions = {},
): MetricsSnapshot {
  const { spoutRatePerSec = 10, executeLatencyMs = 1, buckets = 10 } = options;
  const endSec = 1_800_000_000;
  const startSec = endSec - buckets * BUCKET_SEC;
  const series: MetricSeries = {};
  const put = (name: string, instance: string, value: number) => {
    const points = Array.from({ length: buckets }, (_, b): [number, number] => [
      startSec + b * BUCKET_SEC,
      value,
    ]);
    const byInstance = series[name] ?? {};
    byInstance[instance] = points;
    series[name] = byInstance;
  };
  // Tuples/s each component emits in all (a chain or DAG: components in an order where sources come first).
  const emitted = new Map<string, number>();
  const order = topologicalOrder(snapshot);
  for (const name of order) {
    const component = snapshot.components[name];
    if (!component) continue;
    const inputs = snapshot.streams.filter((s) => s.target === name);
    const total =
      component.kind === 'spout'
        ? spoutRatePerSec * component.instances.length
        : inputs.reduce((sum, s) => sum + (emitted.get(s.source) ?? 0), 0);
    emitted.set(name, total);
    const perInstance = (total / component.instances.length) * BUCKET_SEC;
    for (const id of component.instances) {
      for (const stream of component.outputStreams) put(metric.emitted(stream), id, perInstance);
      for (const input of inputs) {
        const share = ((emitted.get(input.source) ?? 0) / component.instances.length) * BUCKET_SEC;
        put(metric.executed(input.source, input.stream), id, share);
        put(metric.executeLatencyMs(input.source, input.stream), id, executeLatencyMs);
      }
    }
  }
  return { topology: snapshot, window: { startSec, endSec }, series, source: 'synthetic' };
}

function topologicalOrder(snapshot: TopologySnapshot): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const s of snapshot.streams) if (s.target === name) visit(s.source);
    order.push(name);
  };
  for (const name of Object.keys(snapshot.components)) visit(name);
  return order;
}

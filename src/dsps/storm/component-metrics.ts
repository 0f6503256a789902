import { BUCKET_SEC, metric } from '../../topology/metric-series.js';
import type { StormComponentPage } from './component-page.js';
import { isStormSystemName, stormInstanceId } from './storm-structure.js';

/**
 * One component page's windowed aggregates as per-instance values in augur's neutral vocabulary
 * (src/topology/metric-series.ts): counts per bucket (`total × BUCKET_SEC / windowSec`), latencies in ms as
 * Storm reports them. Keys: `emitted/<stream>`, spouts `acked/<stream>`, `failed/<stream>`,
 * `complete-latency-ms/<stream>`; bolts `executed/<source>/<stream>`, `execute-latency-ms/…`,
 * `process-latency-ms/…`, `acked/…`, `failed/…`, and `capacity`.
 *
 * The UI totals each executor over all its streams and each stream over all executors, never both; an
 * executor's share of a stream is apportioned as `executor total × stream total / component total`, exact
 * for components with one input and one output stream. Per-stream latencies are the executor's mean over its
 * streams.
 *
 * @returns metric name → instance id → value.
 */
export function stormComponentMetrics(
  page: StormComponentPage,
  windowSec: number,
): Record<string, Record<string, number>> {
  const perMinute = BUCKET_SEC / windowSec;
  const out: Record<string, Record<string, number>> = {};
  const put = (metric: string, instance: string, value: number | undefined) => {
    if (value === undefined || !Number.isFinite(value)) return;
    out[metric] ??= {};
    out[metric][instance] = value;
  };
  const outputs = page.outputs.filter((o) => !isStormSystemName(o.stream));
  const emittedTotal = sum(outputs.map((o) => o.emitted));
  const inputs = page.inputs.filter((i) => !isStormSystemName(i.component) && !isStormSystemName(i.stream));
  const executedTotal = sum(inputs.map((i) => i.executed));
  const ackedTotal = sum(outputs.map((o) => o.acked ?? 0));

  for (const executor of page.executors) {
    const id = stormInstanceId(page.id, executor.range);
    for (const o of outputs) {
      put(metric.emitted(o.stream), id, share(executor.emitted, o.emitted, emittedTotal) * perMinute);
      if (page.componentType === 'spout') {
        const ackShare = ackedTotal > 0 ? (o.acked ?? 0) / ackedTotal : 1 / outputs.length;
        put(metric.spoutAcked(o.stream), id, executor.acked * ackShare * perMinute);
        put(metric.spoutFailed(o.stream), id, executor.failed * ackShare * perMinute);
        put(metric.completeLatencyMs(o.stream), id, executor.completeLatencyMs);
      }
    }
    if (page.componentType === 'bolt') {
      put(metric.capacity, id, executor.capacity);
      for (const i of inputs) {
        const fraction = executedTotal > 0 ? i.executed / executedTotal : 1 / inputs.length;
        put(metric.executed(i.component, i.stream), id, (executor.executed ?? 0) * fraction * perMinute);
        put(metric.boltAcked(i.component, i.stream), id, executor.acked * fraction * perMinute);
        put(metric.boltFailed(i.component, i.stream), id, executor.failed * fraction * perMinute);
        put(metric.executeLatencyMs(i.component, i.stream), id, executor.executeLatencyMs);
        put(metric.processLatencyMs(i.component, i.stream), id, executor.processLatencyMs);
      }
    }
  }
  return out;
}

function share(executorTotal: number, streamTotal: number, componentTotal: number): number {
  return componentTotal > 0 ? (executorTotal * streamTotal) / componentTotal : 0;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

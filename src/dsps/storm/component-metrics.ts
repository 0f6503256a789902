import type { StormComponentPage } from './component-page.js';
import { isStormSystemName, stormInstanceId } from './storm-structure.js';

/** Storm's busy fraction of an executor over the window (0–1, may exceed 1): not a Heron metric. */
export const STORM_CAPACITY_METRIC = '__storm-capacity';

const NS_PER_MS = 1e6;

/**
 * One component page's windowed aggregates as per-instance values under Heron's metric names and units, so
 * the models read Storm as they read Heron: counts per minute (`total × 60 / windowSec`), latencies in ns
 * (`ms × 1e6`). Keys: `__emit-count/<stream>`, spouts `__ack-count/<stream>`, `__fail-count/<stream>`,
 * `__complete-latency/<stream>`; bolts `__execute-count/<source>/<stream>`, `__execute-latency/…`,
 * `__process-latency/…`, `__ack-count/…`, `__fail-count/…`; and {@link STORM_CAPACITY_METRIC}.
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
  const perMinute = 60 / windowSec;
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
      put(`__emit-count/${o.stream}`, id, share(executor.emitted, o.emitted, emittedTotal) * perMinute);
      if (page.componentType === 'spout') {
        const ackShare = ackedTotal > 0 ? (o.acked ?? 0) / ackedTotal : 1 / outputs.length;
        put(`__ack-count/${o.stream}`, id, executor.acked * ackShare * perMinute);
        put(`__fail-count/${o.stream}`, id, executor.failed * ackShare * perMinute);
        put(`__complete-latency/${o.stream}`, id, ns(executor.completeLatencyMs));
      }
    }
    if (page.componentType === 'bolt') {
      put(STORM_CAPACITY_METRIC, id, executor.capacity);
      for (const i of inputs) {
        const key = `${i.component}/${i.stream}`;
        const fraction = executedTotal > 0 ? i.executed / executedTotal : 1 / inputs.length;
        put(`__execute-count/${key}`, id, (executor.executed ?? 0) * fraction * perMinute);
        put(`__ack-count/${key}`, id, executor.acked * fraction * perMinute);
        put(`__fail-count/${key}`, id, executor.failed * fraction * perMinute);
        put(`__execute-latency/${key}`, id, ns(executor.executeLatencyMs));
        put(`__process-latency/${key}`, id, ns(executor.processLatencyMs));
      }
    }
  }
  return out;
}

function share(executorTotal: number, streamTotal: number, componentTotal: number): number {
  return componentTotal > 0 ? (executorTotal * streamTotal) / componentTotal : 0;
}

function ns(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms * NS_PER_MS;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

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

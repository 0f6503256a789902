import { num, withUnit } from './format.js';
import type { TopologySummary } from './topology-summary.js';

/** One line of the topology summary: its id (the console's `data-metric`), label and value. */
export interface SummaryRow {
  metric: string;
  label: string;
  value: (s: TopologySummary) => string;
}

/**
 * The rows of the latency / throughput / ρ / headroom summary, in order: one list for the console's
 * summary table and the CLI's, so both read a result the same way.
 */
export const SUMMARY_ROWS: SummaryRow[] = [
  { metric: 'latency-mean', label: 'latency, mean', value: (s) => withUnit(s.latencyMeanMs, 'ms') },
  { metric: 'latency-max', label: 'latency, slowest path', value: (s) => withUnit(s.latencyMaxMs, 'ms') },
  {
    metric: 'throughput',
    label: 'throughput (spouts)',
    value: (s) => withUnit(s.throughputTuplesPerSec, 'tuples/s'),
  },
  { metric: 'offered', label: 'offered (spouts)', value: (s) => withUnit(s.offeredTuplesPerSec, 'tuples/s') },
  { metric: 'max-utilisation', label: 'max ρ', value: (s) => num(s.maxUtilisation) },
  { metric: 'bottleneck', label: 'bottleneck', value: (s) => s.bottleneck ?? '—' },
  {
    metric: 'backpressure',
    label: 'backpressure',
    value: (s) => (s.backpressure ? `yes: ${s.backpressureInstances.join(', ')}` : 'no'),
  },
  { metric: 'headroom', label: 'headroom (× spout rates)', value: (s) => num(s.headroom) },
  { metric: 'instances', label: 'instances', value: (s) => String(s.instanceCount) },
];

/** A container's predicted CPU as `load / capacity cores`, `—` when the summary lacks the container. */
export function containerCpuText(summary: TopologySummary, containerId: string): string {
  const c = summary.containers.find((k) => k.id === containerId);
  return c ? `${num(c.loadCores, 2)} / ${num(c.capacityCores, 2)} cores` : '—';
}

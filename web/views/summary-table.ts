import { num, withUnit } from '../../src/ui/shared/format.js';
import type { TopologySummary } from '../../src/ui/shared/topology-summary.js';
import { h } from '../dom.js';

interface Row {
  metric: string;
  label: string;
  value: (s: TopologySummary) => string;
}

const ROWS: Row[] = [
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

/** The latency / throughput / ρ / headroom / CPU summary of one or more results, one column each. */
export function summaryTable(columns: Array<{ title: string; summary: TopologySummary }>): HTMLTableElement {
  const containers = [...new Set(columns.flatMap((c) => c.summary.containers.map((x) => x.id)))];
  const cpuRow = (id: string) =>
    h(
      'tr',
      { 'data-metric': `cpu-${id}` },
      h('th', {}, `CPU ${id}`),
      ...columns.map((c) => {
        const x = c.summary.containers.find((k) => k.id === id);
        const text = x ? `${num(x.loadCores, 2)} / ${num(x.capacityCores, 2)} cores` : '—';
        return h('td', { class: x?.overCapacity ? 'bad' : undefined }, text);
      }),
    );
  return h(
    'table',
    { class: 'summary', 'data-testid': 'summary' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), ...columns.map((c) => h('th', {}, c.title)))),
    h(
      'tbody',
      {},
      ...ROWS.map((r) =>
        h(
          'tr',
          { 'data-metric': r.metric },
          h('th', {}, r.label),
          ...columns.map((c) =>
            h(
              'td',
              { class: r.metric === 'backpressure' && c.summary.backpressure ? 'bad' : undefined },
              r.value(c.summary),
            ),
          ),
        ),
      ),
      ...containers.map(cpuRow),
    ),
  );
}

import { containerCpuText, SUMMARY_ROWS } from '../../src/ui/shared/summary-rows.js';
import type { TopologySummary } from '../../src/ui/shared/topology-summary.js';
import { h } from '../dom.js';

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
        return h('td', { class: x?.overCapacity ? 'bad' : undefined }, containerCpuText(c.summary, id));
      }),
    );
  return h(
    'table',
    { class: 'summary', 'data-testid': 'summary' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), ...columns.map((c) => h('th', {}, c.title)))),
    h(
      'tbody',
      {},
      ...SUMMARY_ROWS.map((r) =>
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

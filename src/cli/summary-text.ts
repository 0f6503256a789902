import { containerCpuText, SUMMARY_ROWS } from '../ui/shared/summary-rows.js';
import type { TopologySummary } from '../ui/shared/topology-summary.js';
import { textTable } from './text-table.js';

/**
 * The console's summary table as text: one column per result (today, proposed…), the rows of
 * SUMMARY_ROWS, then the predicted CPU of each container (`!` marks one over its cores).
 */
export function summaryText(columns: Array<{ title: string; summary: TopologySummary }>): string {
  const containers = [...new Set(columns.flatMap((c) => c.summary.containers.map((x) => x.id)))];
  const rows = [
    ...SUMMARY_ROWS.map((r) => [r.label, ...columns.map((c) => r.value(c.summary))]),
    ...containers.map((id) => [
      `CPU ${id}`,
      ...columns.map((c) => {
        const over = c.summary.containers.find((x) => x.id === id)?.overCapacity;
        return `${containerCpuText(c.summary, id)}${over ? ' !' : ''}`;
      }),
    ]),
  ];
  return textTable(['', ...columns.map((c) => c.title)], rows);
}

import { sparseRows } from '../../models/queueing/sparse-rows.js';
import { stronglyConnectedComponents } from '../../models/queueing/strongly-connected-components.js';
import type { PlanGraph } from './plan-graph.js';

/**
 * The feedback cycles of a logical plan: each set of components that tuples can go round (a strongly
 * connected component of the stream graph with more than one member, or a component feeding itself),
 * members sorted by name, cycles sorted by their first member.
 */
export function componentCycles(graph: Pick<PlanGraph, 'components' | 'streams'>): string[][] {
  const names = graph.components.map((c) => c.name);
  const index = new Map(names.map((n, i) => [n, i]));
  const rows: number[] = [];
  const columns: number[] = [];
  for (const s of graph.streams) {
    const from = index.get(s.source);
    const to = index.get(s.target);
    if (from === undefined || to === undefined) continue;
    // Row `to` reads column `from`: the consumer depends on its source.
    rows.push(to);
    columns.push(from);
  }
  const scc = stronglyConnectedComponents(
    sparseRows(
      names.length,
      rows,
      columns,
      rows.map(() => 1),
    ),
  );
  const cycles: string[][] = [];
  for (let c = 0; c < scc.count; c++) {
    if (!scc.cyclic[c]) continue;
    const members: string[] = [];
    for (let k = scc.start[c] as number; k < (scc.start[c + 1] as number); k++)
      members.push(names[scc.members[k] as number] as string);
    cycles.push(members.sort());
  }
  return cycles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

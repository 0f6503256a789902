import type { TopologyGraphResult } from '../models/graph/topology-graph-result.js';
import type { ResultDocument } from '../ui/shared/api-client.js';
import { num } from '../ui/shared/format.js';
import { textTable } from './text-table.js';

/** Container pairs listed: the busiest few carry the story. */
const PAIRS_SHOWN = 5;

/** The graph analysis: critical path, fan-in/out and rates per component, cycles, busiest container pairs. */
export function graphText(doc: ResultDocument): string {
  const r = doc.model_results[0]?.results as unknown as TopologyGraphResult;
  const critical = r.critical_path
    ? `${r.critical_path.components.join(' → ')} (${num(r.critical_path.latency_ms)} ms)`
    : 'none';
  // In data-path order: spouts first, then each component where the paths first reach it.
  const order = new Map<string, number>();
  for (const path of r.paths) {
    for (const [i, c] of path.components.entries()) order.set(c, Math.min(order.get(c) ?? i, i));
  }
  const rank = (name: string) => order.get(name) ?? Number.MAX_SAFE_INTEGER;
  const components = [...r.components].sort(
    (a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name),
  );
  const pairs = [...r.containers.pairs]
    .filter((p) => p.from !== p.to)
    .sort((a, b) => b.tuples_per_sec - a.tuples_per_sec)
    .slice(0, PAIRS_SHOWN);
  return [
    `${doc.topology_id} (${doc.dsps}) · topology graph · ${doc.model_id}`,
    '',
    `critical path: ${critical}`,
    `cross-container share of tuples: ${num(r.containers.cross_container_fraction * 100)} %`,
    `paths: ${r.paths.length}${r.paths_truncated ? ' (truncated)' : ''} · cycles: ${r.cycles.length === 0 ? 'none' : r.cycles.map((c) => c.join(' → ')).join('; ')}`,
    '',
    textTable(
      ['component', 'kind', 'parallelism', 'fan-in', 'fan-out', 'λ tuples/s', 'sojourn ms'],
      components.map((c) => [
        c.name,
        c.kind,
        String(c.parallelism),
        String(c.fan_in),
        String(c.fan_out),
        num(c.arrival_rate),
        num(c.sojourn_time_ms),
      ]),
    ),
    '',
    'busiest container pairs (remote hops):',
    textTable(
      ['from', 'to', 'tuples/s'],
      pairs.map((p) => [p.from, p.to, num(p.tuples_per_sec)]),
    ),
    '',
  ].join('\n');
}

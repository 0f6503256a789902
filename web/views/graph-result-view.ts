import type { TopologyGraphResult } from '../../src/models/graph/topology-graph-result.js';
import type { ResultDocument } from '../../src/ui/shared/api-client.js';
import { num, percent } from '../../src/ui/shared/format.js';
import { h, table } from '../dom.js';

/** What the graph aspect says: the critical path, fan-in/out per component, cycles, container traffic. */
export function graphResultView(doc: ResultDocument): HTMLElement {
  const graph = doc.model_results[0]?.results as TopologyGraphResult | undefined;
  if (!graph) return h('p', {}, 'The result holds no graph.');
  const critical = graph.critical_path;
  const busiest = [...graph.containers.pairs]
    .filter((p) => p.from !== p.to)
    .sort((a, b) => b.tuples_per_sec - a.tuples_per_sec)
    .slice(0, 10);
  return h(
    'section',
    { 'data-testid': 'graph-result' },
    h('h3', {}, 'Critical path'),
    critical
      ? h(
          'p',
          { 'data-testid': 'critical-path' },
          critical.components.join(' → '),
          critical.latency_ms === null ? ' (no steady state)' : ` — ${num(critical.latency_ms)} ms`,
        )
      : h('p', {}, 'No spout → sink path.'),
    h('h3', {}, 'Components'),
    table(
      ['component', 'kind', 'parallelism', 'fan-in', 'fan-out', 'arrivals (tuples/s)', 'sojourn (ms)'],
      graph.components.map((c) => [
        c.name,
        c.kind,
        c.parallelism,
        c.fan_in,
        c.fan_out,
        c.arrival_rate === null ? '—' : num(c.arrival_rate),
        c.sojourn_time_ms === null ? '—' : num(c.sojourn_time_ms),
      ]),
      { 'data-testid': 'graph-components' },
    ),
    h('p', {}, `Tuples crossing containers: ${percent(graph.containers.cross_container_fraction)}`),
    busiest.length > 0
      ? table(
          ['from container', 'to container', 'tuples/s'],
          busiest.map((p) => [p.from, p.to, num(p.tuples_per_sec)]),
        )
      : null,
    graph.cycles.length > 0
      ? h('p', {}, `Cycles: ${graph.cycles.map((c) => c.join(' ↔ ')).join('; ')}`)
      : null,
  );
}

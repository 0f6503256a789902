import type { ResultDocument } from '../ui/shared/api-client.js';
import { num } from '../ui/shared/format.js';
import {
  applyCommandOf,
  type ScalingResults,
  scalingResultsOf,
  shellCommand,
  type TopologyCoordinates,
} from '../ui/shared/scaling-summary.js';
import { summariseTopology, type TopologyModelResults } from '../ui/shared/topology-summary.js';
import { summaryText } from './summary-text.js';
import { textTable } from './text-table.js';
import { trafficLine } from './topology-text.js';

export function adviceText(results: ScalingResults): string {
  const rows = results.components.map((c) => [
    c.component,
    c.kind,
    `${c.current_parallelism} → ${c.recommended_parallelism}`,
    num(c.required_rate_per_sec),
    num(c.current_utilisation),
    num(c.predicted_utilisation),
    c.bound_by,
  ]);
  return textTable(
    ['component', 'kind', 'parallelism', 'needs tuples/s', 'ρ now', 'ρ after', 'bound by'],
    rows,
  );
}

/**
 * Scaling advice: parallelism per component, why, the command that applies it, and both plans' predictions.
 * `role` is the Heron role the request named (results do not echo it; `heron update` needs it).
 */
export function scalingText(doc: ResultDocument, role?: string): string {
  const results = scalingResultsOf(doc);
  const coordinates = { ...(doc as unknown as TopologyCoordinates) };
  if (role && !coordinates.role) coordinates.role = role;
  const command = applyCommandOf(coordinates, results);
  const reasons = results.components
    .filter((c) => results.changed.includes(c.component))
    .flatMap((c) => c.reasons.map((r) => `  ${c.component}: ${r}`));
  const { current, recommended } = results.prediction as {
    current: TopologyModelResults;
    recommended: TopologyModelResults;
  };
  return [
    `${doc.topology_id} (${doc.dsps}) · scaling advice (${results.planner}, target ρ ${num(results.target_utilisation)}) · ${doc.model_id}`,
    trafficLine(doc.request),
    '',
    adviceText(results),
    ...(reasons.length > 0 ? ['', 'why:', ...reasons] : []),
    '',
    command.length > 0 ? `apply: ${shellCommand(command)}` : 'apply: nothing to change',
    '',
    'predicted at the same traffic:',
    summaryText([
      { title: `today (${results.instances.current} instances)`, summary: summariseTopology(current) },
      {
        title: `recommended (${results.instances.recommended} instances)`,
        summary: summariseTopology(recommended),
      },
    ]),
    '',
  ].join('\n');
}

import type { ResultDocument } from '../ui/shared/api-client.js';
import { num } from '../ui/shared/format.js';
import {
  type InstanceResult,
  summariseTopology,
  type TopologyModelResults,
  topologyResultsOf,
} from '../ui/shared/topology-summary.js';
import { summaryText } from './summary-text.js';
import { textTable } from './text-table.js';

/** Bolt instances listed besides the backpressured and warned ones: the busiest few. */
const BUSIEST_SHOWN = 5;

const offeredRho = (i: InstanceResult) => i.offered_utilisation ?? i.utilisation ?? 0;

/**
 * The instances worth a look: every backpressured or warned one, then the busiest bolts by offered ρ,
 * at least BUSIEST_SHOWN in all; busiest first.
 */
export function instancesOfNote(results: TopologyModelResults): Array<[string, InstanceResult]> {
  const bolts = Object.entries(results.instances)
    .filter(([, i]) => i.kind === 'bolt')
    .sort(([, a], [, b]) => offeredRho(b) - offeredRho(a));
  const flagged = bolts.filter(([, i]) => i.state !== 'ok');
  return bolts.slice(0, Math.max(flagged.length, BUSIEST_SHOWN));
}

export function instancesText(results: TopologyModelResults): string {
  const rows = instancesOfNote(results).map(([id, i]) => [
    id,
    i.component,
    i.container,
    num(i.arrival_rate),
    num(i.service_time_ms?.mean),
    num(i.utilisation),
    num(i.offered_utilisation),
    num(i.waiting_time_ms),
    num(i.sojourn_time_ms),
    i.state,
  ]);
  return textTable(
    [
      'instance',
      'component',
      'container',
      'λ tuples/s',
      'S ms',
      'ρ',
      'offered ρ',
      'wait ms',
      'sojourn ms',
      'state',
    ],
    rows,
  );
}

/** How the spout rates were chosen, from the request the result echoes. */
export function trafficLine(request: Record<string, unknown>): string {
  const rates = request.spout_rates as Record<string, number> | undefined;
  if (request.traffic === 'forecast') return 'spout rates: the traffic forecast’s peak';
  if (rates && request.traffic === 'requested') {
    const shown = Object.entries(rates).map(([task, rate]) => `${task}=${num(rate)}`);
    return `spout rates: requested, tuples/s per instance (${shown.join(' ')})`;
  }
  return 'spout rates: measured';
}

/** A topology model result (current or proposed plan) as a summary and its instances of note. */
export function topologyText(doc: ResultDocument): string {
  const results = topologyResultsOf(doc);
  const plan = (doc.request.plan_kind as string | undefined) ?? 'current';
  const throttled = results.backpressure.active
    ? [
        `spouts throttled by backpressure to ${num(results.backpressure.throttle_factor * 100)} % of the offered rate`,
      ]
    : [];
  return [
    `${doc.topology_id} (${doc.dsps}) · ${plan} plan · ${doc.model_id}`,
    trafficLine(doc.request),
    ...throttled,
    '',
    summaryText([{ title: plan, summary: summariseTopology(results) }]),
    '',
    'instances of note (backpressured, warned, the busiest bolts):',
    instancesText(results),
    '',
  ].join('\n');
}

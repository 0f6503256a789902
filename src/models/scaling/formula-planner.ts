import { formatQuantity as q } from './format-quantity.js';
import { totalArrivalRatePerSec } from './instance-load.js';
import type { PlannerProposal, ScalingPlanner } from './scaling-planner.js';
import type { ScalingSettings } from './scaling-settings.js';

export interface FormulaState {
  /** Tuples waiting in the component's queues, ≥ 0. */
  backlogTuples: number;
  /** Tuples/s the component must execute, ≥ 0. */
  requiredRatePerSec: number;
  /** True service rate of one instance, 1000 / S tuples/s, > 0. */
  serviceRatePerInstancePerSec: number;
}

/**
 * Vespene's autoscaling formula, with a stream component's queued and running work in instances:
 *
 *   queued  = backlog / (μ · drainSec)        (instances that drain the backlog in drainSec)
 *   running = λ / μ                           (instances kept busy by the required rate)
 *   n = clamp(⌈(queued · w_q + running · w_r) · multiplier + excess⌉, minInstances, maxInstances)
 *
 * μ the true service rate per instance, λ the required rate. It sizes for the mean instance: key skew is
 * not seen.
 *
 * @param state backlog, required rate and service rate of one component
 * @param settings `formula` settings: queuedWeight, runningWeight, multiplier, excessInstances, drainSec,
 *   minInstances, maxInstances
 * @returns the parallelism, an integer ≥ 1, and the formula with its numbers
 * @example formulaParallelism({ backlogTuples: 30000, requiredRatePerSec: 1000, serviceRatePerInstancePerSec: 500 }, {
 *   queuedWeight: 1, runningWeight: 1, multiplier: 1.4, excessInstances: 0, drainSec: 60, minInstances: 1 }).parallelism
 *   // 5: queued 30000 / (500 × 60) = 1, running 1000 / 500 = 2, ⌈(1 + 2) × 1.4⌉ = ⌈4.2⌉
 */
export function formulaParallelism(
  state: FormulaState,
  settings: ScalingSettings['formula'],
): { parallelism: number; reason: string } {
  const mu = state.serviceRatePerInstancePerSec;
  const queued = state.backlogTuples / (mu * settings.drainSec);
  const running = state.requiredRatePerSec / mu;
  const size =
    (queued * settings.queuedWeight + running * settings.runningWeight) * settings.multiplier +
    settings.excessInstances;
  const raw = Math.ceil(size - 1e-9);
  const max = settings.maxInstances ?? Number.POSITIVE_INFINITY;
  const n = Math.min(max, Math.max(settings.minInstances, raw));
  const clamp = n === raw ? '' : `, clamped to [${settings.minInstances}, ${q(max)}]: ${n}`;
  return {
    parallelism: n,
    reason:
      `queued ${q(queued)} = ${q(state.backlogTuples)} / (${q(mu)} × ${q(settings.drainSec)} s), running ` +
      `${q(running)} = ${q(state.requiredRatePerSec)} / ${q(mu)}: ⌈(${q(queued)} × ${q(settings.queuedWeight)} + ` +
      `${q(running)} × ${q(settings.runningWeight)}) × ${q(settings.multiplier)} + ${q(settings.excessInstances)}⌉ = ${raw}${clamp}`,
  };
}

/** `formula` (Vespene): {@link formulaParallelism}; an unmeasured backlog counts as 0 (noted in the reason). */
export const formulaPlanner: ScalingPlanner = {
  name: 'formula',
  description:
    'size = (queued × queuedWeight + running × runningWeight) × multiplier + excess, clamped to ' +
    '[minInstances, maxInstances]; queued = backlog / (service rate × drainSec), running = rate / service rate.',
  propose({ spec, settings, inputs, serviceTimeMs }): PlannerProposal {
    const mu = serviceTimeMs > 0 ? 1000 / serviceTimeMs : Number.POSITIVE_INFINITY;
    const { parallelism, reason } = formulaParallelism(
      {
        backlogTuples: spec.backlogTuples ?? 0,
        requiredRatePerSec: totalArrivalRatePerSec(inputs, spec.parallelism),
        serviceRatePerInstancePerSec: mu,
      },
      settings.formula,
    );
    const note = spec.backlogTuples === undefined ? ' (no backlog measured: queued = 0)' : '';
    return { parallelism, boundBy: 'formula', reason: reason + note };
  },
};

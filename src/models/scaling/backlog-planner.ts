import { formatQuantity as q } from './format-quantity.js';
import type { PlannerProposal, ScalingPlanner } from './scaling-planner.js';
import type { ScalingSettings } from './scaling-settings.js';

export interface BacklogState {
  /** Tuples waiting in the component's queues, ≥ 0. */
  backlogTuples: number;
  /** Instances today, ≥ 1. */
  parallelism: number;
  /** Instances requested but not yet running, ≥ 0: counted as capacity. */
  startingInstances: number;
}

/**
 * The backlog rule (rubber's queue-driven spawner; KEDA's queue-length scaler, whose HPA computes
 * ⌈backlog / target per replica⌉): with threshold θ tuples per instance, spawn ratio s ∈ (0, 1],
 * minimum idle instances m and capacity c = parallelism + instances still starting,
 *
 *   busy = ⌈backlog / θ⌉                      (instances the backlog occupies at θ each)
 *   deficit = busy + m − c
 *   n = c + ⌈s · deficit⌉     if deficit > 0   (scale up: s of the missing instances per step)
 *   n = max(1, busy + m)      otherwise        (scale down to the busy ones plus m idle)
 *
 * then n = min(n, maxInstances). So nothing happens while the backlog per instance of capacity stays at
 * or below θ with m idle; the answer counts the starting instances (it is the parallelism to ask for).
 *
 * @param state backlog, parallelism and starting instances of one component
 * @param settings `backlog` settings: thresholdTuplesPerInstance, spawnRatio, minIdleInstances, maxInstances
 * @returns the parallelism, an integer ≥ 1, and the rule with its numbers
 * @example backlogParallelism({ backlogTuples: 4500, parallelism: 2, startingInstances: 1 }, {
 *   thresholdTuplesPerInstance: 1000, spawnRatio: 0.5, minIdleInstances: 0 }).parallelism
 *   // 4: busy ⌈4.5⌉ = 5, deficit 5 − 3 = 2, 3 + ⌈0.5 × 2⌉
 */
export function backlogParallelism(
  state: BacklogState,
  settings: ScalingSettings['backlog'],
): { parallelism: number; reason: string } {
  const { thresholdTuplesPerInstance: threshold, spawnRatio, minIdleInstances: idle } = settings;
  const capacity = state.parallelism + state.startingInstances;
  const busy = Math.ceil(state.backlogTuples / threshold);
  const deficit = busy + idle - capacity;
  const head = `backlog ${q(state.backlogTuples)} tuples at ${q(threshold)} per instance occupies ${busy}; capacity ${capacity} (${state.startingInstances} starting), ${idle} idle wanted`;
  let n: number;
  let reason: string;
  if (deficit > 0) {
    n = capacity + Math.ceil(spawnRatio * deficit);
    reason = `${head}: ${capacity} + ⌈${q(spawnRatio)} × ${deficit}⌉ = ${n}`;
  } else {
    n = Math.max(1, busy + idle);
    reason = `${head}: ${n === capacity ? 'kept at' : 'down to'} ${n}`;
  }
  if (settings.maxInstances !== undefined && n > settings.maxInstances) {
    n = settings.maxInstances;
    reason += `, capped at the planner's maxInstances ${n}`;
  }
  return { parallelism: n, reason };
}

/** `backlog` (rubber, KEDA): {@link backlogParallelism}; a component without a measured backlog is kept. */
export const backlogPlanner: ScalingPlanner = {
  name: 'backlog',
  description:
    'Backlog (pending tuples) per instance against a threshold: scale up by spawnRatio of the missing ' +
    'instances, count starting instances as capacity, keep minIdleInstances, cap at maxInstances.',
  propose({ spec, settings }): PlannerProposal {
    if (spec.backlogTuples === undefined) {
      return { parallelism: spec.parallelism, boundBy: 'not_scaled', reason: 'no backlog measured: kept' };
    }
    const { parallelism, reason } = backlogParallelism(
      {
        backlogTuples: spec.backlogTuples,
        parallelism: spec.parallelism,
        startingInstances: spec.startingInstances ?? 0,
      },
      settings.backlog,
    );
    return { parallelism, boundBy: 'backlog', reason };
  },
};

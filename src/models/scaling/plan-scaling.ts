import { AppError } from '../../errors.js';
import { formatQuantity as q } from './format-quantity.js';
import { hottestLoad, totalArrivalRatePerSec } from './instance-load.js';
import { type PackingRequest, packContainers } from './pack-containers.js';
import { MAX_RECOMMENDED_PARALLELISM } from './parallelism-limits.js';
import { type FlowDecision, propagateRequiredRates } from './required-rates.js';
import type { ComponentAdvice, ScalingAdvice } from './scaling-advice.js';
import { applyConstraints, type ConstrainedParallelism, resolveConstraints } from './scaling-constraints.js';
import type { PlannerProposal } from './scaling-planner.js';
import { SCALING_PLANNERS } from './scaling-planners.js';
import { type ScalingProblem, validateScalingProblem } from './scaling-problem.js';
import { parseScalingSettings, type ScalingSettingsInput } from './scaling-settings.js';

export { MAX_RECOMMENDED_PARALLELISM } from './parallelism-limits.js';

interface Decision extends FlowDecision {
  advice: ComponentAdvice;
}

/**
 * Scaling advice for a topology: per component, the parallelism that sustains the traffic, why, and the
 * predicted utilisation of its hottest instance; then the recommended instances packed into containers.
 *
 * 1. The settings are validated (`parseScalingSettings`) and the problem checked; bounds are merged and
 *    contradictions rejected (`resolveConstraints`).
 * 2. Components are planned in flow order (`propagateRequiredRates`): each gets the rate its upstream
 *    components let through under the new plan (DS2); the planner named by `settings.planner` proposes
 *    a parallelism, then the constraints apply in order — min/max (and at most
 *    MAX_RECOMMENDED_PARALLELISM), step limits, key-group alignment, which only rounds up
 *    (`applyConstraints`). Spouts keep their parallelism unless `scaleSpouts`.
 * 3. The plan is packed (`packContainers`) with the packing settings (`packing.minContainers` included).
 *
 * Pure: no I/O, no clock. Rules, defaults and references in docs/scaling.md.
 *
 * @param problem the topology at component level (see `scalingProblemOf`)
 * @param settings scaling settings, defaulted here (see `scalingSettingsSchema`)
 * @throws AppError `BAD_REQUEST` naming the field for invalid settings or problem, contradictory bounds,
 *   a feedback cycle without stable rates, or an instance larger than a container (the message in cores or
 *   MiB and bytes, naming the `packing.…PerContainer` setting)
 * @example // one spout at 1000 tuples/s into a bolt of 2 ms, today 1 instance: ⌈1000 / (500 × 0.7)⌉ = 3
 * planScaling({
 *   components: {
 *     spout: { kind: 'spout', parallelism: 1, outputRatios: { default: 1 }, inputs: [] },
 *     bolt: { kind: 'bolt', parallelism: 1, serviceTimeMeanMs: 2, outputRatios: {},
 *       inputs: [{ component: 'spout', stream: 'default', grouping: 'SHUFFLE', measuredShares: [] }] },
 *   },
 *   spoutRatesPerSec: { spout: 1000 },
 * }).components[1] // { component: 'bolt', recommended_parallelism: 3, predicted_utilisation: 0.6666…, … }
 */
export function planScaling(
  problem: ScalingProblem,
  settingsInput: ScalingSettingsInput = {},
): ScalingAdvice {
  const settings = parseScalingSettings(settingsInput);
  const problems = validateScalingProblem(problem);
  if (problems.length > 0) {
    const first = problems[0] as string;
    throw new AppError('BAD_REQUEST', `Invalid ${first}`, {
      details: { field: first.slice(0, first.indexOf(':')), reason: 'invalid scaling problem', problems },
    });
  }
  const bounds = resolveConstraints(problem, settings);
  const planner = SCALING_PLANNERS[settings.planner];

  const propagated = propagateRequiredRates<Decision>(problem, (name, inputs) => {
    const spec = problem.components[name] as ScalingProblem['components'][string];
    const serviceTimeMs = spec.serviceTimeMeanMs;
    const load = hottestLoad(inputs);
    const current = spec.parallelism;
    const plannable = spec.kind === 'bolt' || (settings.scaleSpouts && serviceTimeMs !== undefined);
    let proposal: PlannerProposal;
    let constrained: ConstrainedParallelism;
    if (plannable) {
      proposal = planner.propose({
        component: name,
        spec,
        inputs,
        load,
        serviceTimeMs: serviceTimeMs as number,
        settings,
      });
      const componentBounds = bounds.get(name) as NonNullable<ReturnType<typeof bounds.get>>;
      const keyed =
        componentBounds.alignAnyGrouping === true || spec.inputs.some((i) => i.grouping === 'FIELDS');
      constrained = applyConstraints(proposal.parallelism, current, componentBounds, settings, keyed);
    } else {
      proposal = {
        parallelism: current,
        boundBy: 'not_scaled',
        reason: settings.scaleSpouts
          ? 'spout without a serviceTimeMeanMs: not scaled'
          : 'spout: its rate is the traffic; not scaled (scaleSpouts is off)',
      };
      constrained = { parallelism: current, boundBy: null, reasons: [] };
    }
    let n = constrained.parallelism;
    const reasons = [proposal.reason, ...constrained.reasons];
    let boundBy = constrained.boundBy ?? proposal.boundBy;
    // applyConstraints already caps what it plans; this catches a spout kept at a larger parallelism.
    if (n > MAX_RECOMMENDED_PARALLELISM) {
      reasons.push(`augur recommends at most ${MAX_RECOMMENDED_PARALLELISM} instances (was ${n})`);
      n = MAX_RECOMMENDED_PARALLELISM;
      boundBy = 'max_parallelism';
    }
    const rho = (k: number) =>
      serviceTimeMs === undefined ? null : (load.atParallelism(k) * serviceTimeMs) / 1000;
    const predicted = rho(n);
    const required = totalArrivalRatePerSec(inputs, n);
    const passFraction = predicted !== null && predicted > 1 ? 1 / predicted : 1;
    if (passFraction < 1) {
      reasons.push(
        `its hottest instance saturates (ρ = ${q(predicted as number)}): it passes ${q(100 * passFraction)} % ` +
          'of the required rate on, and backpressure will throttle the spouts',
      );
    }
    return {
      processedRatePerSec: required,
      passFraction,
      advice: {
        component: name,
        kind: spec.kind,
        current_parallelism: current,
        recommended_parallelism: n,
        required_rate_per_sec: required,
        sustained_rate_per_sec: required * passFraction,
        service_rate_per_instance_per_sec:
          serviceTimeMs === undefined || serviceTimeMs === 0 ? null : 1000 / serviceTimeMs,
        current_utilisation: rho(current),
        predicted_utilisation: predicted,
        bound_by: boundBy,
        reasons,
      },
    };
  });

  const components = propagated.order.map((name) => (propagated.decisions.get(name) as Decision).advice);
  const requests: Record<string, PackingRequest> = {};
  const assumed: string[] = [];
  for (const advice of components) {
    const own = problem.components[advice.component]?.resourcesPerInstance;
    if (!own) assumed.push(advice.component);
    requests[advice.component] = {
      parallelism: advice.recommended_parallelism,
      resourcesPerInstance: own ?? settings.packing.instanceResources,
    };
  }
  const plan = packContainers(requests, {
    strategy: settings.packing.strategy,
    cpuCoresPerContainer: settings.packing.cpuCoresPerContainer,
    ramBytesPerContainer: settings.packing.ramBytesPerContainer,
    ...(settings.packing.diskBytesPerContainer !== undefined
      ? { diskBytesPerContainer: settings.packing.diskBytesPerContainer }
      : {}),
    ...(settings.packing.minContainers !== undefined
      ? { minContainers: settings.packing.minContainers }
      : {}),
  });
  const sum = (pick: (c: ComponentAdvice) => number) => components.reduce((s, c) => s + pick(c), 0);
  return {
    planner: settings.planner,
    target_utilisation: settings.targetUtilisation,
    components,
    changed: components
      .filter((c) => c.recommended_parallelism !== c.current_parallelism)
      .map((c) => c.component)
      .sort(),
    instances: {
      current: sum((c) => c.current_parallelism),
      recommended: sum((c) => c.recommended_parallelism),
    },
    sweeps: propagated.sweeps,
    packing: {
      strategy: settings.packing.strategy,
      containers: plan.containers.length,
      assumed_resources: assumed.sort(),
      plan,
    },
  };
}

/** The recommended parallelism per component of an advice. */
export function recommendedParallelism(advice: ScalingAdvice): Record<string, number> {
  return Object.fromEntries(advice.components.map((c) => [c.component, c.recommended_parallelism]));
}

import { formatQuantity as q } from './format-quantity.js';
import { type HottestLoad, hottestLoad } from './instance-load.js';
import { hottestUtilisation, type PlannerContext, type ScalingPlanner } from './scaling-planner.js';

const instances = (n: number) => `${n} instance${n === 1 ? '' : 's'}`;

/** Relative slack for floating-point comparisons of ρ with the target. */
const RHO_EPSILON = 1e-12;

export interface TargetParallelism {
  /** Smallest n whose hottest instance runs at ρ ≤ target; when unreachable, the n that keeps the mean there. */
  parallelism: number;
  /** False when the hot keys (or all/lowest groupings) alone put an instance over the target at any n. */
  reachable: boolean;
}

/**
 * The smallest parallelism whose hottest instance runs at or below a target utilisation:
 *
 *   n* = min { n ≥ 1 : maxᵢ λᵢ(n) · S / 1000 ≤ ρ_target }
 *
 * For a shuffle grouping maxᵢ λᵢ(n) = λ/n and this is n* = ⌈λ / (μ · ρ_target)⌉ with μ = 1000/S the
 * true service rate per instance (DS2: with true rates one step suffices). For a fields grouping the
 * per-instance rates keep the measured key skew (`redistributeLoad`), so the component is sized for its
 * hottest instance, not the mean; n* is searched upwards from the mean's bound ⌈λ_split·S/(1000·ρ_target)⌉
 * and, past the number of hot keys, solved from the closed form maxᵢ λᵢ(n) = A/n + B of
 * {@link HottestLoad}. If B·S/1000 ≥ ρ_target (one key, or an all/lowest grouping, is too hot for any n),
 * the target is unreachable and the mean's bound is answered.
 *
 * References: V. Kalavri et al. (2018), "Three steps is all you need: fast, accurate, automatic scaling
 * decisions for distributed streaming dataflows", OSDI '18 (DS2), §3 (parallelism from true rates);
 * leptoid's utilisation rule (parallelism = required rate / (service rate × target)).
 *
 * @param load the hottest instance's rate as a function of n, tuples/s
 * @param serviceTimeMs mean service time S, ms ≥ 0
 * @param targetUtilisation ρ_target in (0, 1]
 * @example smallestParallelismForTarget(hottestLoad([{ grouping: 'SHUFFLE', measuredShares: [], ratePerSec: 1000 }]), 2, 0.7)
 *   // { parallelism: 3, reachable: true }: ⌈1000 / (500 × 0.7)⌉
 */
export function smallestParallelismForTarget(
  load: HottestLoad,
  serviceTimeMs: number,
  targetUtilisation: number,
): TargetParallelism {
  const rho = (n: number) => hottestUtilisation({ load, serviceTimeMs }, n);
  const fits = (n: number) => rho(n) <= targetUtilisation * (1 + RHO_EPSILON);
  // maxᵢ λᵢ(n) ≥ (what is split over the instances) / n: no smaller n can fit.
  const lowest = Math.max(
    1,
    Math.ceil((load.splitRatePerSec * serviceTimeMs) / (1000 * targetUtilisation) - RHO_EPSILON),
  );
  for (let n = lowest; n < load.exactFrom; n++) if (fits(n)) return { parallelism: n, reachable: true };
  const from = Math.max(lowest, load.exactFrom);
  const capacityRatePerSec = (1000 * targetUtilisation) / serviceTimeMs;
  const headroom = capacityRatePerSec - load.floorRatePerSec;
  if (serviceTimeMs === 0 || load.spreadRatePerSec === 0) {
    return fits(from) ? { parallelism: from, reachable: true } : { parallelism: lowest, reachable: false };
  }
  if (!(headroom > 0)) return { parallelism: lowest, reachable: false };
  let n = Math.max(from, Math.ceil(load.spreadRatePerSec / headroom - RHO_EPSILON));
  while (!fits(n)) n++;
  while (n > from && fits(n - 1)) n--;
  return { parallelism: n, reachable: true };
}

/**
 * `utilisation` (leptoid + DS2): each component gets the smallest parallelism whose hottest instance
 * runs at ρ ≤ `targetUtilisation` ({@link smallestParallelismForTarget}) at the rate it must sustain.
 * Hysteresis: a component whose hottest instance would run at ρ ≤ target + `tolerance` at its current
 * parallelism is not scaled up by it. When a hot key (or an all/lowest grouping) alone is above the target,
 * the component is sized for its hottest instance at (ρ_key + 1)/2 — free of backpressure — and a
 * component overloaded today is never given fewer instances.
 */
export const utilisationPlanner: ScalingPlanner = {
  name: 'utilisation',
  description:
    'Smallest parallelism whose hottest instance runs at ρ ≤ targetUtilisation at the rate the component ' +
    'must sustain (DS2 true rates, leptoid utilisation rule); fields groupings keep the measured key skew.',
  propose(context: PlannerContext) {
    const { settings, serviceTimeMs, load, spec } = context;
    const target = settings.targetUtilisation;
    const found = smallestParallelismForTarget(load, serviceTimeMs, target);
    const n = found.parallelism;
    const current = spec.parallelism;
    const keyed = context.inputs.some((i) => ['FIELDS', 'DIRECT', 'CUSTOM'].includes(i.grouping));
    const broadcast = context.inputs.some((i) => i.grouping === 'ALL' || i.grouping === 'LOWEST');
    if (!found.reachable) {
      const floor = (load.floorRatePerSec * serviceTimeMs) / 1000;
      const keyedInputs = context.inputs.filter((i) => ['FIELDS', 'DIRECT', 'CUSTOM'].includes(i.grouping));
      const hotKeys = hottestLoad(keyedInputs).floorRatePerSec > 0;
      const what = [hotKeys ? 'its hottest key' : '', broadcast ? 'its all/lowest-grouped tuples' : '']
        .filter(Boolean)
        .join(' and ');
      // The target cannot be met; halfway between the hot key's own load and saturation still keeps the
      // hottest instance free of backpressure, without chasing the target with ever more instances.
      const sizedFor = (floor + 1) / 2;
      const halfway = floor < 1 ? smallestParallelismForTarget(load, serviceTimeMs, sizedFor) : undefined;
      const sized = halfway?.reachable ? Math.max(n, halfway.parallelism) : n;
      // Removing instances from a component that is overloaded today only stacks its keys tighter.
      const overloaded = hottestUtilisation(context, current) >= 1;
      const parallelism = overloaded ? Math.max(sized, current) : sized;
      return {
        parallelism,
        boundBy: 'hot_key',
        reason:
          `${what} alone put one instance at ρ ≥ ${q(floor)} > target ${q(target)} at any parallelism; ` +
          (halfway?.reachable
            ? `sized for the hottest instance at ρ ≤ ${q(sizedFor)}, halfway from it to saturation: ${instances(sized)}`
            : `sized for the mean instance instead: ${instances(n)}`) +
          (overloaded && parallelism > sized ? `; overloaded today, so kept at ${instances(current)}` : '') +
          (hotKeys ? ' (split or re-key the hot key)' : ''),
      };
    }
    const rhoNow = hottestUtilisation(context, current);
    if (n > current && rhoNow <= target + settings.tolerance) {
      return {
        parallelism: current,
        boundBy: 'tolerance',
        reason: `ρ = ${q(rhoNow)} at ${current} instances is within target ${q(target)} + tolerance ${q(settings.tolerance)}: kept`,
      };
    }
    const mu = serviceTimeMs > 0 ? 1000 / serviceTimeMs : Number.POSITIVE_INFINITY;
    const rhoNew = hottestUtilisation(context, n);
    const reason =
      keyed || broadcast
        ? `sized for the hottest instance (measured key skew kept): ${n} is the smallest parallelism with ` +
          `ρ = ${q(rhoNew)} ≤ ${q(target)} (hottest instance ${q(load.atParallelism(n))} of ` +
          `${q(load.splitRatePerSec)} tuples/s at ${q(mu)} tuples/s per instance)`
        : `⌈${q(load.splitRatePerSec)} / (${q(mu)} × ${q(target)})⌉ = ${instances(n)} keep ρ = ${q(rhoNew)} ≤ ${q(target)}`;
    return { parallelism: n, boundBy: 'target_utilisation', reason };
  },
};

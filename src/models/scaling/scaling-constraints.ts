import { AppError } from '../../errors.js';
import { formatQuantity as q } from './format-quantity.js';
import { alignToKeyGroups, largestAlignedAtMost } from './key-group-alignment.js';
import type { BoundBy } from './scaling-advice.js';
import type { ComponentConstraints, ScalingProblem } from './scaling-problem.js';
import type { ScalingSettings } from './scaling-settings.js';

/** A component's bounds after merging the problem's and the settings', with where each came from. */
export interface ResolvedConstraints {
  /** Fewest instances, ≥ 1. */
  min: number;
  /** Most instances; +∞ when unbounded. */
  max: number;
  /** Key groups to align a FIELDS-grouped component to; undefined for none. */
  maxParallelism?: number;
  /** The field each bound came from, for messages (`settings.components.x.min`). */
  fields: Partial<Record<keyof ComponentConstraints, string>>;
}

/** The per-step limits of the settings. */
export type StepLimits = Pick<ScalingSettings, 'maxScaleUpFactor' | 'maxScaleDownFactor'>;

export interface ConstrainedParallelism {
  parallelism: number;
  /** The last constraint that changed the number, or null when none did. */
  boundBy: BoundBy | null;
  /** One sentence per constraint that changed the number, in the order applied. */
  reasons: string[];
}

function contradiction(field: string, message: string): AppError {
  return new AppError('BAD_REQUEST', `Invalid ${field}: ${message}`, {
    details: { field, reason: 'contradictory bounds' },
  });
}

/**
 * Merges each component's bounds — the problem's `constraints`, overridden field by field by
 * `settings.components[name]` — and rejects contradictions.
 *
 * @throws AppError `BAD_REQUEST` naming the field: a settings entry for an unknown component, min > max,
 *   or min > maxParallelism (the key groups cap the parallelism)
 * @example resolveConstraints({ components: { a: { kind: 'bolt', parallelism: 2, serviceTimeMeanMs: 1, outputRatios: {}, inputs: [] } }, spoutRatesPerSec: {} },
 *   scalingSettingsSchema.parse({ components: { a: { max: 4 } } })).get('a') // { min: 1, max: 4, fields: { max: 'settings.components.a.max' } }
 */
export function resolveConstraints(
  problem: ScalingProblem,
  settings: Pick<ScalingSettings, 'components'>,
): Map<string, ResolvedConstraints> {
  for (const name of Object.keys(settings.components)) {
    if (!problem.components[name]) {
      throw new AppError(
        'BAD_REQUEST',
        `Invalid components.${name}: the topology has no component "${name}"`,
        {
          details: { field: `components.${name}`, reason: 'unknown component' },
        },
      );
    }
  }
  const resolved = new Map<string, ResolvedConstraints>();
  for (const [name, component] of Object.entries(problem.components)) {
    const fields: ResolvedConstraints['fields'] = {};
    const pick = (key: keyof ComponentConstraints): number | undefined => {
      const fromSettings = settings.components[name]?.[key];
      if (fromSettings !== undefined) {
        fields[key] = `settings.components.${name}.${key}`;
        return fromSettings;
      }
      const fromProblem = component.constraints?.[key];
      if (fromProblem !== undefined) fields[key] = `problem.components.${name}.constraints.${key}`;
      return fromProblem;
    };
    const min = pick('min') ?? 1;
    const max = pick('max') ?? Number.POSITIVE_INFINITY;
    const maxParallelism = pick('maxParallelism');
    if (min > max) {
      throw contradiction(
        fields.min as string,
        `min ${min} exceeds max ${max} (${fields.max}) of component "${name}"`,
      );
    }
    const keyed = component.inputs.some((i) => i.grouping === 'FIELDS');
    if (keyed && maxParallelism !== undefined && min > maxParallelism) {
      throw contradiction(
        fields.min ?? (fields.maxParallelism as string),
        `min ${min} exceeds maxParallelism ${maxParallelism} (the key groups) of component "${name}"`,
      );
    }
    resolved.set(name, { min, max, ...(maxParallelism !== undefined ? { maxParallelism } : {}), fields });
  }
  return resolved;
}

/**
 * Applies the constraints to a planner's proposal, in this order, recording each one that changes it:
 *
 * 1. **min / max**: n ← clamp(n, min, max). Hard bounds: nothing later leaves them.
 * 2. **steps**: n ← min(n, ⌈c·(1 + f_up)⌉) and n ← max(n, ⌈c·(1 − f_down)⌉), c the current parallelism —
 *    Flink's `scale-up.max-factor` / `scale-down.max-factor` (1 − f_down is the smallest factor a step
 *    may scale by: f_down = 0.6 lets a step remove at most 60 % of the instances). Each limit is itself
 *    clamped to [min, max].
 * 3. **key-group alignment** (components with a FIELDS input and `maxParallelism` K): n ← the smallest
 *    divisor of K that is ≥ n (K if n > K); if that exceeds max, the largest divisor ≤ n if it is ≥ min,
 *    else n stays unaligned. Alignment may exceed the step-up limit (it only rounds).
 *
 * @param proposed the planner's parallelism, an integer ≥ 1
 * @param current today's parallelism, an integer ≥ 1
 * @param bounds the component's resolved bounds
 * @param steps the settings' step limits
 * @param keyed whether the component has a FIELDS input (alignment applies only then)
 * @example applyConstraints(5, 4, { min: 1, max: Infinity, maxParallelism: 128, fields: {} }, { maxScaleDownFactor: 1 }, true)
 *   // { parallelism: 8, boundBy: 'key_group_alignment', reasons: ['alignment moved it from 5 to 8 (smallest divisor ≥ 5 of 128 key groups)'] }
 */
export function applyConstraints(
  proposed: number,
  current: number,
  bounds: ResolvedConstraints,
  steps: StepLimits,
  keyed: boolean,
): ConstrainedParallelism {
  let n = proposed;
  let boundBy: BoundBy | null = null;
  const reasons: string[] = [];
  const { min, max } = bounds;
  if (n < min) {
    reasons.push(`min parallelism ${min} raised it from ${n} to ${min}`);
    n = min;
    boundBy = 'min_parallelism';
  } else if (n > max) {
    reasons.push(`max parallelism ${max} lowered it from ${n} to ${max}`);
    n = max;
    boundBy = 'max_parallelism';
  }
  if (steps.maxScaleUpFactor !== undefined) {
    const up = Math.max(min, Math.min(max, Math.ceil(current * (1 + steps.maxScaleUpFactor) - 1e-9)));
    if (n > up) {
      reasons.push(
        `maxScaleUpFactor ${q(steps.maxScaleUpFactor)} allows at most ⌈${current} × ${q(1 + steps.maxScaleUpFactor)}⌉ = ${up} this step (was ${n})`,
      );
      n = up;
      boundBy = 'max_scale_up';
    }
  }
  const down = Math.min(max, Math.max(min, Math.ceil(current * (1 - steps.maxScaleDownFactor) - 1e-9)));
  if (n < down) {
    reasons.push(
      `maxScaleDownFactor ${q(steps.maxScaleDownFactor)} allows at least ⌈${current} × ${q(1 - steps.maxScaleDownFactor)}⌉ = ${down} this step (was ${n})`,
    );
    n = down;
    boundBy = 'max_scale_down';
  }
  const keyGroups = bounds.maxParallelism;
  if (keyed && keyGroups !== undefined) {
    let aligned = alignToKeyGroups(n, keyGroups);
    if (aligned > max) aligned = largestAlignedAtMost(n, keyGroups);
    if (aligned < min) {
      reasons.push(`no divisor of ${keyGroups} key groups lies in [${min}, ${q(max)}]: ${n} left unaligned`);
    } else if (aligned !== n) {
      const how =
        n > keyGroups
          ? `the ${keyGroups} key groups cap the parallelism`
          : aligned > n
            ? `smallest divisor ≥ ${n} of ${keyGroups} key groups`
            : `largest divisor ≤ ${n} of ${keyGroups} key groups within max ${q(max)}`;
      reasons.push(`alignment moved it from ${n} to ${aligned} (${how})`);
      n = aligned;
      boundBy = 'key_group_alignment';
    }
  }
  return { parallelism: n, boundBy, reasons };
}

import { AppError } from '../../errors.js';
import { formatQuantity as q } from './format-quantity.js';
import { alignToKeyGroups } from './key-group-alignment.js';
import { MAX_RECOMMENDED_PARALLELISM } from './parallelism-limits.js';
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
  /** Align to `maxParallelism` whatever the grouping (Storm task counts). */
  alignAnyGrouping?: boolean;
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
    const pick = (key: 'min' | 'max' | 'maxParallelism'): number | undefined => {
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
    const alignAnyGrouping = component.constraints?.alignAnyGrouping === true;
    const keyed = alignAnyGrouping || component.inputs.some((i) => i.grouping === 'FIELDS');
    if (keyed && maxParallelism !== undefined && min > maxParallelism) {
      throw contradiction(
        fields.min ?? (fields.maxParallelism as string),
        `min ${min} exceeds maxParallelism ${maxParallelism} (the key groups) of component "${name}"`,
      );
    }
    resolved.set(name, {
      min,
      max,
      ...(maxParallelism !== undefined ? { maxParallelism } : {}),
      ...(alignAnyGrouping ? { alignAnyGrouping } : {}),
      fields,
    });
  }
  return resolved;
}

/**
 * Applies the constraints to a planner's proposal, in this order, recording each one that changes it:
 *
 * 1. **min / max**: n ← clamp(n, min, max), then n ← min(n, MAX_RECOMMENDED_PARALLELISM). Hard bounds:
 *    nothing later leaves them (min ≤ MAX_RECOMMENDED_PARALLELISM is validated before).
 * 2. **steps**: n ← min(n, ⌈c·(1 + f_up)⌉) and n ← max(n, ⌈c·(1 − f_down)⌉), c the current parallelism —
 *    Flink's `scale-up.max-factor` / `scale-down.max-factor` (1 − f_down is the smallest factor a step
 *    may scale by: f_down = 0.6 lets a step remove at most 60 % of the instances). Each limit is itself
 *    clamped to the hard bounds of step 1.
 * 3. **key-group alignment** (components with a FIELDS input and `maxParallelism` K): n ← the smallest
 *    divisor of K that is ≥ n, or K when n > K (an instance beyond the key groups would own none). If
 *    that divisor exceeds max (or MAX_RECOMMENDED_PARALLELISM), n stays as it is, unaligned, and the
 *    reason says so: alignment only ever rounds up, never below the number steps 1–2 left — rounding
 *    down would starve a component the planner sized. Alignment may exceed the step-up limit.
 *
 * @param proposed the planner's parallelism, an integer ≥ 1
 * @param current today's parallelism, an integer ≥ 1
 * @param bounds the component's resolved bounds
 * @param steps the settings' step limits
 * @param keyed whether the component has a FIELDS input (alignment applies only then)
 * @example applyConstraints(5, 4, { min: 1, max: Infinity, maxParallelism: 128, fields: {} }, { maxScaleDownFactor: 1 }, true)
 *   // { parallelism: 8, boundBy: 'key_group_alignment', reasons: ['alignment moved it from 5 to 8 (smallest divisor ≥ 5 of 128 key groups)'] }
 * @example applyConstraints(3, 3, { min: 1, max: 4, maxParallelism: 5, fields: {} }, { maxScaleDownFactor: 1 }, true)
 *   // { parallelism: 3, boundBy: null, reasons: ['alignment to key groups 5 would exceed max 4: kept at 3, unaligned'] }
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
  const ceiling = Math.min(max, MAX_RECOMMENDED_PARALLELISM);
  if (n < min) {
    reasons.push(`min parallelism ${min} raised it from ${n} to ${min}`);
    n = min;
    boundBy = 'min_parallelism';
  } else if (n > max) {
    reasons.push(`max parallelism ${max} lowered it from ${n} to ${max}`);
    n = max;
    boundBy = 'max_parallelism';
  }
  if (n > MAX_RECOMMENDED_PARALLELISM) {
    reasons.push(`augur recommends at most ${MAX_RECOMMENDED_PARALLELISM} instances (was ${n})`);
    n = MAX_RECOMMENDED_PARALLELISM;
    boundBy = 'max_parallelism';
  }
  if (steps.maxScaleUpFactor !== undefined) {
    const up = Math.max(min, Math.min(ceiling, Math.ceil(current * (1 + steps.maxScaleUpFactor) - 1e-9)));
    if (n > up) {
      reasons.push(
        `maxScaleUpFactor ${q(steps.maxScaleUpFactor)} allows at most ⌈${current} × ${q(1 + steps.maxScaleUpFactor)}⌉ = ${up} this step (was ${n})`,
      );
      n = up;
      boundBy = 'max_scale_up';
    }
  }
  const down = Math.min(ceiling, Math.max(min, Math.ceil(current * (1 - steps.maxScaleDownFactor) - 1e-9)));
  if (n < down) {
    reasons.push(
      `maxScaleDownFactor ${q(steps.maxScaleDownFactor)} allows at least ⌈${current} × ${q(1 - steps.maxScaleDownFactor)}⌉ = ${down} this step (was ${n})`,
    );
    n = down;
    boundBy = 'max_scale_down';
  }
  const keyGroups = bounds.maxParallelism;
  if (keyed && keyGroups !== undefined) {
    const aligned = alignToKeyGroups(n, keyGroups);
    if (aligned > ceiling) {
      const limit =
        max <= MAX_RECOMMENDED_PARALLELISM
          ? `max ${q(max)}`
          : `augur's limit of ${MAX_RECOMMENDED_PARALLELISM} instances`;
      reasons.push(`alignment to key groups ${keyGroups} would exceed ${limit}: kept at ${n}, unaligned`);
    } else if (aligned !== n) {
      const how =
        aligned < n
          ? `the ${keyGroups} key groups cap the parallelism`
          : `smallest divisor ≥ ${n} of ${keyGroups} key groups`;
      reasons.push(`alignment moved it from ${n} to ${aligned} (${how})`);
      n = aligned;
      boundBy = 'key_group_alignment';
    }
  }
  return { parallelism: n, boundBy, reasons };
}

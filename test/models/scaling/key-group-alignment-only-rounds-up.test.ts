import { describe, expect, it } from 'vitest';
import { alignToKeyGroups } from '../../../src/models/scaling/key-group-alignment.js';
import {
  MAX_KEY_GROUPS,
  MAX_RECOMMENDED_PARALLELISM,
} from '../../../src/models/scaling/parallelism-limits.js';
import { planScaling } from '../../../src/models/scaling/plan-scaling.js';
import {
  applyConstraints,
  type ResolvedConstraints,
  type StepLimits,
} from '../../../src/models/scaling/scaling-constraints.js';
import type { ScalingSettingsInput } from '../../../src/models/scaling/scaling-settings.js';
import { appErrorOf, input, singleBolt } from './scaling-fixtures.js';

const bounds = (b: Partial<ResolvedConstraints> = {}): ResolvedConstraints => ({
  min: 1,
  max: Number.POSITIVE_INFINITY,
  fields: {},
  ...b,
});
const noSteps: StepLimits = { maxScaleDownFactor: 1 };

/** The smallest divisor of k that is ≥ n (k when n > k), by walking every candidate: the reference. */
function bruteAlign(n: number, k: number): number {
  for (let d = n; d < k; d++) if (k % d === 0) return d;
  return k;
}

describe('alignToKeyGroups enumerates divisors in O(√K)', () => {
  it.each([
    // K = 20 000 000 089 is prime: the old O(K) walk took minutes, √K ≈ 141 421 steps take milliseconds.
    { n: 5, k: 20_000_000_089, aligned: 20_000_000_089 },
    { n: 5, k: 2 ** 34, aligned: 8 },
    { n: 100_000, k: 2 ** 34, aligned: 131_072 },
    { n: 3, k: MAX_KEY_GROUPS, aligned: 4 },
    { n: 181, k: MAX_KEY_GROUPS, aligned: 256 },
    { n: 7, k: 12, aligned: 12 }, // a large partner (12/1) is the answer
    { n: 4, k: 12, aligned: 4 }, // a small divisor beats every partner
    { n: 5, k: 36, aligned: 6 }, // 6 = √36, its own partner
    { n: 7, k: 36, aligned: 9 }, // partner of 4
    { n: 37, k: 36, aligned: 36 },
  ])('alignToKeyGroups($n, $k) = $aligned', ({ n, k, aligned }) => {
    expect(alignToKeyGroups(n, k)).toBe(aligned);
  });

  it('agrees with walking every candidate for K ≤ 300 and n ≤ K + 1', () => {
    for (let k = 1; k <= 300; k++) {
      for (let n = 1; n <= k + 1; n++) {
        if (alignToKeyGroups(n, k) !== bruteAlign(n, k))
          expect(alignToKeyGroups(n, k)).toBe(bruteAlign(n, k));
      }
    }
  });

  it.each([0, -4, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('refuses K = %d', (k) => {
    expect(() => alignToKeyGroups(3, k)).toThrow(RangeError);
  });
});

describe('alignment never pushes a component below the number min/max and the steps left', () => {
  it.each([
    {
      case: 'the review case: max 4, K 5, the planner asks 3 → 3 unaligned (was 1, ρ ≫ 1)',
      proposed: 3,
      current: 3,
      b: { max: 4, maxParallelism: 5 },
      steps: noSteps,
      n: 3,
      boundBy: null,
      reasons: ['alignment to key groups 5 would exceed max 4: kept at 3, unaligned'],
    },
    {
      case: 'max lowers first, then 12 (the next divisor) would exceed max 10',
      proposed: 11,
      current: 3,
      b: { max: 10, maxParallelism: 12 },
      steps: noSteps,
      n: 10,
      boundBy: 'max_parallelism',
      reasons: [
        'max parallelism 10 lowered it from 11 to 10',
        'alignment to key groups 12 would exceed max 10: kept at 10, unaligned',
      ],
    },
    {
      case: 'min raises to 3, max 3, K 4: kept at the hard bound',
      proposed: 1,
      current: 2,
      b: { min: 3, max: 3, maxParallelism: 4 },
      steps: noSteps,
      n: 3,
      boundBy: 'min_parallelism',
      reasons: [
        'min parallelism 3 raised it from 1 to 3',
        'alignment to key groups 4 would exceed max 3: kept at 3, unaligned',
      ],
    },
    {
      case: 'aligning up within max',
      proposed: 5,
      current: 3,
      b: { max: 6, maxParallelism: 12 },
      steps: noSteps,
      n: 6,
      boundBy: 'key_group_alignment',
      reasons: ['alignment moved it from 5 to 6 (smallest divisor ≥ 5 of 12 key groups)'],
    },
    {
      case: 'aligning up may pass the step-up limit (it only rounds)',
      proposed: 9,
      current: 2,
      b: { maxParallelism: 12 },
      steps: { maxScaleUpFactor: 1.5, maxScaleDownFactor: 1 },
      n: 6,
      boundBy: 'key_group_alignment',
      reasons: [
        'maxScaleUpFactor 1.5 allows at most ⌈2 × 2.5⌉ = 5 this step (was 9)',
        'alignment moved it from 5 to 6 (smallest divisor ≥ 5 of 12 key groups)',
      ],
    },
    {
      case: 'augur’s cap of 10 000 comes with max, before alignment; 16 384 would exceed it',
      proposed: 20_000,
      current: 100,
      b: { maxParallelism: 16_384 },
      steps: noSteps,
      n: MAX_RECOMMENDED_PARALLELISM,
      boundBy: 'max_parallelism',
      reasons: [
        'augur recommends at most 10000 instances (was 20000)',
        "alignment to key groups 16384 would exceed augur's limit of 10000 instances: kept at 10000, unaligned",
      ],
    },
    {
      case: 'aligning up to 8192 stays under augur’s cap',
      proposed: 6000,
      current: 100,
      b: { maxParallelism: 8192 },
      steps: noSteps,
      n: 8192,
      boundBy: 'key_group_alignment',
      reasons: ['alignment moved it from 6000 to 8192 (smallest divisor ≥ 6000 of 8192 key groups)'],
    },
    {
      case: 'the step-down limit is clamped to augur’s cap too',
      proposed: 1,
      current: 30_000,
      b: {},
      steps: { maxScaleDownFactor: 0 },
      n: MAX_RECOMMENDED_PARALLELISM,
      boundBy: 'max_scale_down',
      reasons: ['maxScaleDownFactor 0 allows at least ⌈30000 × 1⌉ = 10000 this step (was 1)'],
    },
  ])('$case', ({ proposed, current, b, steps, n, boundBy, reasons }) => {
    expect(applyConstraints(proposed, current, bounds(b), steps, true)).toEqual({
      parallelism: n,
      boundBy,
      reasons,
    });
  });

  it('never ends below min(clamp(proposed, min, max), K) nor above max, for every small case', () => {
    for (const k of [1, 5, 7, 12, 128]) {
      for (const max of [1, 3, 4, 7, 10, 200, Number.POSITIVE_INFINITY]) {
        for (let min = 1; min <= Math.min(max, k, 4); min++) {
          for (let proposed = 1; proposed <= 40; proposed++) {
            const { parallelism } = applyConstraints(
              proposed,
              2,
              bounds({ min, max, maxParallelism: k }),
              noSteps,
              true,
            );
            const asked = Math.min(Math.max(proposed, min), max);
            const floor = Math.min(asked, k);
            if (parallelism < floor || parallelism > max)
              expect({ k, min, max, proposed, parallelism }).toEqual({
                k,
                min,
                max,
                proposed,
                parallelism: floor,
              });
          }
        }
      }
    }
  });

  it('planScaling keeps the planner’s 3 (ρ 0.667) when aligning to 5 key groups would break max 4', () => {
    // 1000 tuples/s, 2 ms, an even fields split: ⌈1000 / (500 × 0.7)⌉ = 3.
    const problem = singleBolt(1000, 2, 3, input('spout', 'FIELDS', [1, 1, 1]), {
      constraints: { maxParallelism: 5 },
    });
    const advice = planScaling(problem, { components: { bolt: { max: 4 } } }).components[1];
    expect(advice?.recommended_parallelism).toBe(3);
    expect(advice?.predicted_utilisation).toBeCloseTo(2 / 3, 12);
    expect(advice?.reasons.at(-1)).toBe('alignment to key groups 5 would exceed max 4: kept at 3, unaligned');
  });
});

describe('key groups and min are bounded: a 400 naming the field, never a hang or a silent cap', () => {
  it.each([
    {
      case: 'settings min above 10 000',
      settings: { components: { bolt: { min: 10_001 } } },
      field: 'components.bolt.min',
      message: /at most 10000/,
    },
    {
      case: 'settings key groups above 32 768',
      settings: { components: { bolt: { maxParallelism: 32_769 } } },
      field: 'components.bolt.maxParallelism',
      message: /at most 32768 key groups/,
    },
    {
      case: 'settings key groups 20 000 000 089',
      settings: { components: { bolt: { maxParallelism: 20_000_000_089 } } },
      field: 'components.bolt.maxParallelism',
      message: /at most 32768 key groups/,
    },
  ])('$case', ({ settings, field, message }) => {
    const problem = singleBolt(1000, 2, 1, input('spout', 'FIELDS', [1]));
    const err = appErrorOf(() => planScaling(problem, settings as ScalingSettingsInput));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.httpStatus).toBe(400);
    expect(err.details?.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  it.each([
    {
      case: 'problem min above 10 000',
      constraints: { min: 10_001 },
      field: 'components.bolt.constraints.min',
      message:
        'components.bolt.constraints.min: must be at most 10000 (augur never recommends more instances of one component), got 10001',
    },
    {
      case: 'problem key groups 20 000 000 089',
      constraints: { maxParallelism: 20_000_000_089 },
      field: 'components.bolt.constraints.maxParallelism',
      message:
        "components.bolt.constraints.maxParallelism: must be at most 32768 (Flink's upper bound of key groups), got 20000000089",
    },
  ])('$case', ({ constraints, field, message }) => {
    const problem = singleBolt(1000, 2, 1, input('spout', 'FIELDS', [1]), { constraints });
    const err = appErrorOf(() => planScaling(problem));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.details?.field).toBe(field);
    expect(err.details?.problems).toEqual([message]);
  });

  it.each([
    {
      where: 'settings',
      settings: { components: { bolt: { min: 10_000, maxParallelism: 32_768 } } },
      constraints: {},
    },
    { where: 'problem', settings: {}, constraints: { min: 10_000, maxParallelism: 32_768 } },
  ])(
    'accepts min 10 000 and 32 768 key groups from the $where (the upper ends)',
    ({ settings, constraints }) => {
      const problem = singleBolt(1000, 2, 1, input('spout', 'FIELDS', [1]), { constraints });
      const advice = planScaling(problem, settings).components[1];
      // 16 384 would exceed augur's cap, so min's 10 000 stays unaligned.
      expect(advice?.recommended_parallelism).toBe(10_000);
      expect(advice?.reasons.at(-1)).toBe(
        "alignment to key groups 32768 would exceed augur's limit of 10000 instances: kept at 10000, unaligned",
      );
    },
  );
});

import { describe, expect, it } from 'vitest';
import { alignToKeyGroups } from '../../../src/models/scaling/key-group-alignment.js';
import { planScaling } from '../../../src/models/scaling/plan-scaling.js';
import {
  applyConstraints,
  type ResolvedConstraints,
} from '../../../src/models/scaling/scaling-constraints.js';
import {
  parseScalingSettings,
  type ScalingSettingsInput,
} from '../../../src/models/scaling/scaling-settings.js';
import { appErrorOf, boltComponent, input, singleBolt } from './scaling-fixtures.js';

const bounds = (b: Partial<ResolvedConstraints> = {}): ResolvedConstraints => ({
  min: 1,
  max: Number.POSITIVE_INFINITY,
  fields: {},
  ...b,
});
const noSteps = { maxScaleDownFactor: 1 };

describe('constraints, applied in order', () => {
  it.each([
    {
      case: 'min raises',
      proposed: 1,
      current: 2,
      b: { min: 3 },
      steps: noSteps,
      n: 3,
      boundBy: 'min_parallelism',
      reasons: ['min parallelism 3 raised it from 1 to 3'],
    },
    {
      case: 'max lowers',
      proposed: 9,
      current: 2,
      b: { max: 6 },
      steps: noSteps,
      n: 6,
      boundBy: 'max_parallelism',
      reasons: ['max parallelism 6 lowered it from 9 to 6'],
    },
    {
      case: 'step up ≤ ⌈c·(1 + f)⌉',
      proposed: 9,
      current: 2,
      b: {},
      steps: { maxScaleUpFactor: 1, maxScaleDownFactor: 1 },
      n: 4,
      boundBy: 'max_scale_up',
      reasons: ['maxScaleUpFactor 1 allows at most ⌈2 × 2⌉ = 4 this step (was 9)'],
    },
    {
      case: 'step up, float-safe ⌈10 × 1.1⌉ = 11',
      proposed: 30,
      current: 10,
      b: {},
      steps: { maxScaleUpFactor: 0.1, maxScaleDownFactor: 1 },
      n: 11,
      boundBy: 'max_scale_up',
      reasons: ['maxScaleUpFactor 0.1 allows at most ⌈10 × 1.1⌉ = 11 this step (was 30)'],
    },
    {
      case: 'step down ≥ ⌈c·(1 − f)⌉ (Flink 0.6)',
      proposed: 2,
      current: 10,
      b: {},
      steps: { maxScaleDownFactor: 0.6 },
      n: 4,
      boundBy: 'max_scale_down',
      reasons: ['maxScaleDownFactor 0.6 allows at least ⌈10 × 0.4⌉ = 4 this step (was 2)'],
    },
    {
      case: 'a step limit never leaves [min, max]',
      proposed: 2,
      current: 10,
      b: { max: 3 },
      steps: { maxScaleDownFactor: 0.6 },
      n: 3,
      boundBy: 'max_scale_down',
      reasons: ['maxScaleDownFactor 0.6 allows at least ⌈10 × 0.4⌉ = 3 this step (was 2)'],
    },
    {
      case: 'no constraint binds',
      proposed: 5,
      current: 4,
      b: { min: 2, max: 9 },
      steps: { maxScaleUpFactor: 1, maxScaleDownFactor: 0.5 },
      n: 5,
      boundBy: null,
      reasons: [],
    },
  ])('$case', ({ proposed, current, b, steps, n, boundBy, reasons }) => {
    expect(applyConstraints(proposed, current, bounds(b), steps, false)).toEqual({
      parallelism: n,
      boundBy,
      reasons,
    });
  });

  it.each([
    {
      proposed: 5,
      b: {},
      n: 8,
      reason: 'alignment moved it from 5 to 8 (smallest divisor ≥ 5 of 128 key groups)',
    },
    { proposed: 8, b: {}, n: 8, reason: undefined },
    {
      proposed: 200,
      b: {},
      n: 128,
      reason: 'alignment moved it from 200 to 128 (the 128 key groups cap the parallelism)',
    },
    // Changed with the align-up-only rule: 8 would exceed max 7, so 5 stays (was aligned down to 4).
    {
      proposed: 5,
      b: { max: 7 },
      n: 5,
      reason: 'alignment to key groups 128 would exceed max 7: kept at 5, unaligned',
    },
    // Changed wording only: the number was already kept at 5.
    {
      proposed: 5,
      b: { min: 5, max: 7 },
      n: 5,
      reason: 'alignment to key groups 128 would exceed max 7: kept at 5, unaligned',
    },
  ])('aligns a fields-grouped $proposed to 128 key groups, bounds $b → $n', ({ proposed, b, n, reason }) => {
    const result = applyConstraints(proposed, 4, bounds({ ...b, maxParallelism: 128 }), noSteps, true);
    expect(result.parallelism).toBe(n);
    expect(result.reasons.at(-1)).toBe(reason);
    expect(result.boundBy).toBe(reason?.startsWith('alignment moved') ? 'key_group_alignment' : null);
  });

  it('does not align a component without a fields input', () => {
    expect(applyConstraints(5, 4, bounds({ maxParallelism: 128 }), noSteps, false).parallelism).toBe(5);
  });

  it('records every constraint that changed the number; the last one binds', () => {
    expect(applyConstraints(1, 4, bounds({ min: 3, maxParallelism: 128 }), noSteps, true)).toEqual({
      parallelism: 4,
      boundBy: 'key_group_alignment',
      reasons: [
        'min parallelism 3 raised it from 1 to 3',
        'alignment moved it from 3 to 4 (smallest divisor ≥ 3 of 128 key groups)',
      ],
    });
  });

  it('applies them after the planner in planScaling, with the planner’s reason first', () => {
    // 8 for the even fields split → max 6, already a divisor of the 12 key groups
    const problem = singleBolt(5000, 1, 4, input('spout', 'FIELDS', [1, 1, 1, 1]), {
      constraints: { maxParallelism: 12 },
    });
    const advice = planScaling(problem, { components: { bolt: { max: 6 } } }).components[1];
    expect(advice?.recommended_parallelism).toBe(6);
    expect(advice?.bound_by).toBe('max_parallelism');
    expect(advice?.reasons).toEqual([
      'sized for the hottest instance (measured key skew kept): 8 is the smallest parallelism with ρ = 0.625 ≤ 0.7 (hottest instance 625 of 5000 tuples/s at 1000 tuples/s per instance)',
      'max parallelism 6 lowered it from 8 to 6',
    ]);
  });
});

describe('key-group alignment', () => {
  it.each([
    [5, 128, 8],
    [8, 128, 8],
    [3, 12, 3],
    [5, 12, 6],
    [7, 12, 12],
    [13, 12, 12],
    [1, 1, 1],
    [1, 7, 1],
  ])('alignToKeyGroups(%i, %i) = %i', (n, k, expected) => {
    expect(alignToKeyGroups(n, k)).toBe(expected);
  });
});

describe('contradictory or out-of-range settings answer 400 naming the field', () => {
  it.each([
    { settings: { targetUtilisation: 0 }, field: 'targetUtilisation' },
    { settings: { targetUtilisation: -0.5 }, field: 'targetUtilisation' },
    { settings: { targetUtilisation: 1.2 }, field: 'targetUtilisation' },
    { settings: { tolerance: -0.1 }, field: 'tolerance' },
    { settings: { maxScaleDownFactor: 1.5 }, field: 'maxScaleDownFactor' },
    { settings: { maxScaleUpFactor: -1 }, field: 'maxScaleUpFactor' },
    { settings: { planner: 'magic' }, field: 'planner' },
    { settings: { components: { bolt: { min: 5, max: 3 } } }, field: 'components.bolt.min' },
    { settings: { components: { bolt: { min: 0 } } }, field: 'components.bolt.min' },
    { settings: { components: { bolt: { min: 9, maxParallelism: 8 } } }, field: 'components.bolt.min' },
    { settings: { formula: { minInstances: 4, maxInstances: 2 } }, field: 'formula.minInstances' },
    { settings: { packing: { cpuCoresPerContainer: 0 } }, field: 'packing.cpuCoresPerContainer' },
    { settings: { backlog: { spawnRatio: 2 } }, field: 'backlog.spawnRatio' },
    { settings: { unknown: 1 }, field: '' },
  ])('$settings → $field', ({ settings, field }) => {
    const err = appErrorOf(() => planScaling(singleBolt(1000, 2, 1), settings as never));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.httpStatus).toBe(400);
    expect(err.details?.field).toBe(field);
  });

  it('accepts target utilisation 1 (the upper end of (0, 1])', () => {
    expect(parseScalingSettings({ targetUtilisation: 1 }).targetUtilisation).toBe(1);
  });

  it.each([
    {
      case: 'problem min above settings max',
      problem: singleBolt(1000, 2, 1, undefined, { constraints: { min: 5 } }),
      settings: { components: { bolt: { max: 3 } } },
      field: 'problem.components.bolt.constraints.min',
      message: /min 5 exceeds max 3 \(settings\.components\.bolt\.max\)/,
    },
    {
      case: 'min above the key groups',
      problem: singleBolt(1000, 2, 1, input('spout', 'FIELDS', [1]), { constraints: { maxParallelism: 4 } }),
      settings: { components: { bolt: { min: 6 } } },
      field: 'settings.components.bolt.min',
      message: /min 6 exceeds maxParallelism 4/,
    },
    {
      case: 'bounds for an unknown component',
      problem: singleBolt(1000, 2, 1),
      settings: { components: { nope: { max: 3 } } },
      field: 'components.nope',
      message: /no component "nope"/,
    },
  ])('$case → 400', ({ problem, settings, field, message }) => {
    const err = appErrorOf(() => planScaling(problem, settings as unknown as ScalingSettingsInput));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.details?.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  it('rejects an invalid problem, naming the field', () => {
    const problem = singleBolt(1000, 2, 1);
    problem.components.bolt = boltComponent(0, Number.NaN, [input('ghost')]);
    const err = appErrorOf(() => planScaling(problem));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.details?.field).toBe('components.bolt.parallelism');
    expect(err.details?.problems).toEqual([
      'components.bolt.parallelism: must be an integer ≥ 1',
      'components.bolt.serviceTimeMeanMs: a bolt needs a finite number ≥ 0',
      'components.bolt.inputs[0].component: unknown component "ghost"',
    ]);
  });
});

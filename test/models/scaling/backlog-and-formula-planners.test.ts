import { describe, expect, it } from 'vitest';
import { backlogParallelism } from '../../../src/models/scaling/backlog-planner.js';
import { formulaParallelism } from '../../../src/models/scaling/formula-planner.js';
import { planScaling } from '../../../src/models/scaling/plan-scaling.js';
import { SCALING_PLANNERS } from '../../../src/models/scaling/scaling-planners.js';
import { PLANNER_NAMES, scalingSettingsSchema } from '../../../src/models/scaling/scaling-settings.js';
import { singleBolt } from './scaling-fixtures.js';

const defaults = scalingSettingsSchema.parse({});

describe('backlog planner (rubber, KEDA)', () => {
  it.each([
    // backlog, parallelism, starting, settings → n
    { backlog: 0, parallelism: 3, starting: 0, settings: {}, n: 1 }, // nothing queued: down to 1
    { backlog: 3000, parallelism: 3, starting: 0, settings: {}, n: 3 }, // exactly θ per instance: kept
    { backlog: 3001, parallelism: 3, starting: 0, settings: {}, n: 4 }, // busy ⌈3.001⌉ = 4
    { backlog: 4500, parallelism: 2, starting: 0, settings: {}, n: 5 }, // 2 + ⌈1 × 3⌉
    { backlog: 4500, parallelism: 2, starting: 1, settings: { spawnRatio: 0.5 }, n: 4 }, // 3 + ⌈0.5 × 2⌉
    { backlog: 4500, parallelism: 2, starting: 3, settings: {}, n: 5 }, // starting ones cover it
    { backlog: 2500, parallelism: 5, starting: 0, settings: { minIdleInstances: 1 }, n: 4 }, // 3 busy + 1 idle
    { backlog: 0, parallelism: 1, starting: 0, settings: { minIdleInstances: 2 }, n: 2 }, // 0 busy + 2 idle: 1 + ⌈1⌉
    { backlog: 10_000, parallelism: 2, starting: 0, settings: { maxInstances: 6 }, n: 6 }, // 10, capped
    { backlog: 900, parallelism: 1, starting: 0, settings: { thresholdTuplesPerInstance: 100 }, n: 9 },
  ])(
    'backlog $backlog tuples, parallelism $parallelism, starting $starting, $settings → $n',
    ({ backlog, parallelism, starting, settings, n }) => {
      const backlogSettings = scalingSettingsSchema.parse({ backlog: settings }).backlog;
      const answer = backlogParallelism(
        { backlogTuples: backlog, parallelism, startingInstances: starting },
        backlogSettings,
      );
      expect(answer.parallelism).toBe(n);
    },
  );

  it('explains the rule with its numbers', () => {
    const { reason } = backlogParallelism(
      { backlogTuples: 4500, parallelism: 2, startingInstances: 1 },
      { ...defaults.backlog, spawnRatio: 0.5 },
    );
    expect(reason).toBe(
      'backlog 4500 tuples at 1000 per instance occupies 5; capacity 3 (1 starting), 0 idle wanted: 3 + ⌈0.5 × 2⌉ = 4',
    );
  });

  it('keeps a component without a measured backlog and scales one with it', () => {
    const kept = planScaling(singleBolt(1000, 2, 2), { planner: 'backlog' }).components[1];
    expect(kept?.recommended_parallelism).toBe(2);
    expect(kept?.bound_by).toBe('not_scaled');
    const scaled = planScaling(singleBolt(1000, 2, 2, undefined, { backlogTuples: 7200 }), {
      planner: 'backlog',
    }).components[1];
    expect(scaled?.recommended_parallelism).toBe(8);
    expect(scaled?.bound_by).toBe('backlog');
    expect(scaled?.predicted_utilisation).toBeCloseTo(0.25, 12); // 1000/8 × 2 ms
  });
});

describe('formula planner (Vespene)', () => {
  const state = { backlogTuples: 30_000, requiredRatePerSec: 1000, serviceRatePerInstancePerSec: 500 };
  it.each([
    // queued = 30000 / (500 × 60) = 1, running = 1000 / 500 = 2
    { settings: {}, n: 5 }, // ⌈(1 + 2) × 1.4⌉ = ⌈4.2⌉
    { settings: { multiplier: 1 }, n: 3 }, // exactly 3
    { settings: { multiplier: 1, excessInstances: 2 }, n: 5 },
    { settings: { multiplier: 1, queuedWeight: 0 }, n: 2 },
    { settings: { multiplier: 1, runningWeight: 0.5 }, n: 2 }, // 1 + 1
    { settings: { multiplier: 1, drainSec: 15 }, n: 6 }, // queued 4
    { settings: { minInstances: 8 }, n: 8 },
    { settings: { maxInstances: 2 }, n: 2 },
  ])('$settings → $n', ({ settings, n }) => {
    const formula = scalingSettingsSchema.parse({ formula: settings }).formula;
    expect(formulaParallelism(state, formula).parallelism).toBe(n);
  });

  it('explains the formula with its numbers', () => {
    expect(formulaParallelism(state, defaults.formula).reason).toBe(
      'queued 1 = 30000 / (500 × 60 s), running 2 = 1000 / 500: ⌈(1 × 1 + 2 × 1) × 1.4 + 0⌉ = 5',
    );
  });

  it('counts an unmeasured backlog as zero in planScaling', () => {
    const advice = planScaling(singleBolt(1000, 2, 1), { planner: 'formula' }).components[1];
    expect(advice?.recommended_parallelism).toBe(3); // ⌈2 × 1.4⌉
    expect(advice?.bound_by).toBe('formula');
    expect(advice?.reasons[0]).toMatch(/\(no backlog measured: queued = 0\)$/);
  });
});

describe('planner registry', () => {
  it('has one planner per name, each with its name and a description', () => {
    expect(Object.keys(SCALING_PLANNERS).sort()).toEqual([...PLANNER_NAMES].sort());
    for (const [name, planner] of Object.entries(SCALING_PLANNERS)) {
      expect(planner.name).toBe(name);
      expect(planner.description.length).toBeGreaterThan(40);
    }
  });
});

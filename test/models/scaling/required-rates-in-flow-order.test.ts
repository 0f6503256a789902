import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { planScaling } from '../../../src/models/scaling/plan-scaling.js';
import { componentOrder, requiredRatesPerSec } from '../../../src/models/scaling/required-rates.js';
import type { ScalingProblem } from '../../../src/models/scaling/scaling-problem.js';
import { boltComponent, input, spoutComponent } from './scaling-fixtures.js';

/** spout (1000/s) → split (3 words per sentence) → count (fields) and, from the spout, audit (all, 2 instances). */
function wordCount(): ScalingProblem {
  return {
    components: {
      spout: spoutComponent(),
      split: boltComponent(2, 0.5, [input('spout')], { words: 3 }),
      count: boltComponent(4, 0.2, [input('split', 'FIELDS', [1, 1, 1, 1], 'words')], {}),
      audit: boltComponent(2, 0.1, [input('spout', 'ALL')], {}),
    },
    spoutRatesPerSec: { spout: 1000 },
  };
}

/**
 * The component-level Jackson loop of test/models/topology/network-fixtures.ts: spout (100/s) → a → b;
 * b sends 25 % back to a and 75 % on to c. λa = 100 + λb/4 and λb = λa give λa = λb = 400/3, λc = 100.
 */
function loop(retry = 0.25): ScalingProblem {
  return {
    components: {
      spout: spoutComponent(),
      a: boltComponent(1, 2, [input('spout'), input('b', 'SHUFFLE', [], 'retry')]),
      b: boltComponent(1, 1, [input('a')], { retry, out: 0.75 }),
      c: boltComponent(1, 3, [input('b', 'SHUFFLE', [], 'out')], {}),
    },
    spoutRatesPerSec: { spout: 100 },
  };
}

describe('component-level traffic equations', () => {
  it('multiplies by output ratios along the flow; an all grouping counts every instance', () => {
    expect(requiredRatesPerSec(wordCount())).toEqual({ spout: 1000, split: 1000, count: 3000, audit: 2000 });
  });

  it('orders components topologically, ties by name', () => {
    expect(componentOrder(wordCount())).toEqual({
      order: ['spout', 'audit', 'split', 'count'],
      cyclic: false,
    });
  });

  it('solves a feedback loop by sweeps to the traffic equations’ solution', () => {
    const rates = requiredRatesPerSec(loop());
    expect(rates.a).toBeCloseTo(400 / 3, 9);
    expect(rates.b).toBeCloseTo(400 / 3, 9);
    expect(rates.c).toBeCloseTo(100, 9);
    expect(componentOrder(loop())).toEqual({ order: ['spout', 'a', 'b', 'c'], cyclic: true });
  });

  it.each([1, 1.5])('refuses a loop sending back %s× what enters it, naming the cycle', (retry) => {
    try {
      requiredRatesPerSec(loop(retry));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('BAD_REQUEST');
      expect((err as AppError).details?.cycle).toEqual(['a', 'b']);
      expect((err as AppError).message).toMatch(/feedback cycle through a, b/);
    }
  });
});

describe('planScaling in flow order (DS2)', () => {
  it('sizes every component in one step from the offered rate, not the throttled one', () => {
    const advice = planScaling(wordCount());
    const by = Object.fromEntries(advice.components.map((c) => [c.component, c]));
    expect(advice.components.map((c) => c.component)).toEqual(['spout', 'audit', 'split', 'count']);
    expect(by.split?.recommended_parallelism).toBe(1); // ⌈1000 / (2000 × 0.7)⌉
    expect(by.count?.recommended_parallelism).toBe(1); // ⌈3000 / (5000 × 0.7)⌉
    expect(by.count?.required_rate_per_sec).toBe(3000);
    expect(advice.sweeps).toBe(1);
  });

  it('passes downstream only what a capped upstream component lets through', () => {
    // a (2 ms) needs ⌈1000 / (500 × 0.7)⌉ = 3 but may have 1: ρ = 2, it passes 500/s, so b is sized for 500.
    const problem: ScalingProblem = {
      components: {
        spout: spoutComponent(),
        a: boltComponent(1, 2, [input('spout')]),
        b: boltComponent(1, 1, [input('a')], {}),
      },
      spoutRatesPerSec: { spout: 1000 },
    };
    const advice = planScaling(problem, { components: { a: { max: 1 } } });
    const [, a, b] = advice.components;
    expect(a).toMatchObject({
      recommended_parallelism: 1,
      bound_by: 'max_parallelism',
      predicted_utilisation: 2,
      required_rate_per_sec: 1000,
      sustained_rate_per_sec: 500,
    });
    expect(b).toMatchObject({ required_rate_per_sec: 500, recommended_parallelism: 1 }); // ⌈500 / 700⌉
    expect(planScaling(problem).components[2]?.recommended_parallelism).toBe(2); // ⌈1000 / 700⌉ uncapped
  });

  it('plans a feedback loop at its fixed point', () => {
    const advice = planScaling(loop());
    const a = advice.components.find((c) => c.component === 'a');
    expect(advice.sweeps).toBeGreaterThan(1);
    expect(a?.required_rate_per_sec).toBeCloseTo(400 / 3, 9);
    expect(a?.recommended_parallelism).toBe(1); // ρ = 0.267
  });
});

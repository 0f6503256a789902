import { describe, expect, it } from 'vitest';
import {
  hottestLoad,
  type InputFlow,
  instanceArrivalRatesPerSec,
} from '../../../src/models/scaling/instance-load.js';
import { planScaling } from '../../../src/models/scaling/plan-scaling.js';
import { smallestParallelismForTarget } from '../../../src/models/scaling/utilisation-planner.js';
import { mulberry32 } from '../topology/simulator/seeded-random.js';
import { input, singleBolt } from './scaling-fixtures.js';

const boltAdvice = (...args: Parameters<typeof planScaling>) => {
  const advice = planScaling(...args).components.find((c) => c.component === 'bolt');
  if (!advice) throw new Error('no bolt in the advice');
  return advice;
};

describe('utilisation planner: shuffle grouping, n = ⌈λ / (μ × target)⌉', () => {
  it.each([
    // λ tuples/s, S ms, target, n: ⌈λ·S / (1000·target)⌉
    { rate: 1000, serviceMs: 2, target: 0.7, n: 3, rho: 2 / 3 }, // ⌈1000 / (500 × 0.7)⌉ = ⌈2.857⌉
    { rate: 1000, serviceMs: 2, target: 0.5, n: 4, rho: 0.5 }, // exactly 4: no rounding up past it
    { rate: 2100, serviceMs: 1, target: 0.7, n: 3, rho: 0.7 }, // 2100 / 700 = 3 in floating point too
    { rate: 3500, serviceMs: 1, target: 0.7, n: 5, rho: 0.7 },
    { rate: 10_000, serviceMs: 0.3, target: 0.7, n: 5, rho: 0.6 }, // ⌈3000 / 700⌉
    { rate: 0, serviceMs: 2, target: 0.7, n: 1, rho: 0 }, // no traffic: one instance
    { rate: 1000, serviceMs: 0, target: 0.7, n: 1, rho: 0 }, // free work: one instance
    { rate: 100, serviceMs: 7, target: 1, n: 1, rho: 0.7 },
  ])('λ = $rate/s, S = $serviceMs ms, target $target → $n', ({ rate, serviceMs, target, n, rho }) => {
    const advice = boltAdvice(singleBolt(rate, serviceMs, 1), { targetUtilisation: target, tolerance: 0 });
    expect(advice.recommended_parallelism).toBe(n);
    expect(advice.predicted_utilisation).toBeCloseTo(rho, 12);
    expect(advice.required_rate_per_sec).toBe(rate);
    expect(advice.service_rate_per_instance_per_sec).toBe(serviceMs > 0 ? 1000 / serviceMs : null);
    expect(advice.bound_by).toBe('target_utilisation');
  });

  it('names the formula with its numbers', () => {
    expect(boltAdvice(singleBolt(1000, 2, 1)).reasons).toEqual([
      '⌈1000 / (500 × 0.7)⌉ = 3 instances keep ρ = 0.667 ≤ 0.7',
    ]);
  });

  it('scales down an over-provisioned component in one step', () => {
    const advice = boltAdvice(singleBolt(1000, 2, 10));
    expect(advice.current_utilisation).toBeCloseTo(0.2, 12);
    expect(advice.recommended_parallelism).toBe(3);
  });

  it.each([
    { tolerance: 0.1, n: 2, boundBy: 'tolerance' }, // ρ = 0.75 at 2 ≤ 0.7 + 0.1: kept, no third instance
    { tolerance: 0.04, n: 3, boundBy: 'target_utilisation' },
    { tolerance: 0, n: 3, boundBy: 'target_utilisation' },
  ])('tolerance $tolerance at ρ = 0.75 on 2 instances → $n ($boundBy)', ({ tolerance, n, boundBy }) => {
    const advice = boltAdvice(singleBolt(1000, 1.5, 2), { tolerance });
    expect(advice.recommended_parallelism).toBe(n);
    expect(advice.bound_by).toBe(boundBy);
  });
});

describe('utilisation planner: fields grouping sized for the hottest instance', () => {
  // Today 3 instances get 50 %, 25 %, 25 %: a hot key of 25 % over an even 75 % (redistributeLoad), so
  // the hottest of n instances gets 750/n + 250 tuples/s per 1000 offered.
  const skewed = input('spout', 'FIELDS', [0.5, 0.25, 0.25]);

  it.each([
    // (750·λ/1000 / n + 250·λ/1000) · S / 1000 ≤ 0.7, S = 1 ms
    { rate: 1000, n: 2, rho: 0.625, meanSized: 2 }, // 375 + 250
    { rate: 2000, n: 8, rho: 0.6875, meanSized: 3 }, // 1500/n ≤ 200 → n ≥ 7.5; the mean alone would say 3
    { rate: 2400, n: 18, rho: 0.7, meanSized: 4 }, // 1800/n ≤ 100 → n = 18 exactly
  ])('λ = $rate/s → $n instances (mean-sized: $meanSized)', ({ rate, n, rho, meanSized }) => {
    const advice = boltAdvice(singleBolt(rate, 1, 3, skewed));
    expect(advice.recommended_parallelism).toBe(n);
    expect(advice.predicted_utilisation).toBeCloseTo(rho, 12);
    expect(Math.ceil(rate / 700)).toBe(meanSized);
    expect(advice.reasons[0]).toMatch(/^sized for the hottest instance \(measured key skew kept\)/);
  });

  it('sizes a hot key that no parallelism can carry for halfway between its own load and saturation', () => {
    // The hot key alone: 25 % of 3000/s × 1 ms = ρ 0.75 > 0.7; sized for ρ ≤ (0.75 + 1)/2 = 0.875:
    // 2250/n + 750 ≤ 875 tuples/s → n = 18. (The mean's ⌈3000/700⌉ = 5 would leave it at ρ 1.2.)
    const advice = boltAdvice(singleBolt(3000, 1, 3, skewed));
    expect(advice.bound_by).toBe('hot_key');
    expect(advice.recommended_parallelism).toBe(18);
    expect(advice.predicted_utilisation).toBeCloseTo(0.875, 12);
    expect(advice.reasons[0]).toBe(
      'its hottest key alone put one instance at ρ ≥ 0.75 > target 0.7 at any parallelism; sized for the ' +
        'hottest instance at ρ ≤ 0.875, halfway from it to saturation: 18 instances (split or re-key the hot key)',
    );
  });

  it('never shrinks an overloaded all-grouped component: every instance gets every tuple', () => {
    const advice = boltAdvice(singleBolt(1000, 1, 4, input('spout', 'ALL')));
    expect(advice.bound_by).toBe('hot_key');
    expect(advice.recommended_parallelism).toBe(4);
    expect(advice.reasons[0]).toMatch(/^its all\/lowest-grouped tuples alone put one instance at ρ ≥ 1/);
    expect(advice.reasons[0]).toMatch(/overloaded today, so kept at 4 instances/);
  });

  it('treats an all-zero or missing measurement as an even split', () => {
    for (const shares of [[], [0, 0, 0]]) {
      expect(
        boltAdvice(singleBolt(1000, 2, 3, input('spout', 'FIELDS', shares))).recommended_parallelism,
      ).toBe(3);
    }
  });
});

describe('the hottest-instance load', () => {
  /** Seeded random inputs mixing groupings, rates and skews. */
  function randomInputs(uniform: () => number): InputFlow[] {
    const groupings = ['SHUFFLE', 'FIELDS', 'FIELDS', 'ALL', 'LOWEST', 'CUSTOM'] as const;
    return Array.from({ length: 1 + Math.floor(uniform() * 3) }, () => ({
      grouping: groupings[Math.floor(uniform() * groupings.length)] as InputFlow['grouping'],
      measuredShares: Array.from({ length: 1 + Math.floor(uniform() * 8) }, () => uniform()),
      ratePerSec: 1000 * uniform(),
    }));
  }

  it('closed form A/n + B equals the re-hashed shares from the number of hot keys on (500 random inputs)', () => {
    const uniform = mulberry32(7);
    for (let c = 0; c < 500; c++) {
      const inputs = randomInputs(uniform);
      const load = hottestLoad(inputs);
      for (let n = 1; n <= 24; n++) {
        const exact = Math.max(...instanceArrivalRatesPerSec(inputs, n));
        expect(load.atParallelism(n)).toBeCloseTo(exact, 9);
      }
    }
  });

  it('finds the smallest n: n − 1 misses the target and n meets it (500 random inputs)', () => {
    const uniform = mulberry32(11);
    for (let c = 0; c < 500; c++) {
      const inputs = randomInputs(uniform);
      const serviceMs = 0.1 + 3 * uniform();
      const target = 0.3 + 0.7 * uniform();
      const load = hottestLoad(inputs);
      const { parallelism: n, reachable } = smallestParallelismForTarget(load, serviceMs, target);
      const rho = (k: number) => (load.atParallelism(k) * serviceMs) / 1000;
      if (!reachable) {
        expect((load.floorRatePerSec * serviceMs) / 1000).toBeGreaterThanOrEqual(target * (1 - 1e-12));
        continue;
      }
      expect(rho(n)).toBeLessThanOrEqual(target * (1 + 1e-12));
      for (let k = 1; k < n; k++) expect(rho(k)).toBeGreaterThan(target);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { countDispersionScv } from '../../../src/models/queueing/count-dispersion.js';
import { mulberry32 } from '../topology/simulator/seeded-random.js';

describe('countDispersionScv', () => {
  it('computes the first-difference index of dispersion by hand', () => {
    // steps 10, −10, 10 → Σ² = 300; 300 / (2 × 3) = 50; mean 105 → 50 / 105
    expect(countDispersionScv([100, 110, 100, 110])).toBeCloseTo(50 / 105, 12);
  });

  it('is about 1 for Poisson counts and about 0 for a regular stream', () => {
    const random = mulberry32(7);
    const poisson = (mean: number) => {
      // Knuth's method is fine for a mean of 50
      let k = 0;
      let p = 1;
      const l = Math.exp(-mean);
      do {
        k++;
        p *= random();
      } while (p > l);
      return k - 1;
    };
    const counts = Array.from({ length: 4000 }, () => poisson(50));
    expect(countDispersionScv(counts)).toBeGreaterThan(0.93);
    expect(countDispersionScv(counts)).toBeLessThan(1.07);
    expect(countDispersionScv(Array(100).fill(60))).toBe(0);
  });

  it('does not count a slow trend as burstiness', () => {
    const trend = Array.from({ length: 180 }, (_, i) => 6000 + 20 * i);
    expect(countDispersionScv(trend)).toBeLessThan(0.05);
  });

  it.each([[[]], [[5, 5]], [[0, 0, 0]], [[1, Number.NaN, 2]], [[1, -1, 2]]])('refuses %j', (counts) => {
    expect(countDispersionScv(counts)).toBeUndefined();
  });
});

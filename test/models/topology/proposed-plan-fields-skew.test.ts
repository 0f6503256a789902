import { describe, expect, it } from 'vitest';
import { redistributeLoad } from '../../../src/graph/analysis/redistribute-load.js';
import { fieldsShares } from './simulator/scenario-networks.js';
import { mulberry32 } from './simulator/seeded-random.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Seeded random share vectors: some even, some with one or a few hot keys. */
function randomShares(uniform: () => number): number[] {
  const m = 1 + Math.floor(uniform() * 12);
  const shares = Array.from({ length: m }, () => uniform());
  if (uniform() < 0.5) shares[Math.floor(uniform() * m)] = (shares[0] as number) + 5 * uniform();
  return shares;
}

describe('redistributeLoad', () => {
  it('spreads shuffle evenly, copies all, and sends lowest to the first task', () => {
    expect(redistributeLoad([0.9, 0.1], 4, 'SHUFFLE')).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(redistributeLoad([], 3, 'NONE')).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(redistributeLoad([0.5, 0.5], 3, 'ALL')).toEqual([1, 1, 1]);
    expect(redistributeLoad([0.5, 0.5], 3, 'LOWEST')).toEqual([1, 0, 0]);
  });

  it('re-hashes a hot key as a whole: 40 % keeps an instance at ≥ 40 % at any parallelism', () => {
    // Today: 4 instances, the hot key (40 %) on instance 2, 60 % spread over many small keys.
    const today = [0.15, 0.15, 0.55, 0.15];
    for (let n = 1; n <= 32; n++) {
      const shares = redistributeLoad(today, n, 'FIELDS');
      expect(Math.max(...shares)).toBeGreaterThanOrEqual(0.4 - 1e-12);
      expect(sum(shares)).toBeCloseTo(1, 12);
    }
    // 8 instances: 0.6 of cold load spreads to 0.075 each, the hot key adds 0.4 to one of them.
    const eight = redistributeLoad(today, 8, 'FIELDS');
    expect(Math.max(...eight)).toBeCloseTo(0.475, 12);
    expect(Math.min(...eight)).toBeCloseTo(0.075, 12);
  });

  it('treats DIRECT and CUSTOM groupings like fields (measured skew kept)', () => {
    expect(redistributeLoad([0.7, 0.3], 3, 'CUSTOM')).toEqual(redistributeLoad([0.7, 0.3], 3, 'FIELDS'));
    expect(redistributeLoad([0.7, 0.3], 3, 'DIRECT')).toEqual(redistributeLoad([0.7, 0.3], 3, 'FIELDS'));
  });

  it('predicts the hottest share of the real keys re-hashed onto the new parallelism to within 0.12', () => {
    // Keys: one at 40 %, 200 Zipf(1) keys for the rest, hashed modulo the parallelism. From four measured
    // shares the model cannot know which small keys will collide (n = 2: 0.64 predicted, 0.74 real;
    // n = 8: 0.46 and 0.45), but it never loses the hot key.
    const today = fieldsShares(4, 0.4, 200);
    for (const n of [2, 3, 5, 6, 8, 12, 16]) {
      const predicted = Math.max(...redistributeLoad(today, n, 'FIELDS'));
      const actual = Math.max(...fieldsShares(n, 0.4, 200));
      expect(predicted).toBeGreaterThanOrEqual(0.4);
      expect(Math.abs(predicted - actual)).toBeLessThanOrEqual(0.12);
    }
  });

  describe('properties over 2000 seeded random share vectors', () => {
    const uniform = mulberry32(20240601);
    const cases = Array.from({ length: 2000 }, () => ({
      shares: randomShares(uniform),
      n: 1 + Math.floor(uniform() * 16),
    }));

    const failing = (property: (c: (typeof cases)[number]) => boolean) => cases.filter((c) => !property(c));

    it('answers n non-negative shares summing to 1', () => {
      expect(
        failing(({ shares, n }) => {
          const out = redistributeLoad(shares, n, 'FIELDS');
          return out.length === n && out.every((s) => s >= 0) && Math.abs(sum(out) - 1) < 1e-12;
        }),
      ).toEqual([]);
    });

    it('keeps every hot key whole: the hottest new share is at least the largest hot excess', () => {
      expect(
        failing(({ shares, n }) => {
          const total = sum(shares);
          const hottestKey = (Math.max(...shares) - Math.min(...shares)) / total;
          return Math.max(...redistributeLoad(shares, n, 'FIELDS')) >= hottestKey - 1e-12;
        }),
      ).toEqual([]);
    });

    it('at the same parallelism gives back today’s shares (as a multiset)', () => {
      expect(
        failing(({ shares }) => {
          const total = sum(shares);
          const out = redistributeLoad(shares, shares.length, 'FIELDS').sort((a, b) => a - b);
          const expected = shares.map((s) => s / total).sort((a, b) => a - b);
          return expected.every((e, i) => Math.abs((out[i] as number) - e) < 1e-12);
        }),
      ).toEqual([]);
    });

    it('spreads an even measurement evenly at any parallelism', () => {
      expect(
        failing(({ shares, n }) =>
          redistributeLoad(new Array(shares.length).fill(1), n, 'FIELDS').every(
            (s) => Math.abs(s - 1 / n) < 1e-12,
          ),
        ),
      ).toEqual([]);
    });
  });

  it('rejects invalid input', () => {
    expect(() => redistributeLoad([1], 0, 'SHUFFLE')).toThrow(RangeError);
    expect(() => redistributeLoad([1], 1.5, 'FIELDS')).toThrow(RangeError);
    expect(() => redistributeLoad([], 2, 'FIELDS')).toThrow(RangeError);
    expect(() => redistributeLoad([-1, 2], 2, 'FIELDS')).toThrow(RangeError);
    expect(redistributeLoad([0, 0], 2, 'FIELDS')).toEqual([0.5, 0.5]);
  });
});

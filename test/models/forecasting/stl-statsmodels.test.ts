import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mstl } from '../../../src/models/forecasting/mstl.js';
import { stl } from '../../../src/models/forecasting/stl.js';

/** statsmodels STL / MSTL runs (a port of the authors' Fortran), from scripts/generate-forecast-fixtures.py. */
const stlFixture = JSON.parse(
  readFileSync(new URL('./fixtures/stl-statsmodels.json', import.meta.url), 'utf8'),
) as {
  period: number;
  seasonalWindow: number;
  values: number[];
  cases: Array<{
    robust: boolean;
    options: { seasonal_jump: number; trend_jump: number; low_pass_jump: number };
    trend: number[];
    seasonal: number[];
    weights: number[];
  }>;
};
const mstlFixture = JSON.parse(
  readFileSync(new URL('./fixtures/mstl-statsmodels.json', import.meta.url), 'utf8'),
) as {
  periods: number[];
  innerIterations: number;
  values: number[];
  trend: number[];
  seasonal: number[][];
};

// Same algorithm, the loess sums accumulated in one pass instead of the Fortran's three: agreement to
// ~1e-12 is expected; an absolute 1e-9 on values of order 10 still catches any wrong window or weight.
const TOL = 1e-9;

function expectClose(actual: Float64Array, expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const [i, v] of expected.entries()) expect(Math.abs((actual[i] as number) - v)).toBeLessThan(TOL);
}

describe('STL against statsmodels', () => {
  for (const c of stlFixture.cases) {
    it(`${c.robust ? 'robust' : 'plain'} STL, jumps ${c.options.trend_jump}/${c.options.low_pass_jump}`, () => {
      const r = stl(Float64Array.from(stlFixture.values), stlFixture.period, {
        seasonalWindow: stlFixture.seasonalWindow,
        robust: c.robust,
        seasonalJump: c.options.seasonal_jump,
        trendJump: c.options.trend_jump,
        lowPassJump: c.options.low_pass_jump,
      });
      expectClose(r.trend, c.trend);
      expectClose(r.seasonal, c.seasonal);
      expectClose(r.weights, c.weights);
    });
  }

  it('down-weights the outlier when robust', () => {
    const r = stl(Float64Array.from(stlFixture.values), stlFixture.period, { robust: true });
    expect(r.weights[40]).toBeLessThan(0.1);
  });

  it('needs two full periods and no missing values', () => {
    expect(() => stl(new Float64Array(23), 12)).toThrow(RangeError);
    expect(() =>
      stl(
        Float64Array.from({ length: 24 }, (_, i) => (i === 3 ? Number.NaN : i)),
        12,
      ),
    ).toThrow(/missing/);
  });
});

describe('MSTL against statsmodels', () => {
  it('daily and weekly components of hourly data', () => {
    const r = mstl(Float64Array.from(mstlFixture.values), mstlFixture.periods, {
      stl: { innerIterations: mstlFixture.innerIterations, seasonalJump: 1, trendJump: 1, lowPassJump: 1 },
    });
    expect(r.periods).toEqual([24, 168]);
    expectClose(r.trend, mstlFixture.trend);
    mstlFixture.seasonal.forEach((component, k) => {
      expectClose(r.seasonal[k] as Float64Array, component);
    });
  });

  it('drops periods without two full cycles', () => {
    const r = mstl(
      Float64Array.from({ length: 99 }, (_, t) => Math.sin(t)),
      [10, 50],
    );
    expect(r.periods).toEqual([10]);
    expect(r.seasonal).toHaveLength(1);
  });
});

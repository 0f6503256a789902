import { describe, expect, it } from 'vitest';
import { meanForecast } from '../../../src/models/forecasting/mean-forecast.js';
import { seasonalNaiveForecast } from '../../../src/models/forecasting/naive-forecast.js';
import { normalQuantile } from '../../../src/models/forecasting/normal-quantile.js';

describe('seasonalNaiveForecast (FPP3 §5.2, Table 5.2)', () => {
  it('repeats the last cycle', () => {
    expect(Array.from(seasonalNaiveForecast(Float64Array.of(1, 2, 3, 4), 2, 5).point)).toEqual([
      3, 4, 3, 4, 3,
    ]);
  });

  it('goes back a cycle past a missing value', () => {
    expect(Array.from(seasonalNaiveForecast(Float64Array.of(1, 2, 3, Number.NaN), 2, 2).point)).toEqual([
      3, 2,
    ]);
  });

  it('naive (m = 1) repeats the last observed value with sd σ√h', () => {
    const f = seasonalNaiveForecast(Float64Array.of(1, 3, 5, Number.NaN), 1, 4, [0.95]);
    expect(Array.from(f.point)).toEqual([5, 5, 5, 5]);
    // σ² = mean of squared differences between consecutive observed values: (4 + 4)/2 = 4
    const z = normalQuantile(0.975);
    expect(f.intervals[0]?.upper[3]).toBeCloseTo(5 + z * 2 * 2, 12);
  });

  it('seasonal naive widens once per cycle: sd σ√(k + 1), k = ⌊(h − 1)/m⌋', () => {
    const f = seasonalNaiveForecast(Float64Array.of(0, 10, 2, 12, 4, 14), 2, 4, [0.8]);
    // seasonal differences: 2, 2, 2, 2 → σ = 2
    const z = normalQuantile(0.9);
    const half = (h: number) => (f.intervals[0]?.upper[h - 1] as number) - (f.point[h - 1] as number);
    expect(half(1)).toBeCloseTo(z * 2, 12);
    expect(half(2)).toBeCloseTo(z * 2, 12);
    expect(half(3)).toBeCloseTo(z * 2 * Math.SQRT2, 12);
  });
});

describe('meanForecast (the summary model as a forecast)', () => {
  it('is flat at the mean with the history quantiles as bounds', () => {
    const f = meanForecast(Float64Array.of(1, 2, Number.NaN, 3, 4), 2, [0.5]);
    expect(Array.from(f.point)).toEqual([2.5, 2.5]);
    expect(f.intervals[0]?.lower[0]).toBe(1.75); // type-7 quantile at 0.25 of 1, 2, 3, 4
    expect(f.intervals[0]?.upper[0]).toBe(3.25);
  });
});

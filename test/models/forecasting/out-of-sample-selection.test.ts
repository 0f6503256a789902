import { describe, expect, it } from 'vitest';
import { autoForecast } from '../../../src/models/forecasting/auto-forecast.js';
import { errorQuantileBands } from '../../../src/models/forecasting/error-quantile-bands.js';
import { selectOutOfSample } from '../../../src/models/forecasting/out-of-sample-selection.js';
import type { PointCandidate } from '../../../src/models/forecasting/point-candidates.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';

/** z_t = t: a candidate forecasting t + offset from any origin. */
const offsetBy = (name: string, offset: number): PointCandidate => ({
  name,
  forecastFrom: (origin, horizon) => Float64Array.from({ length: horizon }, (_, h) => origin + h + offset),
});
const line = Float64Array.from({ length: 200 }, (_, t) => t);
const base = { horizon: 4, period: 8, back: (v: number) => v, minOrigin: 8 };

describe('out-of-sample selection', () => {
  it('chooses the candidate with the smallest error on the last origins and reports every score', () => {
    const r = selectOutOfSample(line, [offsetBy('far', 5), offsetBy('near', 1), offsetBy('mid', 3)], {
      ...base,
      combine: 1,
    });
    expect(r?.selection.chosen).toBe('near');
    expect(r?.selection.candidates).toEqual([
      { name: 'far', mae: 5 },
      { name: 'near', mae: 1 },
      { name: 'mid', mae: 3 },
    ]);
    expect(r?.selection.origins).toBe(8); // every ⌈4/4⌉ = 1 step, spanning the period of 8
    expect(Array.from(r?.point ?? [])).toEqual([201, 202, 203, 204]);
  });

  it('takes the median of the best three when it beats each of them', () => {
    // Each of a, b, c is off by 4 at one step of four (MAE 1); at every step the other two are right.
    const spike = (name: string, at: number): PointCandidate => ({
      name,
      forecastFrom: (origin, horizon) =>
        Float64Array.from({ length: horizon }, (_, h) => origin + h + (h === at ? 4 : 0)),
    });
    const r = selectOutOfSample(line, [spike('a', 0), spike('b', 1), spike('c', 2), offsetBy('d', 9)], base);
    expect(r?.selection.chosen).toBe('median-combination');
    expect(r?.selection.members).toEqual(['a', 'b', 'c']);
    expect(r?.selection.candidates.at(-1)).toEqual({ name: 'median-combination', mae: 0 });
  });

  it('keeps the incumbent model unless another candidate beats it by the margin', () => {
    const options = { ...base, combine: 1, incumbent: { names: ['model'], margin: 0.9 } };
    const close = selectOutOfSample(line, [offsetBy('model', 1), offsetBy('simple', 0.95)], options);
    expect(close?.selection.chosen).toBe('model');
    const clear = selectOutOfSample(line, [offsetBy('model', 1), offsetBy('simple', 0.5)], options);
    expect(clear?.selection.chosen).toBe('simple');
  });

  it('bands from out-of-sample errors: empirical quantiles of the pooled neighbouring steps', () => {
    // 40 origins, 2 steps: errors −20 … 19 at every step.
    const errors = Float64Array.from({ length: 80 }, (_, i) => Math.floor(i / 2) - 20);
    const { intervals } = errorQuantileBands(Float64Array.of(100, 100), errors, [0.5]);
    expect(intervals[0]?.lower[0]).toBeCloseTo(100 - 20 + 0.25 * 39, 10);
    expect(intervals[0]?.upper[1]).toBeCloseTo(100 - 20 + 0.75 * 39, 10);
  });

  it('on a random walk the forecast says which candidates it scored and which it chose', () => {
    const normal = normalSource(mulberry32(9));
    let level = 100;
    const values = Float64Array.from({ length: 24 * 8 }, () => (level += 3 * normal()));
    const r = autoForecast(values, { horizon: 6, periods: [24], boxCox: 'none' });
    if (r.status !== 'forecast') throw new Error(r.reason);
    const s = r.forecast.selection;
    expect(
      s?.candidates
        .map((c) => c.name)
        .slice(0, 7)
        .sort(),
    ).toEqual(['bats', 'damped', 'naive', 'seasonal-median-7', 'ses', 'snaive', 'theta'].sort());
    for (const c of s?.candidates ?? []) expect(Number.isFinite(c.mae)).toBe(true);
    expect(s?.chosen).not.toBe('seasonal-median-7');
    expect(s?.chosen).not.toBe('snaive');
  });
});

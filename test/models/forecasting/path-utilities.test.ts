import { describe, expect, it } from 'vitest';
import { downsamplePath } from '../../../src/models/forecasting/downsample-path.js';
import {
  normalIntervals,
  pathIntervals,
  pathVariance,
} from '../../../src/models/forecasting/interval-bounds.js';
import { forecastRates } from '../../../src/models/forecasting/rate-forecast.js';
import { sampleQuantiles } from '../../../src/models/forecasting/sample-quantiles.js';
import {
  mulberry32,
  normalSource,
  residualResampler,
} from '../../../src/models/forecasting/seeded-random.js';

describe('path utilities', () => {
  it('downsamples by averaging groups (the last may be shorter)', () => {
    expect(downsamplePath([1, 3, 5, 7, 9], 2)).toEqual([2, 6, 9]);
    expect(downsamplePath([1, 2], 1)).toEqual([1, 2]);
  });

  it('takes R type-7 quantiles per step of path-major samples', () => {
    // step 1 values: 1, 3, 5; step 2: 10, 30, 50
    const paths = Float64Array.of(1, 10, 3, 30, 5, 50);
    expect(sampleQuantiles(paths, 2, [0.5, 0.25]).map((a) => Array.from(a))).toEqual([
      [3, 30],
      [2, 20],
    ]);
    expect(Array.from(pathVariance(paths, 2))).toEqual([4, 400]);
    expect(pathIntervals(paths, 2, [0.5])[0]?.upper[1]).toBe(40);
  });

  it('builds normal intervals ŷ ± z√v', () => {
    const [i95] = normalIntervals(Float64Array.of(0), Float64Array.of(1), [0.95]);
    expect(i95?.upper[0]).toBeCloseTo(1.959963984540054, 14);
    expect(i95?.lower[0]).toBeCloseTo(-1.959963984540054, 14);
  });
});

describe('seeded random sources', () => {
  it('mulberry32 is reproducible', () => {
    expect(mulberry32(1)()).toBe(0.6270739405881613);
  });

  it('Box–Muller draws have mean 0 and variance 1', () => {
    const z = normalSource(mulberry32(2));
    let s = 0;
    let ss = 0;
    for (let i = 0; i < 50_000; i++) {
      const v = z();
      s += v;
      ss += v * v;
    }
    expect(Math.abs(s / 50_000)).toBeLessThan(0.02); // sd of the mean ≈ 0.0045
    expect(Math.abs(ss / 50_000 - 1)).toBeLessThan(0.03);
  });

  it('resamples centred residuals, ignoring missing ones', () => {
    const draw = residualResampler([1, 3, Number.NaN], mulberry32(3));
    for (let i = 0; i < 20; i++) expect([-1, 1]).toContain(draw());
  });
});

describe('forecastRates', () => {
  it('forecasts from the end of the window when the last buckets are missing', () => {
    const points = Array.from({ length: 60 }, (_, i) => [i * 60, 120] as [number, number]);
    const f = forecastRates(points, { bucketSec: 60, fromSec: 65 * 60, steps: 3 });
    expect(f.series?.timestamps).toEqual([65, 66, 67].map((m) => new Date(m * 60 * 1000).toISOString()));
    expect(f.summary.mean).toBeCloseTo(2, 6); // 120 per minute = 2 tuples/s
  });
});

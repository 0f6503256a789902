import { describe, expect, it } from 'vitest';
import { autoForecast } from '../../../src/models/forecasting/auto-forecast.js';
import type { Forecast } from '../../../src/models/forecasting/forecast.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';

function forecastOf(
  values: Float64Array,
  horizon: number,
  periods: number[],
): Forecast & { periodsUsed: number[] } {
  const r = autoForecast(values, { horizon, periods });
  if (r.status !== 'forecast') throw new Error(r.reason);
  return { ...r.forecast, periodsUsed: r.periods };
}

const noise = (seed: number, sd: number) => {
  const normal = normalSource(mulberry32(seed));
  return () => sd * normal();
};

describe('autoForecast properties', () => {
  it('forecasts a pure seasonal signal almost exactly, with narrow bands', () => {
    const shape = (t: number) =>
      100 + 20 * Math.sin((2 * Math.PI * t) / 24) + 5 * Math.cos((4 * Math.PI * t) / 24);
    const values = Float64Array.from({ length: 24 * 10 }, (_, t) => shape(t));
    const f = forecastOf(values, 24, [24]);
    for (let h = 0; h < 24; h++) {
      const truth = shape(240 + h);
      expect(Math.abs((f.point[h] as number) - truth) / truth).toBeLessThan(1e-3);
      expect((f.intervals[1]?.upper[h] as number) - (f.intervals[1]?.lower[h] as number)).toBeLessThan(
        0.01 * truth,
      );
    }
  });

  it('gives a constant series a flat forecast with (near) zero-width bands', () => {
    const f = forecastOf(new Float64Array(300).fill(42), 10, []);
    for (let h = 0; h < 10; h++) {
      expect(f.point[h]).toBeCloseTo(42, 6);
      expect((f.intervals[1]?.upper[h] as number) - (f.intervals[1]?.lower[h] as number)).toBeLessThan(1e-6);
    }
  });

  it('never reads missing values as zeros', () => {
    const e = noise(1, 1);
    const withGaps = Float64Array.from({ length: 24 * 8 }, (_, t) =>
      t % 7 === 3 || (t > 100 && t < 130) ? Number.NaN : 100 + e(),
    );
    const f = forecastOf(withGaps, 24, [24]);
    for (let h = 0; h < 24; h++) expect(f.point[h]).toBeGreaterThan(95);
    const withZeros = withGaps.map((v) => (Number.isNaN(v) ? 0 : v));
    const g = forecastOf(withZeros, 24, [24]);
    // Zeros would have widened the band downwards (the robust point forecast may ignore them).
    expect(Math.min(...(g.intervals[0]?.lower ?? []))).toBeLessThan(
      Math.min(...(f.intervals[0]?.lower ?? [])),
    );
  });

  it('uses no seasonality with fewer than two cycles of history', () => {
    const e = noise(2, 2);
    const values = Float64Array.from(
      { length: 40 },
      (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 24) + e(),
    );
    const r = autoForecast(values, { horizon: 5, periods: [24] });
    expect(r.status).toBe('forecast');
    if (r.status === 'forecast') {
      expect(r.periods).toEqual([]);
      expect(r.forecast.method).toMatch(/^ETS\(.,.+,N\)/);
    }
  });

  it('reports insufficient data for very short series', () => {
    const r = autoForecast(Float64Array.of(1, 2, Number.NaN, 3, 4, 5), { horizon: 3, periods: [] });
    expect(r).toMatchObject({ status: 'insufficient', observed: 5 });
  });

  it('follows a level shift', () => {
    const e = noise(3, 1);
    const values = Float64Array.from(
      { length: 24 * 8 },
      (_, t) => (t < 24 * 7 ? 100 : 200) + 10 * Math.sin((2 * Math.PI * t) / 24) + e(),
    );
    const f = forecastOf(values, 24, [24]);
    const mean = f.point.reduce((a, b) => a + b, 0) / 24;
    expect(mean).toBeGreaterThan(170);
  });

  it('is not dragged far by one burst at the end (robust states)', () => {
    const e = noise(4, 2);
    const base = Float64Array.from(
      { length: 24 * 14 },
      (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 24) + e(),
    );
    const burst = Float64Array.from(base);
    burst[burst.length - 1] = 2000;
    const a = forecastOf(base, 24, [24]);
    const b = forecastOf(burst, 24, [24]);
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    expect(mean(b.point.subarray(6)) / mean(a.point.subarray(6))).toBeLessThan(1.15);
  });

  it('keeps a weekly profile when it pays at the horizon, and orders the bounds', () => {
    const e = noise(5, 3);
    const weekend = (t: number) => (Math.floor(t / 24) % 7 >= 5 ? 0.5 : 1);
    const shape = (t: number) => weekend(t) * (100 + 40 * Math.sin((2 * Math.PI * t) / 24));
    const values = Float64Array.from({ length: 24 * 7 * 5 }, (_, t) => shape(t) + e());
    const r = autoForecast(values, { horizon: 48, periods: [24, 168] });
    expect(r.status).toBe('forecast');
    if (r.status !== 'forecast') return;
    expect(r.forecast.method).toContain('{24,168}');
    const [i80, i95] = r.forecast.intervals;
    for (let h = 0; h < 48; h++) {
      expect(i95?.lower[h]).toBeLessThanOrEqual(i80?.lower[h] as number);
      expect(i80?.lower[h]).toBeLessThanOrEqual(r.forecast.point[h] as number);
      expect(r.forecast.point[h]).toBeLessThanOrEqual(i80?.upper[h] as number);
      expect(i80?.upper[h]).toBeLessThanOrEqual(i95?.upper[h] as number);
      expect(Math.abs((r.forecast.point[h] as number) - shape(values.length + h))).toBeLessThan(15);
    }
  });

  it('handles zeros in count data (shifted log) and never forecasts below zero', () => {
    const uniform = mulberry32(6);
    const values = Float64Array.from({ length: 24 * 10 }, (_, t) => {
      const rate = 3 + 2 * Math.sin((2 * Math.PI * t) / 24);
      return Math.floor(rate * 2 * uniform());
    });
    const r = autoForecast(values, { horizon: 24, periods: [24] });
    expect(r.status).toBe('forecast');
    if (r.status !== 'forecast') return;
    expect(values.some((v) => v === 0)).toBe(true);
    for (const interval of r.forecast.intervals)
      for (const v of interval.lower) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('is reproducible: the same input and seed give the same intervals', () => {
    const e = noise(7, 5);
    const values = Float64Array.from(
      { length: 24 * 6 },
      (_, t) => 80 + 20 * Math.sin((2 * Math.PI * t) / 24) + e(),
    );
    const a = autoForecast(values, { horizon: 12, periods: [24] });
    const b = autoForecast(values, { horizon: 12, periods: [24] });
    expect(a).toEqual(b);
  });
});

describe('autoForecast alternatives for seasonal series (for comparison)', () => {
  const shape = (t: number) => 100 + 20 * Math.sin((2 * Math.PI * t) / 24);
  const e = noise(8, 1);
  const values = Float64Array.from({ length: 24 * 10 }, (_, t) => shape(t) + e());

  it.each([
    ['stl-ets', /on the MSTL-adjusted \(periods 24\)/],
    ['ets', /^ETS\(.,.+,[AM]\)\[m=24\]/],
  ] as const)('%s repeats the daily profile', (seasonalMethod, method) => {
    const r = autoForecast(values, { horizon: 24, periods: [24], seasonalMethod });
    expect(r.status).toBe('forecast');
    if (r.status !== 'forecast') return;
    expect(r.forecast.method).toMatch(method);
    for (let h = 0; h < 24; h++)
      expect(Math.abs((r.forecast.point[h] as number) - shape(240 + h))).toBeLessThan(4);
  });
});

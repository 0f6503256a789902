import { describe, expect, it } from 'vitest';
import {
  intervalHits,
  meanAbsoluteScaledError,
  seasonalNaiveScale,
  symmetricMape,
} from '../../../src/models/forecasting/forecast-accuracy.js';
import { seasonalNaiveForecast } from '../../../src/models/forecasting/naive-forecast.js';
import {
  evenlySpacedOrigins,
  rollingOriginBacktest,
} from '../../../src/models/forecasting/rolling-origin.js';

describe('accuracy measures (Hyndman & Koehler 2006)', () => {
  it('scales by the in-sample seasonal naive MAE, skipping missing pairs', () => {
    expect(seasonalNaiveScale(Float64Array.of(1, 2, 4, 7), 1)).toBe(2);
    expect(seasonalNaiveScale(Float64Array.of(1, 5, 2, Number.NaN, 4, 9), 2)).toBe(1.5); // (|2 − 1| + |4 − 2|)/2
    expect(meanAbsoluteScaledError([1, 2], [2, 4], 2)).toBe(0.75);
  });

  it('sMAPE is in percent and 0 where both are 0', () => {
    expect(symmetricMape([100], [50])).toBeCloseTo(66.666_666_666_666_67, 12);
    expect(symmetricMape([0, 100], [0, 100])).toBe(0);
  });

  it('counts interval hits over observed actuals', () => {
    expect(intervalHits([1, 5, Number.NaN], [0, 0, 0], [2, 2, 2])).toEqual({ hits: 1, observed: 2 });
  });
});

describe('rollingOriginBacktest', () => {
  it('scores the seasonal naive forecast of a pure seasonal series as perfect', () => {
    const values = Float64Array.from({ length: 60 }, (_, t) => [5, 1, 3][t % 3] as number);
    const r = rollingOriginBacktest(values, (h, H) => seasonalNaiveForecast(h, 3, H), {
      horizon: 4,
      origins: evenlySpacedOrigins(60, 4, 5, 30),
      scalePeriod: 1,
    });
    expect(r.mase).toBe(0);
    expect(r.origins).toBe(5);
  });

  it('MASE of the naive forecast on a random walk is near 1 (it is the scale, one step ahead)', () => {
    let x = 0;
    let seed = 1;
    const values = Float64Array.from({ length: 2000 }, () => {
      seed = (seed * 16807) % 2147483647;
      x += seed / 2147483647 - 0.5;
      return x;
    });
    const r = rollingOriginBacktest(values, (h, H) => seasonalNaiveForecast(h, 1, H), {
      horizon: 1,
      origins: evenlySpacedOrigins(2000, 1, 400, 1000),
      scalePeriod: 1,
    });
    expect(r.mase).toBeGreaterThan(0.85);
    expect(r.mase).toBeLessThan(1.15);
  });

  it('evenlySpacedOrigins spans first → last full-horizon origin', () => {
    expect(evenlySpacedOrigins(100, 10, 3, 50)).toEqual([50, 70, 90]);
    expect(evenlySpacedOrigins(100, 60, 3, 50)).toEqual([]);
  });
});

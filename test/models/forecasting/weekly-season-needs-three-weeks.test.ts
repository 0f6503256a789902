import { describe, expect, it } from 'vitest';
import { autoForecast } from '../../../src/models/forecasting/auto-forecast.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';

/** Hourly counts with a daily cycle and one one-off burst (×20 for 6 hours) on day 3. */
function withOneOffBurst(days: number): Float64Array {
  const normal = normalSource(mulberry32(5));
  return Float64Array.from({ length: days * 24 }, (_, t) => {
    const burst = t >= 3 * 24 + 10 && t < 3 * 24 + 16 ? 20 : 1;
    return Math.round(100 * (1 + 0.5 * Math.sin((2 * Math.PI * t) / 24)) * burst * Math.exp(0.1 * normal()));
  });
}

describe('a weekly season', () => {
  it('is not fitted on exactly two weeks, so a one-off burst is not carried into next week', () => {
    const values = withOneOffBurst(14);
    const r = autoForecast(values, { horizon: 168, periods: [24, 168] });
    if (r.status !== 'forecast') throw new Error(r.reason);
    expect(r.periods).toEqual([24]);
    // The burst's weekday and hours, one and two weeks on: no burst in the forecast.
    for (let h = 3 * 24 + 10 - 0 + 1; h <= 3 * 24 + 16; h++)
      expect(r.forecast.point[h - 1]).toBeLessThan(400);
  });

  it('is fitted with three weeks of history', () => {
    const r = autoForecast(withOneOffBurst(21), { horizon: 24, periods: [24, 168] });
    if (r.status !== 'forecast') throw new Error(r.reason);
    expect(r.periods).toEqual([24, 168]);
  });
});

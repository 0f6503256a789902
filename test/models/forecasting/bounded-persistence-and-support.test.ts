import { describe, expect, it } from 'vitest';
import { autoForecast } from '../../../src/models/forecasting/auto-forecast.js';
import { fitBats } from '../../../src/models/forecasting/bats-fit.js';
import { seasonalStartFromMstl } from '../../../src/models/forecasting/seasonal-start.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';
import { seriesSupport } from '../../../src/models/forecasting/series-support.js';

const DAY = 288;
const profile = (t: number) => 40 + 10 * Math.sin((2 * Math.PI * t) / DAY);

/**
 * A CPU percentage (5-minute, 10 days): a daily cycle around 40 %, an outage (0 %) of three hours on
 * day 5, and a busy last hour (+15 points). Persistent AR errors with little level smoothing turned the
 * last deviation into a permanent shift, and the outage made the 95 % band −129 … +250.
 */
function cpuWithOutage(): Float64Array {
  const normal = normalSource(mulberry32(11));
  const n = 10 * DAY;
  return Float64Array.from({ length: n }, (_, t) => {
    if (t >= 5 * DAY && t < 5 * DAY + 36) return 0;
    const busy = t >= n - 12 ? 15 : 0;
    return Math.min(100, Math.max(0, +(profile(t) + busy + 2 * normal()).toFixed(3)));
  });
}

describe('error persistence and the series support', () => {
  it('the level keeps at most half of the last error for good (αφ/(1 − φ) ≤ 0.5)', () => {
    const z = cpuWithOutage();
    const fit = fitBats(z, { periods: [DAY], arErrors: true }, seasonalStartFromMstl(z, [DAY]), {
      huberK: 2,
    });
    const { alpha, ar } = fit.params;
    expect((alpha * Math.abs(ar)) / (1 - Math.abs(ar))).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('a busy last hour is not a permanent shift of the day-ahead forecast', () => {
    const values = cpuWithOutage();
    const r = autoForecast(values, { horizon: DAY, periods: [DAY] });
    if (r.status !== 'forecast') throw new Error(r.reason);
    for (let h = DAY / 2; h <= DAY; h++) {
      expect(Math.abs((r.forecast.point[h - 1] as number) - profile(values.length + h - 1))).toBeLessThan(6);
    }
  });

  it('bands and points of a percentage stay within [0, 100] despite the outage', () => {
    const r = autoForecast(cpuWithOutage(), { horizon: DAY, periods: [DAY] });
    if (r.status !== 'forecast') throw new Error(r.reason);
    expect(r.support).toEqual({ lower: 0, upper: 100 });
    const all = [
      r.forecast.point,
      r.forecast.mean,
      ...r.forecast.intervals.flatMap((iv) => [iv.lower, iv.upper]),
    ];
    for (const a of all) for (const v of a) expect(v >= 0 && v <= 100).toBe(true);
  });

  it.each([
    { values: [12.5, 40.25, 97], setting: 'auto', expected: { lower: 0, upper: 100 } },
    { values: [3, 40, 97], setting: 'auto', expected: { lower: 0, upper: Number.POSITIVE_INFINITY } },
    { values: [0.5, 140], setting: 'auto', expected: { lower: 0, upper: Number.POSITIVE_INFINITY } },
    {
      values: [-1, 5.5],
      setting: 'auto',
      expected: { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY },
    },
    { values: [-1, 5.5], setting: 'percent', expected: { lower: 0, upper: 100 } },
    { values: [2.5], setting: 'non-negative', expected: { lower: 0, upper: Number.POSITIVE_INFINITY } },
  ] as const)('support of $values ($setting)', ({ values, setting, expected }) => {
    expect(seriesSupport(values, setting)).toEqual(expected);
  });
});

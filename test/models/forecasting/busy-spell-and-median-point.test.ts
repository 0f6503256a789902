import { describe, expect, it } from 'vitest';
import { autoForecast } from '../../../src/models/forecasting/auto-forecast.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';

const DAY = 288;
const profile = (t: number) => 300 * (1 + 0.5 * Math.sin((2 * Math.PI * t) / DAY));

/** 5-minute counts, 8 days, log-normal noise with rare big bursts, and a busy spell (×2) in the last 3 hours. */
function busyEnding(): Float64Array {
  const uniform = mulberry32(21);
  const normal = normalSource(uniform);
  const n = 8 * DAY;
  return Float64Array.from({ length: n }, (_, t) => {
    const busy = t >= n - 36 ? 2 : 1;
    const burst = uniform() < 0.01 ? 8 : 1;
    return Math.round(profile(t) * busy * burst * Math.exp(0.15 * normal()));
  });
}

describe('a sustained busy spell at the end of the history', () => {
  it('does not lift the forecast level for the rest of the day', () => {
    const values = busyEnding();
    const r = autoForecast(values, { horizon: DAY, periods: [DAY] });
    if (r.status !== 'forecast') throw new Error(r.reason);
    let ratio = 0;
    for (let h = DAY / 2; h <= DAY; h++)
      ratio += (r.forecast.point[h - 1] as number) / profile(values.length + h - 1);
    expect(ratio / (DAY / 2 + 1)).toBeLessThan(1.2);
  });

  it('the point forecast is a median: inside the 80 % band; the mean path is bounded by the 95 % band', () => {
    const r = autoForecast(busyEnding(), { horizon: DAY, periods: [DAY] });
    if (r.status !== 'forecast') throw new Error(r.reason);
    const [i80, i95] = r.forecast.intervals;
    for (let h = 0; h < DAY; h++) {
      expect(r.forecast.point[h]).toBeGreaterThanOrEqual(i80?.lower[h] as number);
      expect(r.forecast.point[h]).toBeLessThanOrEqual(i80?.upper[h] as number);
      expect(r.forecast.mean[h]).toBeLessThanOrEqual((i95?.upper[h] as number) + 1e-9);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { autoForecast } from '../../../src/models/forecasting/auto-forecast.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';

/**
 * 5-minute traffic with a daily cycle and, for the first 8 days, a burst at the top of every hour
 * (×13, 2.6 log units); then the bursts stop for 4 days. Clipping alone let the daily seasonal state
 * forget ≤ 0.17 log units a day, so the stopped bursts were forecast for weeks.
 */
function stoppedBursts(): Float64Array {
  const normal = normalSource(mulberry32(3));
  const day = 288;
  return Float64Array.from({ length: 12 * day }, (_, t) => {
    const profile = 200 * (1 + 0.4 * Math.sin((2 * Math.PI * t) / day));
    const burst = t < 8 * day && t % 12 === 0 ? Math.exp(2.6) : 1;
    return Math.max(1, Math.round(profile * burst * Math.exp(0.05 * normal())));
  });
}

describe('a seasonal pattern that stopped', () => {
  for (const selection of ['model', 'out-of-sample'] as const) {
    it(`is not forecast four days later (selection: ${selection})`, () => {
      const r = autoForecast(stoppedBursts(), { horizon: 288, periods: [288], selection });
      if (r.status !== 'forecast') throw new Error(r.reason);
      const point = r.forecast.point;
      // Forecast step h is t = 12·288 + h − 1; the old burst phases are h − 1 ≡ 0 (mod 12).
      for (let h = 13; h < 288; h += 12) {
        const neighbours = ((point[h - 2] as number) + (point[h] as number)) / 2;
        expect((point[h - 1] as number) / neighbours).toBeLessThan(1.3);
      }
    });
  }
});

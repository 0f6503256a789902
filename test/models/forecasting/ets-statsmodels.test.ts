import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { etsFilter } from '../../../src/models/forecasting/ets-filter.js';
import { etsForecastVariance, etsPointForecast } from '../../../src/models/forecasting/ets-forecast.js';
import type { EtsSpec, EtsState } from '../../../src/models/forecasting/ets-spec.js';

/** Reference runs of statsmodels' ETSModel.smooth with known parameters and states (scripts/generate-forecast-fixtures.py). */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/ets-statsmodels.json', import.meta.url), 'utf8'),
) as {
  period: number;
  values: number[];
  cases: Array<{
    name: string;
    params: { alpha: number; beta: number; gamma: number; phi: number };
    initial: { level: number; trend: number; seasonal: number[] };
    fitted: number[];
    llf: number;
    forecast: number[];
    relativeVariance?: number[];
  }>;
};

function specOf(name: string): EtsSpec {
  const [, error, trend, season] = /^([AM])(N|Ad|A)([NAM])$/.exec(name) as unknown as [
    string,
    'A' | 'M',
    EtsSpec['trend'],
    EtsSpec['season'],
  ];
  return { error, trend, season, period: season === 'N' ? 1 : fixture.period };
}

// Same recursions in double precision, different summation order: agreement to ~1e-12 relative is
// expected; 1e-9 leaves room without hiding a wrong formula (those miss by > 1e-3).
const REL = 1e-9;

describe('ETS recursions against statsmodels ETSModel', () => {
  for (const c of fixture.cases) {
    const spec = specOf(c.name);
    const initial: EtsState = {
      level: c.initial.level,
      trend: c.initial.trend,
      seasonal: Float64Array.from(c.initial.seasonal),
    };
    it(`ETS(${spec.error},${spec.trend},${spec.season}): fitted values, log-likelihood and forecasts`, () => {
      const fitted = new Float64Array(fixture.values.length);
      const result = etsFilter(Float64Array.from(fixture.values), spec, c.params, initial, { fitted });
      for (const [i, v] of c.fitted.entries()) expect(fitted[i]).toBeCloseTo(v, 9);
      expect(result.minusTwoLogLik / (-2 * c.llf)).toBeCloseTo(1, 12);
      const forecast = etsPointForecast(
        { spec, params: c.params, state: result.state, sigma2: result.sigma2 },
        8,
      );
      for (const [h, v] of c.forecast.entries()) {
        expect(Math.abs((forecast[h] as number) - v) / Math.abs(v)).toBeLessThan(REL);
      }
    });
    if (c.relativeVariance) {
      it(`ETS(${spec.error},${spec.trend},${spec.season}): forecast variance equals the closed form of Hyndman et al. Table 6.1`, () => {
        const variance = etsForecastVariance({ spec, params: c.params, state: initial, sigma2: 1 }, 8);
        for (const [h, v] of (c.relativeVariance ?? []).entries()) {
          expect(Math.abs((variance[h] as number) - v) / v).toBeLessThan(REL);
        }
      });
    }
  }
});

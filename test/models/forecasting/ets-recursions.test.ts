import { describe, expect, it } from 'vitest';
import { etsFilter } from '../../../src/models/forecasting/ets-filter.js';
import { etsPointForecast } from '../../../src/models/forecasting/ets-forecast.js';
import type { EtsSpec } from '../../../src/models/forecasting/ets-spec.js';

const spec = (error: 'A' | 'M', trend: EtsSpec['trend'], season: EtsSpec['season'], period = 1): EtsSpec => ({
  error,
  trend,
  season,
  period,
});
const none = new Float64Array();

// Hand-computed with Hyndman et al. (2008) Table 2.3; exact in binary up to rounding, so 12 digits.
describe('ETS recursions, hand-computed', () => {
  it('simple exponential smoothing ETS(A,N,N): y = 3, 5, 4, α = 0.5, ℓ0 = 2', () => {
    const fitted = new Float64Array(3);
    const r = etsFilter(
      Float64Array.of(3, 5, 4),
      spec('A', 'N', 'N'),
      { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
      {
        level: 2,
        trend: 0,
        seasonal: none,
      },
      { fitted },
    );
    expect(Array.from(fitted)).toEqual([2, 2.5, 3.75]); // ℓ: 2 → 2.5 → 3.75 → 3.875
    expect(r.state.level).toBe(3.875);
    expect(r.sigma2).toBe(7.3125 / 3); // errors 1, 2.5, 0.25
    expect(r.minusTwoLogLik).toBeCloseTo(3 * Math.log(2 * Math.PI * 2.4375) + 3, 12);
  });

  it("Holt's linear method ETS(A,A,N): y = 10, 12, 15, α = 0.5, β = 0.2, ℓ0 = 9, b0 = 1", () => {
    const r = etsFilter(
      Float64Array.of(10, 12, 15),
      spec('A', 'A', 'N'),
      { alpha: 0.5, beta: 0.2, gamma: 0, phi: 1 },
      {
        level: 9,
        trend: 1,
        seasonal: none,
      },
    );
    // μ = 10, 11, 12.7; e = 0, 1, 2.3; ℓ = 10, 11.5, 13.85; b = 1, 1.2, 1.66
    expect(r.state.level).toBeCloseTo(13.85, 12);
    expect(r.state.trend).toBeCloseTo(1.66, 12);
    const f = etsPointForecast(
      {
        spec: spec('A', 'A', 'N'),
        params: { alpha: 0.5, beta: 0.2, gamma: 0, phi: 1 },
        state: r.state,
        sigma2: 1,
      },
      2,
    );
    expect(f[0]).toBeCloseTo(15.51, 12);
    expect(f[1]).toBeCloseTo(17.17, 12);
  });

  it('additive Holt-Winters ETS(A,A,A), m = 2: y = 5, 1, 6, 2', () => {
    const s = spec('A', 'A', 'A', 2);
    const params = { alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 1 };
    const r = etsFilter(Float64Array.of(5, 1, 6, 2), s, params, {
      level: 3,
      trend: 0.5,
      seasonal: Float64Array.of(2, -2),
    });
    // μ = 5.5, 1.7, 5.63, 2.192; ℓ = 3.25, 3.35, 3.915, 4.236; b = .45, .38, .417, .3978
    expect(r.state.level).toBeCloseTo(4.236, 12);
    expect(r.state.trend).toBeCloseTo(0.3978, 12);
    expect(r.state.seasonal[0]).toBeCloseTo(1.974, 12); // s_3, used next
    expect(r.state.seasonal[1]).toBeCloseTo(-2.1784, 12);
    const f = etsPointForecast({ spec: s, params, state: r.state, sigma2: 1 }, 2);
    expect(f[0]).toBeCloseTo(6.6078, 12);
    expect(f[1]).toBeCloseTo(2.8532, 12);
  });

  it('multiplicative seasonality in state-space form, ETS(M,N,M): s_t = s_{t−m}(1 + γε_t)', () => {
    const r = etsFilter(
      Float64Array.of(12, 6),
      spec('M', 'N', 'M', 2),
      { alpha: 0.5, beta: 0, gamma: 0.2, phi: 1 },
      {
        level: 10,
        trend: 0,
        seasonal: Float64Array.of(1.2, 0.8),
      },
    );
    // t1: μ = 12, ε = 0; t2: μ = 8, ε = −0.25 → ℓ = 10(1 − 0.125) = 8.75, s = 0.8(1 − 0.05) = 0.76
    expect(r.state.level).toBeCloseTo(8.75, 12);
    expect(Array.from(r.state.seasonal)).toEqual([1.2, expect.closeTo(0.76, 12)]);
    expect(r.sigma2).toBeCloseTo(0.03125, 14);
    expect(r.minusTwoLogLik).toBeCloseTo(2 * Math.log(2 * Math.PI * 0.03125) + 2 + 2 * Math.log(96), 12);
  });

  it('skips a missing value: the states follow their forecast and the likelihood ignores it', () => {
    const fitted = new Float64Array(3);
    const errors = new Float64Array(3);
    const r = etsFilter(
      Float64Array.of(3, Number.NaN, 4),
      spec('A', 'N', 'N'),
      { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
      {
        level: 2,
        trend: 0,
        seasonal: none,
      },
      { fitted, errors },
    );
    expect(Array.from(fitted)).toEqual([2, 2.5, 2.5]);
    expect(errors[1]).toBeNaN();
    expect(r.observed).toBe(2);
    expect(r.sigma2).toBe((1 + 2.25) / 2);
  });

  it('damps the trend: forecasts approach ℓ + φb/(1 − φ)', () => {
    const f = etsPointForecast(
      {
        spec: spec('A', 'Ad', 'N'),
        params: { alpha: 0.5, beta: 0.1, gamma: 0, phi: 0.5 },
        state: { level: 10, trend: 2, seasonal: none },
        sigma2: 1,
      },
      40,
    );
    expect(f[0]).toBe(11);
    expect(f[1]).toBe(11.5);
    expect(f[39]).toBeCloseTo(12, 10);
  });
});

import { describe, expect, it } from 'vitest';
import { batsFilter } from '../../../src/models/forecasting/bats-filter.js';
import { fitBats } from '../../../src/models/forecasting/bats-fit.js';
import {
  batsForecastVariance,
  batsInnovationWeights,
  batsPointForecast,
  simulateBatsPaths,
} from '../../../src/models/forecasting/bats-forecast.js';
import { batsHorizonError } from '../../../src/models/forecasting/bats-horizon-error.js';
import { batsName } from '../../../src/models/forecasting/bats-model.js';
import { etsFilter } from '../../../src/models/forecasting/ets-filter.js';
import { etsForecastVariance } from '../../../src/models/forecasting/ets-forecast.js';
import { pathVariance } from '../../../src/models/forecasting/interval-bounds.js';
import { seasonalStartFromMstl } from '../../../src/models/forecasting/seasonal-start.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';

const seasonal4 = Float64Array.of(3, -1, -4, 2);
const y = Float64Array.of(13, 9, 6, 12, 14, 8, 5, 13, 15, 10, 6, 12);

describe('multi-seasonal exponential smoothing with AR(1) errors (BATS without trend)', () => {
  it('filters by hand: z = 1, 3 with α = 0.5, γ = 0.25, m = 2', () => {
    const r = batsFilter(
      Float64Array.of(1, 3),
      { periods: [2], arErrors: false },
      { alpha: 0.5, gammas: [0.25], ar: 0 },
      {
        level: 0,
        error: 0,
        seasonal: [Float64Array.of(0, 0)],
      },
    );
    expect(r.state.level).toBe(1.75); // d = 1 → ℓ = 0.5; d = 2.5 → ℓ = 1.75
    expect(Array.from(r.state.seasonal[0] as Float64Array)).toEqual([0.25, 0.625]);
  });

  it('with one period and φ = 0 is ETS(A,N,A): same likelihood, states and forecast variance', () => {
    const params = { alpha: 0.3, gammas: [0.2], ar: 0 };
    const bats = batsFilter(y, { periods: [4], arErrors: false }, params, {
      level: 10,
      error: 0,
      seasonal: [seasonal4],
    });
    const spec = { error: 'A', trend: 'N', season: 'A', period: 4 } as const;
    const ets = etsFilter(
      y,
      spec,
      { alpha: 0.3, beta: 0, gamma: 0.2, phi: 1 },
      { level: 10, trend: 0, seasonal: seasonal4 },
    );
    expect(bats.minusTwoLogLik).toBeCloseTo(ets.minusTwoLogLik, 12);
    expect(bats.state.level).toBeCloseTo(ets.state.level, 12);
    const vb = batsForecastVariance(
      { spec: { periods: [4], arErrors: false }, params, state: bats.state, sigma2: 2 },
      9,
    );
    const ve = etsForecastVariance(
      { spec, params: { alpha: 0.3, beta: 0, gamma: 0.2, phi: 1 }, state: ets.state, sigma2: 2 },
      9,
    );
    for (let h = 0; h < 9; h++) expect(vb[h]).toBeCloseTo(ve[h] as number, 12);
  });

  it('innovation weights with AR(1) errors: c_j = α(1 − φ^j)/(1 − φ) + φ^j before the first seasonal repeat', () => {
    const origin = {
      spec: { periods: [10], arErrors: true },
      params: { alpha: 0.2, gammas: [0.1], ar: 0.6 },
      state: { level: 0, error: 0, seasonal: [new Float64Array(10)] },
      sigma2: 1,
    };
    const c = batsInnovationWeights(origin, 9);
    for (let j = 1; j <= 8; j++) expect(c[j - 1]).toBeCloseTo((0.2 * (1 - 0.6 ** j)) / 0.4 + 0.6 ** j, 12);
  });

  it('the last error fades from the point forecast as φ^h', () => {
    const origin = {
      spec: { periods: [2], arErrors: true },
      params: { alpha: 0, gammas: [0], ar: 0.5 },
      state: { level: 10, error: 4, seasonal: [Float64Array.of(1, -1)] },
      sigma2: 1,
    };
    expect(Array.from(batsPointForecast(origin, 3))).toEqual([13, 10, 11.5]);
  });

  it('simulated paths with normal innovations have the analytic variance (within 3 %)', () => {
    const origin = {
      spec: { periods: [3, 6], arErrors: true },
      params: { alpha: 0.3, gammas: [0.1, 0.05], ar: 0.4 },
      state: {
        level: 5,
        error: 0.5,
        seasonal: [Float64Array.of(1, 0, -1), Float64Array.of(0, 1, 0, -1, 0, 0)],
      },
      sigma2: 0.25,
    };
    const normal = normalSource(mulberry32(5));
    const simulated = pathVariance(
      simulateBatsPaths(origin, 12, 20_000, () => 0.5 * normal()),
      12,
    );
    const analytic = batsForecastVariance(origin, 12);
    for (let h = 0; h < 12; h++)
      expect(Math.abs((simulated[h] as number) / (analytic[h] as number) - 1)).toBeLessThan(0.03);
  });

  it('Huber cleaning: a burst moves the level by at most α·k·s', () => {
    const spec = { periods: [2], arErrors: false };
    const params = { alpha: 0.5, gammas: [0], ar: 0 };
    const start = { level: 0, error: 0, seasonal: [Float64Array.of(0, 0)] };
    const plain = batsFilter(Float64Array.of(100), spec, params, start);
    const robust = batsFilter(Float64Array.of(100), spec, params, start, undefined, { scale: 1, k: 2 });
    expect(plain.state.level).toBe(50);
    expect(robust.state.level).toBe(1);
    expect(robust.huberLoss).toBe(2 * 100 - 2); // ρ_k(x) = k|x| − k²/2 beyond k
    expect(robust.minusTwoLogLik).toBe(plain.minusTwoLogLik); // the likelihood sees the raw innovation
  });

  it('recovers α, γ and φ from 4000 simulated values of a known model', () => {
    const truth = { alpha: 0.2, gammas: [0.1], ar: 0.6 };
    const spec = { periods: [12], arErrors: true };
    const profile = Float64Array.from({ length: 12 }, (_, j) => 3 * Math.sin((2 * Math.PI * j) / 12));
    const normal = normalSource(mulberry32(11));
    const paths = simulateBatsPaths(
      { spec, params: truth, state: { level: 50, error: 0, seasonal: [profile] }, sigma2: 1 },
      4000,
      1,
      () => normal(),
    );
    const fit = fitBats(paths, spec, { level: 50, error: 0, seasonal: [profile] });
    expect(fit.params.alpha).toBeGreaterThan(0.15);
    expect(fit.params.alpha).toBeLessThan(0.25);
    expect(fit.params.ar).toBeGreaterThan(0.5);
    expect(fit.params.ar).toBeLessThan(0.7);
    expect(fit.params.gammas[0]).toBeLessThan(0.2);
    expect(fit.sigma2).toBeCloseTo(1, 1);
  });

  it('a pure seasonal signal has (almost) no in-sample multi-step error', () => {
    const z = Float64Array.from({ length: 24 * 10 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 24));
    const spec = { periods: [24], arErrors: true };
    const fit = fitBats(z, spec, seasonalStartFromMstl(z, [24]));
    expect(batsHorizonError(z, fit, 24, 72)).toBeLessThan(1e-3);
  });

  it('is named in De Livera et al. notation', () => {
    expect(batsName({ periods: [48, 336], arErrors: true }, 0.5)).toBe('BATS(0.5, {1,0}, -, {48,336})');
    expect(batsName({ periods: [24], arErrors: false }, null)).toBe('BATS(1, {0,0}, -, {24})');
  });
});

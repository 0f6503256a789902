import { describe, expect, it } from 'vitest';
import {
  etsForecastVariance,
  etsInnovationWeights,
  etsPointForecast,
} from '../../../src/models/forecasting/ets-forecast.js';
import { simulateEtsPaths } from '../../../src/models/forecasting/ets-simulate.js';
import type { EtsSpec } from '../../../src/models/forecasting/ets-spec.js';
import { pathVariance } from '../../../src/models/forecasting/interval-bounds.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';

const state = { level: 100, trend: 2, seasonal: Float64Array.of(3, -1, -2) };
const origin = (spec: EtsSpec, sigma2 = 4) => ({
  spec,
  params: { alpha: 0.4, beta: 0.1, gamma: 0.2, phi: 0.9 },
  state,
  sigma2,
});

describe('ETS forecast variance (Hyndman et al. 2008, ch. 6)', () => {
  it('ETS(A,N,N): σ²[1 + (h − 1)α²]', () => {
    const v = etsForecastVariance(origin({ error: 'A', trend: 'N', season: 'N', period: 1 }), 5);
    for (let h = 1; h <= 5; h++) expect(v[h - 1]).toBeCloseTo(4 * (1 + (h - 1) * 0.16), 12);
  });

  it('ETS(A,A,N): σ²[1 + (h − 1){α² + αβh + β²h(2h − 1)/6}]', () => {
    const v = etsForecastVariance(origin({ error: 'A', trend: 'A', season: 'N', period: 1 }), 6);
    for (let h = 1; h <= 6; h++) {
      const closed = 4 * (1 + (h - 1) * (0.16 + 0.04 * h + (0.01 * h * (2 * h - 1)) / 6));
      expect(v[h - 1]).toBeCloseTo(closed, 10);
    }
  });

  it('ETS(A,N,A): σ²[1 + (h − 1)α² + γk(2α + γ)], k = ⌊(h − 1)/m⌋', () => {
    const v = etsForecastVariance(origin({ error: 'A', trend: 'N', season: 'A', period: 3 }), 9);
    for (let h = 1; h <= 9; h++) {
      const k = Math.floor((h - 1) / 3);
      expect(v[h - 1]).toBeCloseTo(4 * (1 + (h - 1) * 0.16 + 0.2 * k * (0.8 + 0.2)), 10);
    }
  });

  it('innovation weights c_j = α + βφ_j + γ d_{j,m}', () => {
    const c = etsInnovationWeights(
      { error: 'A', trend: 'Ad', season: 'A', period: 2 },
      { alpha: 0.4, beta: 0.1, gamma: 0.2, phi: 0.5 },
      4,
    );
    expect(Array.from(c)).toEqual([
      expect.closeTo(0.4 + 0.1 * 0.5, 14),
      expect.closeTo(0.4 + 0.1 * 0.75 + 0.2, 14),
      expect.closeTo(0.4 + 0.1 * 0.875, 14),
    ]);
  });

  it('ETS(M,N,N): ℓ²[(1 + σ²)(1 + α²σ²)^{h−1} − 1] (class 2 closed form)', () => {
    const sigma2 = 0.01;
    const v = etsForecastVariance(origin({ error: 'M', trend: 'N', season: 'N', period: 1 }, sigma2), 6);
    for (let h = 1; h <= 6; h++) {
      expect(v[h - 1]).toBeCloseTo(100 ** 2 * ((1 + sigma2) * (1 + 0.16 * sigma2) ** (h - 1) - 1), 9);
    }
  });

  it('ETS(M,Ad,A): the class 2 recursion agrees with 20 000 simulated paths within 3 %', () => {
    const o = origin({ error: 'M', trend: 'Ad', season: 'A', period: 3 }, 0.0025);
    const analytic = etsForecastVariance(o, 8);
    const normal = normalSource(mulberry32(7));
    const paths = simulateEtsPaths(o, 8, 20_000, () => 0.05 * normal());
    const simulated = pathVariance(paths, 8);
    // Monte-Carlo sd of a variance estimate with 20 000 draws ≈ √(2/20 000) = 1 %: 3 % is 3 sd.
    for (let h = 0; h < 8; h++)
      expect(Math.abs((simulated[h] as number) / (analytic[h] as number) - 1)).toBeLessThan(0.03);
  });

  it('simulated paths of a multiplicative-seasonal model centre on its point forecast', () => {
    const o = origin({ error: 'M', trend: 'N', season: 'M', period: 3 }, 0.0004);
    const seasonal = { ...o, state: { level: 100, trend: 0, seasonal: Float64Array.of(1.2, 0.9, 0.9) } };
    const normal = normalSource(mulberry32(3));
    const paths = simulateEtsPaths(seasonal, 6, 10_000, () => 0.02 * normal());
    const point = etsPointForecast(seasonal, 6);
    for (let h = 0; h < 6; h++) {
      let mean = 0;
      for (let p = 0; p < 10_000; p++) mean += (paths[p * 6 + h] as number) / 10_000;
      expect(mean / (point[h] as number)).toBeCloseTo(1, 2);
    }
  });
});

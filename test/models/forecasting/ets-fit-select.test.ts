import { describe, expect, it } from 'vitest';
import { fitEts } from '../../../src/models/forecasting/ets-fit.js';
import { etsInitialState } from '../../../src/models/forecasting/ets-initial-state.js';
import { etsCandidates, selectEts } from '../../../src/models/forecasting/ets-select.js';
import { etsName, smoothingParameterCount } from '../../../src/models/forecasting/ets-spec.js';
import { mulberry32, normalSource } from '../../../src/models/forecasting/seeded-random.js';

/** y_t = ℓ_{t−1} + ε_t, ℓ_t = ℓ_{t−1} + αε_t (ETS(A,N,N)), plus a slope when given. */
function simulateLocalLevel(n: number, alpha: number, slope: number, seed: number): Float64Array {
  const normal = normalSource(mulberry32(seed));
  let level = 100;
  return Float64Array.from({ length: n }, () => {
    const eps = normal();
    const y = level + eps;
    level += slope + alpha * eps;
    return y;
  });
}

describe('ETS estimation and selection', () => {
  it('estimates α of a simulated local level model (n = 3000, α = 0.3)', () => {
    const fit = fitEts(simulateLocalLevel(3000, 0.3, 0, 1), {
      error: 'A',
      trend: 'N',
      season: 'N',
      period: 1,
    });
    // sd of the MLE of α ≈ √(α(2 − α)/n)… ≈ 0.015 here; 0.06 is 4 sd
    expect(Math.abs(fit.params.alpha - 0.3)).toBeLessThan(0.06);
    expect(fit.sigma2).toBeCloseTo(1, 1);
    expect(fit.parameters).toBe(3); // α, ℓ0, σ²
  });

  it('selects a trend by AICc when the series trends, and none for noise around a constant', () => {
    const trending = selectEts(
      simulateLocalLevel(400, 0.2, 0.5, 2),
      etsCandidates({ period: 1, multiplicative: false }),
    );
    expect(trending.best.spec.trend).not.toBe('N');
    // AICc, like any criterion, sometimes sees a slope in pure noise (a 2-unit gain happens by chance),
    // so this asks for the majority over six series.
    const picks = [3, 4, 5, 6, 7, 8].map(
      (seed) =>
        selectEts(simulateLocalLevel(400, 0, 0, seed), etsCandidates({ period: 1, multiplicative: false }))
          .best.spec.trend,
    );
    expect(picks.filter((t) => t === 'N').length).toBeGreaterThanOrEqual(4);
  });

  it('offers multiplicative members only for positive data, never ETS(A,·,M)', () => {
    const all = etsCandidates({ period: 12, multiplicative: true }).map(etsName);
    expect(all).toHaveLength(15);
    expect(all.filter((n) => /^ETS\(A,.*,M\)$/.test(n))).toEqual([]);
    expect(etsCandidates({ period: 12, multiplicative: false })).toHaveLength(6);
    expect(smoothingParameterCount({ error: 'M', trend: 'Ad', season: 'M', period: 12 })).toBe(4);
  });

  it('starts seasonal states from a 2×m moving average of the first cycles (Hyndman et al. §2.6.1)', () => {
    const y = Float64Array.from({ length: 16 }, (_, t) => 10 + 0.5 * t + ([3, -1, -4, 2][t % 4] as number));
    const s = etsInitialState(y, { error: 'A', trend: 'A', season: 'A', period: 4 });
    expect(Array.from(s.seasonal)).toEqual([3, -1, -4, 2].map((v) => expect.closeTo(v, 12)));
    expect(s.trend).toBeCloseTo(0.5, 12);
    expect(s.level).toBeCloseTo(9.5, 12); // ℓ0 = value at t = 0 of the deseasonalised line 10 + 0.5(t − 1)
    expect(() =>
      etsInitialState(y.subarray(0, 7), { error: 'A', trend: 'N', season: 'A', period: 4 }),
    ).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { informationCriteria } from '../../../src/models/forecasting/information-criteria.js';

describe('informationCriteria (Hyndman et al. 2008, §7.1)', () => {
  it('AIC = −2logL + 2k, AICc = AIC + 2k(k + 1)/(n − k − 1), BIC = −2logL + k log n', () => {
    expect(informationCriteria(100, 3, 20)).toEqual({ aic: 106, aicc: 107.5, bic: 100 + 3 * Math.log(20) });
  });

  it('AICc is +∞ when n ≤ k + 1', () => {
    expect(informationCriteria(10, 4, 5).aicc).toBe(Number.POSITIVE_INFINITY);
  });

  it('matches a published value: ETS(A,N,N) on 20 points with −2logL = 50 → AICc = 57.5', () => {
    // k = α, ℓ0, σ² = 3: AIC = 56, correction 2·3·4/16 = 1.5
    expect(informationCriteria(50, 3, 20).aicc).toBe(57.5);
  });
});

/** Information criteria of a fitted model, for comparing models fitted to the same data. */
export interface InformationCriteria {
  aic: number;
  /** Small-sample corrected AIC; +∞ when n ≤ k + 1. */
  aicc: number;
  bic: number;
}

/**
 * Akaike's criterion AIC = −2 log L + 2k, its small-sample correction AICc = AIC + 2k(k + 1)/(n − k − 1)
 * (Hurvich & Tsai 1989), and Schwarz's BIC = −2 log L + k log n.
 *
 * Reference: Hyndman et al. (2008), "Forecasting with Exponential Smoothing", §7.1, eqs. (7.1)–(7.3).
 *
 * @param minusTwoLogLik −2 log-likelihood at the estimates
 * @param parameters k, number of estimated parameters (σ² included)
 * @param observations n, number of observations used
 * @example informationCriteria(100, 3, 20).aicc // 107.5 (106 + 24/16)
 */
export function informationCriteria(
  minusTwoLogLik: number,
  parameters: number,
  observations: number,
): InformationCriteria {
  const k = parameters;
  const n = observations;
  const aic = minusTwoLogLik + 2 * k;
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY;
  return { aic, aicc, bic: minusTwoLogLik + k * Math.log(n) };
}

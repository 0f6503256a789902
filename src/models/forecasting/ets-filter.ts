import type { EtsParams, EtsSpec, EtsState } from './ets-spec.js';

/** What one pass of the ETS recursions over a series gives. */
export interface EtsFilterResult {
  /** −2 log-likelihood of the observed values with σ² at its maximum-likelihood value. */
  minusTwoLogLik: number;
  /** σ̂² = Σε²/n over observed values (ε relative for multiplicative errors). */
  sigma2: number;
  /** Observed values used. */
  observed: number;
  /** State after the last value. */
  state: EtsState;
}

/** Optional per-step outputs of {@link etsFilter}. */
export interface EtsFilterOutputs {
  /** One-step-ahead forecasts μ_t, length n. */
  fitted?: Float64Array;
  /** Innovations ε_t (NaN where y_t is missing), length n. */
  errors?: Float64Array;
}

/**
 * Runs the ETS state-space recursions (innovations form) over a series. For the additive-trend members
 * with T_t = ℓ_{t−1} + φb_{t−1} and the one-step forecast μ_t = T_t (+ s_{t−m} or × s_{t−m}), the
 * updates are, with e_t = y_t − μ_t:
 *
 *   ℓ_t = T_t + α e_t / q_t,   b_t = φb_{t−1} + β e_t / q_t,
 *   s_t = s_{t−m} + γ e_t / r_t,
 *
 * where q_t = s_{t−m} and r_t = T_t for multiplicative seasonality, and q_t = r_t = 1 otherwise. These
 * are the same for additive and multiplicative errors; the error type only changes the innovation
 * (ε_t = e_t or e_t/μ_t) and the likelihood:
 *
 *   −2 log L = n log(2π σ̂²) + n + 2 Σ log|μ_t| (the last term for multiplicative errors only).
 *
 * A missing y_t (NaN) is skipped: the states move along their forecast (e_t = 0) and it adds nothing
 * to the likelihood — a gap is never read as a zero.
 *
 * Reference: R. J. Hyndman, A. B. Koehler, J. K. Ord & R. D. Snyder (2008), "Forecasting with
 * Exponential Smoothing: The State Space Approach", Springer: Table 2.3 (recursions), §5.2 (likelihood).
 *
 * @param values series (NaN = missing)
 * @param spec model
 * @param params smoothing parameters
 * @param initial x_0; not modified
 * @example etsFilter(Float64Array.from([1, 2]), ann, { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
 *   { level: 0, trend: 0, seasonal: new Float64Array() }).state.level // 1.25 (0 → 0.5 → 1.25)
 */
export function etsFilter(
  values: ArrayLike<number>,
  spec: EtsSpec,
  params: EtsParams,
  initial: EtsState,
  outputs: EtsFilterOutputs = {},
): EtsFilterResult {
  const n = values.length;
  const { alpha, beta, gamma } = params;
  const hasTrend = spec.trend !== 'N';
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const seasonType = spec.season;
  const m = seasonType === 'N' ? 0 : spec.period;
  const multiplicativeError = spec.error === 'M';
  const seasonal = Float64Array.from(initial.seasonal);
  let level = initial.level;
  let trend = hasTrend ? initial.trend : 0;
  let sumSq = 0;
  let sumLogMu = 0;
  let observed = 0;
  let ring = 0;
  const { fitted, errors } = outputs;

  for (let t = 0; t < n; t++) {
    const damped = phi * trend;
    const base = level + damped;
    const s = m > 0 ? (seasonal[ring] as number) : 0;
    const mu = seasonType === 'A' ? base + s : seasonType === 'M' ? base * s : base;
    if (fitted) fitted[t] = mu;
    const y = values[t] as number;
    if (Number.isNaN(y)) {
      if (errors) errors[t] = Number.NaN;
      level = base;
      trend = damped;
    } else {
      const e = y - mu;
      if (multiplicativeError) {
        if (!(mu > 0)) return failed(n);
        const eps = e / mu;
        sumSq += eps * eps;
        sumLogMu += Math.log(mu);
        if (errors) errors[t] = eps;
      } else {
        sumSq += e * e;
        if (errors) errors[t] = e;
      }
      observed++;
      if (seasonType === 'M') {
        if (s === 0 || base === 0) return failed(n);
        level = base + (alpha * e) / s;
        trend = damped + (beta * e) / s;
        seasonal[ring] = s + (gamma * e) / base;
      } else {
        level = base + alpha * e;
        trend = damped + beta * e;
        if (m > 0) seasonal[ring] = s + gamma * e;
      }
    }
    if (m > 0) ring = ring + 1 === m ? 0 : ring + 1;
  }
  const finalSeasonal = new Float64Array(m);
  for (let j = 0; j < m; j++) finalSeasonal[j] = seasonal[(ring + j) % m] as number;
  const state: EtsState = { level, trend, seasonal: finalSeasonal };
  if (observed === 0) return { minusTwoLogLik: Number.NaN, sigma2: Number.NaN, observed, state };
  const sigma2 = sumSq / observed;
  // A perfect fit (σ̂² = 0) would give −∞; the floor keeps it the best finite value instead.
  const minusTwoLogLik =
    observed * Math.log(2 * Math.PI * Math.max(sigma2, 1e-300)) + observed + 2 * sumLogMu;
  return { minusTwoLogLik, sigma2, observed, state };
}

function failed(n: number): EtsFilterResult {
  return {
    minusTwoLogLik: Number.POSITIVE_INFINITY,
    sigma2: Number.NaN,
    observed: n,
    state: { level: Number.NaN, trend: Number.NaN, seasonal: new Float64Array() },
  };
}

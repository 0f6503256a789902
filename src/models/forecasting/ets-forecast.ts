import type { EtsParams, EtsSpec, EtsState } from './ets-spec.js';

/** What forecasting from an ETS model needs: the model, its parameters and the last state. */
export interface EtsForecastOrigin {
  spec: EtsSpec;
  params: EtsParams;
  state: EtsState;
  /** Innovation variance σ² (relative for multiplicative errors). */
  sigma2: number;
}

/**
 * Point forecasts μ_{n+h|n}, h = 1…H, of an additive-trend ETS model from its last state:
 * ℓ_n + φ_h b_n, plus (or times) s_{n+h−m(k+1)}, with φ_h = φ + φ² + … + φ^h and k = ⌊(h − 1)/m⌋.
 *
 * Reference: Hyndman et al. (2008), "Forecasting with Exponential Smoothing", Table 2.1.
 *
 * @param horizon H ≥ 0 steps
 * @example etsPointForecast({ spec: { error: 'A', trend: 'A', season: 'N', period: 1 },
 *   params: { alpha: 0.5, beta: 0.1, gamma: 0, phi: 1 }, state: { level: 10, trend: 2,
 *   seasonal: new Float64Array() }, sigma2: 1 }, 2) // Float64Array [12, 14]
 */
export function etsPointForecast(origin: EtsForecastOrigin, horizon: number): Float64Array {
  const { spec, params, state } = origin;
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const hasTrend = spec.trend !== 'N';
  const m = spec.season === 'N' ? 0 : spec.period;
  const out = new Float64Array(horizon);
  let phiSum = 0;
  let phiPower = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPower *= phi;
    phiSum += phiPower;
    const base = state.level + (hasTrend ? phiSum * state.trend : 0);
    const s = m > 0 ? (state.seasonal[(h - 1) % m] as number) : 0;
    out[h - 1] = spec.season === 'A' ? base + s : spec.season === 'M' ? base * s : base;
  }
  return out;
}

/**
 * The coefficients c_j = α + βφ_j + γ d_{j,m} (j = 1…H − 1) of the linear ETS models, where
 * φ_j = φ + … + φ^j and d_{j,m} = 1 when j is a multiple of m: the effect of an innovation on the
 * forecast j steps later.
 *
 * Reference: Hyndman et al. (2008), §6.3, Table 6.2.
 */
export function etsInnovationWeights(spec: EtsSpec, params: EtsParams, horizon: number): Float64Array {
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const beta = spec.trend === 'N' ? 0 : params.beta;
  const gamma = spec.season === 'N' ? 0 : params.gamma;
  const m = spec.period;
  const c = new Float64Array(Math.max(0, horizon - 1));
  let phiSum = 0;
  let phiPower = 1;
  for (let j = 1; j < horizon; j++) {
    phiPower *= phi;
    phiSum += phiPower;
    c[j - 1] = params.alpha + beta * phiSum + (gamma !== 0 && j % m === 0 ? gamma : 0);
  }
  return c;
}

/**
 * Whether the forecast variance of a model has a closed form: class 1 (additive error, no or additive
 * seasonality) and class 2 (multiplicative error, no or additive seasonality) of Hyndman et al. (2008),
 * ch. 6. Multiplicative seasonality (class 3) needs simulation.
 */
export function hasAnalyticVariance(spec: EtsSpec): boolean {
  return spec.season !== 'M';
}

/**
 * Variance of y_{n+h} given the state at n, h = 1…H, for the linear and multiplicative-error classes:
 *
 *   class 1 (additive error):       v_h = σ² [1 + Σ_{j=1}^{h−1} c_j²]
 *   class 2 (multiplicative error): v_h = (1 + σ²) θ_h − μ_h², θ_1 = μ_1²,
 *                                   θ_h = μ_h² + σ² Σ_{j=1}^{h−1} c_j² θ_{h−j}
 *
 * with c_j from {@link etsInnovationWeights} and μ_h the point forecast. For ETS(A,N,N) this is
 * σ²[1 + (h − 1)α²].
 *
 * Reference: Hyndman et al. (2008), "Forecasting with Exponential Smoothing", §6.3–6.4, eqs. (6.5) and
 * (6.6) (Table 6.1 gives the closed forms per model).
 *
 * @param horizon H ≥ 0 steps
 * @returns variances in the series' squared units
 * @example etsForecastVariance({ spec: { error: 'A', trend: 'N', season: 'N', period: 1 },
 *   params: { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, state: { level: 0, trend: 0,
 *   seasonal: new Float64Array() }, sigma2: 2 }, 3) // Float64Array [2, 2.5, 3]
 */
export function etsForecastVariance(origin: EtsForecastOrigin, horizon: number): Float64Array {
  const { spec, params, sigma2 } = origin;
  if (!hasAnalyticVariance(spec)) {
    throw new RangeError('multiplicative seasonality has no closed-form forecast variance; simulate paths');
  }
  const c = etsInnovationWeights(spec, params, horizon);
  const out = new Float64Array(horizon);
  if (spec.error === 'A') {
    let sum = 0;
    for (let h = 1; h <= horizon; h++) {
      out[h - 1] = sigma2 * (1 + sum);
      if (h < horizon) sum += (c[h - 1] as number) ** 2;
    }
    return out;
  }
  const mu = etsPointForecast(origin, horizon);
  const theta = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    let sum = 0;
    for (let j = 1; j < h; j++) sum += (c[j - 1] as number) ** 2 * (theta[h - j - 1] as number);
    theta[h - 1] = (mu[h - 1] as number) ** 2 + sigma2 * sum;
    out[h - 1] = (1 + sigma2) * (theta[h - 1] as number) - (mu[h - 1] as number) ** 2;
  }
  return out;
}

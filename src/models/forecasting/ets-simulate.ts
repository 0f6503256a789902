import type { EtsForecastOrigin } from './ets-forecast.js';

/**
 * Sample paths of an ETS model's future, h = 1…H, from its last state: each step draws an innovation
 * ε from `draw` (N(0, σ²), or resampled residuals), sets y = μ + ε (additive error) or μ(1 + ε)
 * (multiplicative error), and updates the states with the recursions of {@link etsFilter}. Used for the
 * prediction intervals of models without a closed-form variance (multiplicative seasonality) and for
 * bootstrapped intervals.
 *
 * Reference: Hyndman et al. (2008), "Forecasting with Exponential Smoothing", §6.1 (simulated intervals).
 *
 * @param paths number of paths ≥ 1
 * @param draw innovation source, e.g. `() => sd * normal()` with a seeded `normalSource`
 * @returns paths × H values, path-major (`out[p * H + h − 1]`)
 */
export function simulateEtsPaths(
  origin: EtsForecastOrigin,
  horizon: number,
  paths: number,
  draw: () => number,
): Float64Array {
  const { spec, params, state } = origin;
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const hasTrend = spec.trend !== 'N';
  const m = spec.season === 'N' ? 0 : spec.period;
  const out = new Float64Array(paths * horizon);
  const seasonal = new Float64Array(m);
  for (let p = 0; p < paths; p++) {
    let level = state.level;
    let trend = hasTrend ? state.trend : 0;
    seasonal.set(state.seasonal);
    let ring = 0;
    for (let h = 0; h < horizon; h++) {
      const damped = phi * trend;
      const base = level + damped;
      const s = m > 0 ? (seasonal[ring] as number) : 0;
      const mu = spec.season === 'A' ? base + s : spec.season === 'M' ? base * s : base;
      const eps = draw();
      const e = spec.error === 'M' ? mu * eps : eps;
      out[p * horizon + h] = mu + e;
      if (spec.season === 'M') {
        level = base + (params.alpha * e) / s;
        trend = damped + (params.beta * e) / s;
        seasonal[ring] = s + (params.gamma * e) / base;
      } else {
        level = base + params.alpha * e;
        trend = damped + params.beta * e;
        if (m > 0) seasonal[ring] = s + params.gamma * e;
      }
      if (m > 0) ring = ring + 1 === m ? 0 : ring + 1;
    }
  }
  return out;
}

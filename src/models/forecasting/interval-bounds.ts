import type { PredictionInterval } from './forecast.js';
import { normalQuantile } from './normal-quantile.js';
import { sampleQuantiles } from './sample-quantiles.js';

/**
 * Normal prediction intervals ŷ_h ± z_{(1+level)/2} √v_h.
 *
 * Reference: Hyndman et al. (2008), "Forecasting with Exponential Smoothing", §6.1.
 *
 * @param variance forecast variance per step, ≥ 0
 * @param levels coverage levels in (0, 1)
 * @example normalIntervals(Float64Array.of(0), Float64Array.of(1), [0.95])[0].upper[0] // 1.959963984540054
 */
export function normalIntervals(
  point: ArrayLike<number>,
  variance: ArrayLike<number>,
  levels: readonly number[],
): PredictionInterval[] {
  return levels.map((level) => {
    const z = normalQuantile(0.5 + level / 2);
    const lower = new Float64Array(point.length);
    const upper = new Float64Array(point.length);
    for (let h = 0; h < point.length; h++) {
      const half = z * Math.sqrt(variance[h] as number);
      lower[h] = (point[h] as number) - half;
      upper[h] = (point[h] as number) + half;
    }
    return { level, lower, upper };
  });
}

/**
 * Prediction intervals from simulated paths: the (1 − level)/2 and (1 + level)/2 sample quantiles at
 * each step.
 *
 * @param paths path-major, `paths[p * horizon + h − 1]`
 */
export function pathIntervals(
  paths: Float64Array,
  horizon: number,
  levels: readonly number[],
): PredictionInterval[] {
  const probabilities = levels.flatMap((level) => [(1 - level) / 2, (1 + level) / 2]);
  const quantiles = sampleQuantiles(paths, horizon, probabilities);
  return levels.map((level, i) => ({
    level,
    lower: quantiles[2 * i] as Float64Array,
    upper: quantiles[2 * i + 1] as Float64Array,
  }));
}

/**
 * Variance per step of simulated paths (unbiased, n − 1).
 *
 * @example pathVariance(Float64Array.from([0, 2]), 1) // Float64Array [2]
 */
export function pathVariance(paths: Float64Array, horizon: number): Float64Array {
  const count = Math.floor(paths.length / horizon);
  const out = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    let s = 0;
    for (let p = 0; p < count; p++) s += paths[p * horizon + h] as number;
    const mean = s / count;
    let ss = 0;
    for (let p = 0; p < count; p++) ss += ((paths[p * horizon + h] as number) - mean) ** 2;
    out[h] = count > 1 ? ss / (count - 1) : 0;
  }
  return out;
}

import type { Forecast } from './forecast.js';
import { DEFAULT_LEVELS } from './forecast.js';
import { normalQuantile } from './normal-quantile.js';

/**
 * Seasonal naive forecast: each step repeats the last observed value of its phase,
 * ŷ_{n+h} = y_{n+h−m(k+1)}, k = ⌊(h − 1)/m⌋ (going back further cycles past missing values); with m = 1
 * it is the naive (random walk) forecast. Normal intervals with sd σ√(k + 1), σ² the mean squared
 * in-sample seasonal difference y_t − y_{t−m} (for m = 1: σ√h).
 *
 * Reference: R. J. Hyndman & G. Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.), §5.2
 * and Table 5.2 (multi-step standard deviations of the benchmark methods).
 *
 * @param values series (NaN = missing), at least one observed value and, for m > 1, one full cycle
 * @param period m ≥ 1, steps
 * @param horizon H ≥ 1 steps
 * @example seasonalNaiveForecast(Float64Array.from([1, 2, 3, 4]), 2, 3).point // Float64Array [3, 4, 3]
 */
export function seasonalNaiveForecast(
  values: ArrayLike<number>,
  period: number,
  horizon: number,
  levels: readonly number[] = DEFAULT_LEVELS,
): Forecast {
  const n = values.length;
  const m = Math.max(1, Math.round(period));
  const point = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    if (m === 1) {
      let t = n - 1;
      while (t >= 0 && Number.isNaN(values[t] as number)) t--;
      point[h - 1] = t >= 0 ? (values[t] as number) : Number.NaN;
      continue;
    }
    let t = n - m + ((h - 1) % m);
    while (t >= n) t -= m;
    while (t >= 0 && Number.isNaN(values[t] as number)) t -= m;
    point[h - 1] = t >= 0 ? (values[t] as number) : Number.NaN;
  }
  let ss = 0;
  let k = 0;
  let lastSeen = new Float64Array(m).fill(Number.NaN);
  if (m === 1) lastSeen = new Float64Array(1).fill(Number.NaN);
  for (let t = 0; t < n; t++) {
    const v = values[t] as number;
    if (Number.isNaN(v)) continue;
    const phase = t % m;
    const previous = lastSeen[phase] as number;
    if (!Number.isNaN(previous)) {
      ss += (v - previous) ** 2;
      k++;
    }
    lastSeen[phase] = v;
  }
  const sigma = k > 0 ? Math.sqrt(ss / k) : Number.NaN;
  const intervals = levels.map((level) => {
    const z = normalQuantile(0.5 + level / 2);
    const lower = new Float64Array(horizon);
    const upper = new Float64Array(horizon);
    for (let h = 1; h <= horizon; h++) {
      const steps = m === 1 ? h : Math.floor((h - 1) / m) + 1;
      const half = z * sigma * Math.sqrt(steps);
      lower[h - 1] = (point[h - 1] as number) - half;
      upper[h - 1] = (point[h - 1] as number) + half;
    }
    return { level, lower, upper };
  });
  return {
    point,
    mean: point,
    intervals,
    method: m === 1 ? 'naive' : `seasonal naive (m=${m})`,
  };
}

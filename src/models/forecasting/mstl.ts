import { type StlOptions, stl } from './stl.js';

/** Options of {@link mstl}. */
export interface MstlOptions {
  /** Seasonal windows n_s per period (ascending periods). @defaultValue 7 + 4i for the i-th period (i = 1, 2, …) */
  seasonalWindows?: readonly number[];
  /** Passes over all seasonal components. @defaultValue 2 (1 with a single period) */
  iterations?: number;
  /** Passed to every {@link stl} call (windows excepted). */
  stl?: Omit<StlOptions, 'seasonalWindow'>;
}

/** A multi-seasonal decomposition y = trend + Σ seasonal_i + remainder. */
export interface MstlResult {
  trend: Float64Array;
  /** One component per period, in the order of `periods`. */
  seasonal: Float64Array[];
  /** Periods used (ascending; periods without two full cycles dropped). */
  periods: number[];
  remainder: Float64Array;
  /** Robustness weights of the last STL pass. */
  weights: Float64Array;
}

/**
 * Multiple seasonal-trend decomposition by loess (MSTL): STL is applied to each seasonality in turn
 * (shortest period first), each time to the series with the other seasonal components removed, and
 * the whole is iterated so every component is estimated free of the others; the trend is the last STL
 * trend. Periods without two full cycles (2m > n) are left out — R and statsmodels also drop m = n/2;
 * STL itself only needs n ≥ 2m.
 *
 * Reference: K. Bandara, R. J. Hyndman & C. Bergmeir (2021), "MSTL: A Seasonal-Trend Decomposition
 * Algorithm for Time Series with Multiple Seasonal Patterns", arXiv:2107.13462, Algorithm 1.
 *
 * @param y series without missing values
 * @param periods seasonal periods in steps, each ≥ 2
 * @example mstl(y, [288, 2016]).seasonal.length // 2 when y holds at least 4032 values
 */
export function mstl(
  y: ArrayLike<number>,
  periods: readonly number[],
  options: MstlOptions = {},
): MstlResult {
  const n = y.length;
  const order = periods
    .map((p, i) => ({ p, w: options.seasonalWindows?.[i] }))
    .filter(({ p }) => p >= 2 && 2 * p <= n)
    .sort((a, b) => a.p - b.p);
  const used = order.map(({ p }) => p);
  const windows = order.map(({ w }, i) => w ?? 7 + 4 * (i + 1));
  const seasonal = used.map(() => new Float64Array(n));
  const deseason = Float64Array.from(y);
  if (used.length === 0) {
    const trend = Float64Array.from(y);
    return {
      trend,
      seasonal,
      periods: used,
      remainder: new Float64Array(n),
      weights: new Float64Array(n).fill(1),
    };
  }
  const iterations = used.length === 1 ? 1 : (options.iterations ?? 2);
  let last: ReturnType<typeof stl> | undefined;
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < used.length; i++) {
      const component = seasonal[i] as Float64Array;
      for (let t = 0; t < n; t++) deseason[t] = (deseason[t] as number) + (component[t] as number);
      last = stl(deseason, used[i] as number, { ...options.stl, seasonalWindow: windows[i] });
      component.set(last.seasonal);
      for (let t = 0; t < n; t++) deseason[t] = (deseason[t] as number) - (component[t] as number);
    }
  }
  const fit = last as ReturnType<typeof stl>;
  const remainder = new Float64Array(n);
  for (let t = 0; t < n; t++) remainder[t] = (deseason[t] as number) - (fit.trend[t] as number);
  return { trend: fit.trend, seasonal, periods: used, remainder, weights: fit.weights };
}

import type { PredictionInterval } from './forecast.js';

/** Fewest pooled errors a band quantile is taken from (the neighbourhood widens until it has them). */
const MIN_ERRORS = 30;

/**
 * Prediction intervals from out-of-sample errors: at step h, the (1 ∓ level)/2 empirical quantiles
 * (R type 7) of the errors z − ẑ the method made at steps ⌈h/2⌉ … 2h (widened towards longer steps
 * until at least 30 errors are pooled) over the selection origins, added to the point forecast. No
 * distribution is assumed, and a method that is biased or worse than its in-sample fit says so in its
 * band. Pooling neighbouring steps trades a little resolution in h for stable quantiles from few origins.
 *
 * Reference: FPP3 §5.5 (intervals from empirical forecast errors); R. J. Hyndman (2021), "Prediction
 * intervals from out-of-sample errors" — the method of Williams & Goodman (1971), JASA 66(336), 752–754.
 *
 * @param point forecast per step on the errors' scale
 * @param errors origin-major, `errors[j * horizon + h − 1]`, NaN where missing
 * @returns intervals and the errors' variance per step (for a bias-adjusted mean)
 */
export function errorQuantileBands(
  point: Float64Array,
  errors: Float64Array,
  levels: readonly number[],
): { intervals: PredictionInterval[]; variance: Float64Array } {
  const horizon = point.length;
  const origins = Math.floor(errors.length / horizon);
  const intervals = levels.map((level) => ({
    level,
    lower: new Float64Array(horizon),
    upper: new Float64Array(horizon),
  }));
  const variance = new Float64Array(horizon);
  const pool: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    pool.length = 0;
    const from = Math.ceil(h / 2);
    let to = Math.min(horizon, 2 * h);
    const collect = (a: number, b: number) => {
      for (let k = a; k <= b; k++)
        for (let j = 0; j < origins; j++) {
          const e = errors[j * horizon + k - 1] as number;
          if (!Number.isNaN(e)) pool.push(e);
        }
    };
    collect(from, to);
    while (pool.length < MIN_ERRORS && to < horizon) {
      const next = Math.min(horizon, to + Math.max(1, to));
      collect(to + 1, next);
      to = next;
    }
    pool.sort((a, b) => a - b);
    let s = 0;
    let ss = 0;
    for (const e of pool) {
      s += e;
      ss += e * e;
    }
    variance[h - 1] = pool.length > 1 ? (ss - (s * s) / pool.length) / (pool.length - 1) : 0;
    for (const iv of intervals) {
      iv.lower[h - 1] = (point[h - 1] as number) + quantile(pool, (1 - iv.level) / 2);
      iv.upper[h - 1] = (point[h - 1] as number) + quantile(pool, (1 + iv.level) / 2);
    }
  }
  return { intervals, variance };
}

/** R type-7 quantile of an ascending-sorted sample; 0 for an empty one. */
function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (pos - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

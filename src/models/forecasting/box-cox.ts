/**
 * Box–Cox power transform: (y^λ − 1)/λ, or log y when λ = 0.
 *
 * Reference: G. E. P. Box & D. R. Cox (1964), "An analysis of transformations", JRSS B 26(2), 211–252.
 *
 * @param y value, > 0 for λ = 0 and ≥ 0 otherwise
 * @param lambda power λ, typically in [0, 1]
 * @example boxCox(4, 0.5) // 2
 */
export function boxCox(y: number, lambda: number): number {
  if (lambda === 0) return Math.log(y);
  return (Math.sign(y) * Math.abs(y) ** lambda - 1) / lambda;
}

/**
 * Inverse of {@link boxCox}: (λz + 1)^(1/λ), or e^z when λ = 0. For λ > 0, values below −1/λ (which no
 * non-negative y maps to) give 0.
 *
 * @example inverseBoxCox(2, 0.5) // 4
 */
export function inverseBoxCox(z: number, lambda: number): number {
  if (lambda === 0) return Math.exp(z);
  const base = lambda * z + 1;
  return base <= 0 ? 0 : base ** (1 / lambda);
}

/**
 * Mean of the back-transformed distribution when z ~ N(μ, σ²) on the Box–Cox scale, to second order:
 * f⁻¹(μ)·[1 + σ²(1 − λ)/(2(λμ + 1)²)] (the median is f⁻¹(μ)).
 *
 * Reference: R. J. Hyndman & G. Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.), §5.6,
 * bias adjustment.
 *
 * @param mu mean on the transformed scale
 * @param variance σ² on the transformed scale, ≥ 0
 * @example boxCoxMean(0, 1, 0) // 1.5 (exp(0)·(1 + 1/2))
 */
export function boxCoxMean(mu: number, variance: number, lambda: number): number {
  const median = inverseBoxCox(mu, lambda);
  const base = lambda * mu + 1;
  if (lambda !== 0 && base <= 0) return median;
  return median * (1 + (variance * (1 - lambda)) / (2 * base * base));
}

/**
 * Guerrero's criterion for a Box–Cox λ: cut the series into consecutive non-overlapping blocks of
 * `blockLength` (a seasonal period, or 2), and measure the coefficient of variation of
 * sd_i / mean_i^(1 − λ) across blocks — small when λ makes the spread independent of the level. Missing
 * (NaN) values are skipped; blocks with fewer than two values or a non-positive mean are left out.
 *
 * Reference: V. M. Guerrero (1993), "Time-series analysis supported by power transformations",
 * Journal of Forecasting 12, 37–48 (as in R's `forecast::BoxCox.lambda(method = "guerrero")`).
 *
 * @param values series, ≥ 0
 * @param blockLength block length in steps, ≥ 2
 * @returns the coefficient of variation; NaN when fewer than two blocks qualify
 * @example guerreroCriterion(Float64Array.from([1, 2, 10, 20, 100, 200]), 2, 0) // 0 (sd ∝ mean)
 */
export function guerreroCriterion(values: ArrayLike<number>, blockLength: number, lambda: number): number {
  const len = Math.max(2, Math.round(blockLength));
  const ratios: number[] = [];
  for (let start = 0; start + len <= values.length; start += len) {
    let s = 0;
    let ss = 0;
    let k = 0;
    for (let i = start; i < start + len; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) continue;
      s += v;
      ss += v * v;
      k++;
    }
    if (k < 2) continue;
    const mean = s / k;
    if (!(mean > 0)) continue;
    ratios.push(Math.sqrt(Math.max(0, (ss - k * mean * mean) / (k - 1))) / mean ** (1 - lambda));
  }
  const k = ratios.length;
  if (k < 2) return Number.NaN;
  const mean = ratios.reduce((a, b) => a + b, 0) / k;
  const variance = ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1);
  return Math.sqrt(variance) / mean;
}

/** The Box–Cox λ values automatic forecasting chooses from: log, square root, none. */
export const BOX_COX_CANDIDATES: readonly number[] = [0, 0.5, 1];

/**
 * The λ among `candidates` with the smallest {@link guerreroCriterion}; λ = 0 (log) is skipped when a
 * value is ≤ 0. A short list of interpretable transforms (log, square root, none; FPP3 §3.1 suggests
 * simple values) is steadier than a continuous optimum, which on bursty counts with zeros runs to
 * its bound.
 *
 * @param values series (NaN = missing)
 * @param blockLength block length in steps, ≥ 2 (a seasonal period)
 * @returns the chosen λ; 1 when no block qualifies
 * @example guerreroLambda(Float64Array.from([1, 2, 10, 20, 100, 200]), 2) // 0
 */
export function guerreroLambda(
  values: ArrayLike<number>,
  blockLength: number,
  candidates: readonly number[] = BOX_COX_CANDIDATES,
): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++)
    if (!Number.isNaN(values[i] as number)) min = Math.min(min, values[i] as number);
  let best = 1;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const lambda of candidates) {
    if (lambda <= 0 && !(min > 0)) continue;
    const score = guerreroCriterion(values, blockLength, lambda);
    if (score < bestScore) {
      bestScore = score;
      best = lambda;
    }
  }
  return best;
}

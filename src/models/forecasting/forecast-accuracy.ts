/**
 * In-sample mean absolute seasonal difference, mean |y_t − y_{t−m}| over pairs both observed: the MAE
 * of the one-step seasonal naive forecast on the training data, which scales the MASE.
 *
 * Reference: R. J. Hyndman & A. B. Koehler (2006), "Another look at measures of forecast accuracy",
 * IJF 22(4), 679–688, eq. for q_t (seasonal version: FPP3 §5.8).
 *
 * @param history training series (NaN = missing)
 * @param period m ≥ 1 steps
 * @returns the scale, in the series' units; NaN with no observed pair
 * @example seasonalNaiveScale(Float64Array.from([1, 2, 4, 7]), 1) // 2
 */
export function seasonalNaiveScale(history: ArrayLike<number>, period: number): number {
  let s = 0;
  let k = 0;
  for (let t = period; t < history.length; t++) {
    const d = (history[t] as number) - (history[t - period] as number);
    if (Number.isNaN(d)) continue;
    s += Math.abs(d);
    k++;
  }
  return k > 0 ? s / k : Number.NaN;
}

/**
 * Mean absolute scaled error, mean |y − ŷ| / scale over the observed actuals.
 *
 * Reference: Hyndman & Koehler (2006), IJF 22(4), 679–688.
 *
 * @param scale from {@link seasonalNaiveScale}, > 0
 * @example meanAbsoluteScaledError([1, 2], [2, 4], 2) // 0.75
 */
export function meanAbsoluteScaledError(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  scale: number,
): number {
  let s = 0;
  let k = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs((actual[i] as number) - (forecast[i] as number));
    if (Number.isNaN(e)) continue;
    s += e;
    k++;
  }
  return k > 0 ? s / k / scale : Number.NaN;
}

/**
 * Symmetric mean absolute percentage error, mean of 200·|y − ŷ| / (|y| + |ŷ|) in percent over the
 * observed actuals (pairs with y = ŷ = 0 count as 0).
 *
 * Reference: Hyndman & Koehler (2006), §3.3; the M3/M4 competitions' sMAPE.
 *
 * @returns percent, in [0, 200]
 * @example symmetricMape([100], [50]) // 66.66666666666667
 */
export function symmetricMape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let s = 0;
  let k = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i] as number;
    const f = forecast[i] as number;
    if (Number.isNaN(y) || Number.isNaN(f)) continue;
    const denominator = Math.abs(y) + Math.abs(f);
    s += denominator === 0 ? 0 : (200 * Math.abs(y - f)) / denominator;
    k++;
  }
  return k > 0 ? s / k : Number.NaN;
}

/**
 * Share of observed actuals inside [lower, upper] (bounds included): the empirical coverage of a
 * prediction interval, to compare with its nominal level.
 *
 * @returns hits and observed counts, so coverage can be pooled over origins
 * @example intervalHits([1, 5], [0, 0], [2, 2]) // { hits: 1, observed: 2 }
 */
export function intervalHits(
  actual: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): { hits: number; observed: number } {
  let hits = 0;
  let observed = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i] as number;
    if (Number.isNaN(y)) continue;
    observed++;
    if (y >= (lower[i] as number) && y <= (upper[i] as number)) hits++;
  }
  return { hits, observed };
}

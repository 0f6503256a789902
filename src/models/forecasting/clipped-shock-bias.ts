/**
 * Mean of the Huber-clipped shocks ψ(ε) = max(−b, min(b, ε − ε̄)) over a pool of residuals, centred
 * first. Resampled residuals are centred, but clipping a skewed (e.g. log-scale, right-tailed) pool
 * leaves its clipped values off-centre: a positive mean makes every simulated path's level and
 * seasonal states drift up step by step. Subtracting this bias from each clipped shock in the state
 * update makes the update unbiased while it keeps the bounded influence.
 *
 * Reference: S. Gelper, R. Fried & C. Croux (2010), Journal of Forecasting 29(3), 285–300 (Huber
 * cleaning); the correction is the Fisher-consistency adjustment of a clipped mean (Huber & Ronchetti
 * 2009, "Robust Statistics", §3.2).
 *
 * @param residuals in-sample innovations (NaN = missing, ignored)
 * @param bound clipping bound b > 0 on the residuals' scale (∞: no clipping, bias 0)
 * @returns the mean clipped shock, same units as the residuals; 0 without finite residuals
 * @example clippedShockBias([-1, -1, -1, 3], 1) // 0.5 (centred −1,−1,−1,3 → clipped −1,−1,−1,1)
 */
export function clippedShockBias(residuals: ArrayLike<number>, bound: number): number {
  if (!Number.isFinite(bound)) return 0;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < residuals.length; i++) {
    const r = residuals[i] as number;
    if (!Number.isFinite(r)) continue;
    sum += r;
    count++;
  }
  if (count === 0) return 0;
  const mean = sum / count;
  let clipped = 0;
  for (let i = 0; i < residuals.length; i++) {
    const r = residuals[i] as number;
    if (Number.isFinite(r)) clipped += Math.max(-bound, Math.min(bound, r - mean));
  }
  return clipped / count;
}

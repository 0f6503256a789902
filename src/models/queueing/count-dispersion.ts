/**
 * Arrival variability c_a² estimated from counts per interval: the index of dispersion for counts,
 * IDC = Var(N) / E(N), which for a renewal process tends to c_a² as the interval grows (Cox & Lewis 1966,
 * "The Statistical Analysis of Series of Events", §4.5; Whitt 1983, QNA, uses it as the asymptotic
 * variability parameter). Var(N) is taken from first differences, Var(N) ≈ Σ(Nᵢ₊₁ − Nᵢ)² / (2(n − 1)),
 * so a slow trend (a daily cycle) does not count as burstiness. Minute counts still carry rate changes
 * from minute to minute, so the estimate errs high for queues that relax in milliseconds: it is a
 * conservative (pessimistic) c_a².
 *
 * @param counts events per equal interval, in time order; at least 3, with a positive mean
 * @returns the estimated c_a² (1 for Poisson arrivals), or undefined when it cannot be estimated
 * @example countDispersionScv([100, 110, 100, 110]) // (3 × 100) / (2 × 3) / 105 = 0.476…
 */
export function countDispersionScv(counts: readonly number[]): number | undefined {
  if (counts.length < 3) return undefined;
  let sum = 0;
  let squaredSteps = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (!Number.isFinite(c) || c < 0) return undefined;
    sum += c;
    if (i > 0) squaredSteps += (c - (counts[i - 1] as number)) ** 2;
  }
  const mean = sum / counts.length;
  if (!(mean > 0)) return undefined;
  return squaredSteps / (2 * (counts.length - 1)) / mean;
}

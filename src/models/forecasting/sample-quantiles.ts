/**
 * Quantiles per step of simulated paths: for each step h, the R type-7 quantile (linear interpolation
 * between order statistics; Hyndman & Fan 1996) of the paths' values at probability p.
 *
 * @param paths path-major values, `paths[p * horizon + h − 1]`
 * @param probabilities each in [0, 1]
 * @returns one array per probability, length `horizon`
 * @example sampleQuantiles(Float64Array.from([1, 10, 3, 30]), 2, [0.5]) // [Float64Array [2, 20]]
 */
export function sampleQuantiles(
  paths: Float64Array,
  horizon: number,
  probabilities: readonly number[],
): Float64Array[] {
  const count = Math.floor(paths.length / horizon);
  const out = probabilities.map(() => new Float64Array(horizon));
  const column = new Float64Array(count);
  for (let h = 0; h < horizon; h++) {
    for (let p = 0; p < count; p++) column[p] = paths[p * horizon + h] as number;
    column.sort();
    probabilities.forEach((prob, i) => {
      const pos = prob * (count - 1);
      const lo = Math.floor(pos);
      const hi = Math.min(count - 1, lo + 1);
      (out[i] as Float64Array)[h] =
        (column[lo] as number) + (pos - lo) * ((column[hi] as number) - (column[lo] as number));
    });
  }
  return out;
}

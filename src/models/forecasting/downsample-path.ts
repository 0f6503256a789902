/**
 * Averages consecutive groups of `group` values (the last group may be shorter): how a long forecast
 * path is kept to a bounded number of points. For a mean path the result is exactly the mean over each
 * group; for interval bounds it is the average of the per-step bounds.
 *
 * @param values path, length ≥ 0
 * @param group values per output point, ≥ 1
 * @example downsamplePath([1, 3, 5, 7, 9], 2) // [2, 6, 9]
 */
export function downsamplePath(values: ArrayLike<number>, group: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < values.length; start += group) {
    const end = Math.min(values.length, start + group);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i] as number;
    out.push(sum / (end - start));
  }
  return out;
}

/**
 * Fills missing values (NaN) by linear interpolation between the nearest observed neighbours; gaps at
 * the start or end take the nearest observed value. Only for algorithms that cannot skip gaps (moving
 * averages in a decomposition): models score the original series, so filled values never count as data.
 *
 * @param values series with at least one observed value
 * @example fillGapsLinear(Float64Array.from([1, NaN, 3, NaN])) // Float64Array [1, 2, 3, 3]
 */
export function fillGapsLinear(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = Float64Array.from(values);
  let previous = -1;
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(out[t] as number)) continue;
    if (previous === -1) {
      for (let k = 0; k < t; k++) out[k] = out[t] as number;
    } else if (t - previous > 1) {
      const a = out[previous] as number;
      const slope = ((out[t] as number) - a) / (t - previous);
      for (let k = previous + 1; k < t; k++) out[k] = a + slope * (k - previous);
    }
    previous = t;
  }
  if (previous === -1) throw new RangeError('fillGapsLinear needs at least one observed value');
  for (let k = previous + 1; k < n; k++) out[k] = out[previous] as number;
  return out;
}

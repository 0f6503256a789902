/**
 * A sparse linear system of the form xᵥ = bᵥ + Σₖ weight[k]·x[column[k]] in compressed-row form: the terms
 * of unknown v are k ∈ [rowStart[v], rowStart[v + 1]). `entry[k]` is the index of the input entry the
 * term came from, so callers can keep per-entry data (a stream, a hop cost) beside the weights.
 */
export interface SparseRows {
  /** Number of unknowns. */
  size: number;
  rowStart: Int32Array;
  /** The unknown each term reads. */
  column: Int32Array;
  /** The coefficient of each term, ≥ 0. */
  weight: Float64Array;
  /** The input entry each term came from. */
  entry: Int32Array;
}

/**
 * Builds compressed rows from entries (row, column, weight) by a stable counting sort, O(size + entries).
 * Entries keep their input order within a row; repeated (row, column) pairs stay separate terms.
 *
 * @param size number of unknowns
 * @param rows the row (unknown being defined) of each entry, in [0, size)
 * @param columns the column (unknown read) of each entry, in [0, size)
 * @param weights the coefficient of each entry
 * @example sparseRows(2, [1], [0], [0.5]).rowStart // Int32Array [0, 0, 1]
 */
export function sparseRows(
  size: number,
  rows: ArrayLike<number>,
  columns: ArrayLike<number>,
  weights: ArrayLike<number>,
): SparseRows {
  const count = rows.length;
  if (columns.length !== count || weights.length !== count) {
    throw new RangeError('sparseRows: rows, columns and weights must have the same length');
  }
  const rowStart = new Int32Array(size + 1);
  for (let e = 0; e < count; e++) {
    const r = rows[e] as number;
    const c = columns[e] as number;
    if (!(r >= 0 && r < size && c >= 0 && c < size)) {
      throw new RangeError(`sparseRows: entry ${e} (${r}, ${c}) is outside [0, ${size})`);
    }
    rowStart[r + 1] = (rowStart[r + 1] as number) + 1;
  }
  for (let v = 0; v < size; v++) rowStart[v + 1] = (rowStart[v + 1] as number) + (rowStart[v] as number);
  const next = rowStart.slice(0, size);
  const column = new Int32Array(count);
  const weight = new Float64Array(count);
  const entry = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    const r = rows[e] as number;
    const k = next[r] as number;
    next[r] = k + 1;
    column[k] = columns[e] as number;
    weight[k] = weights[e] as number;
    entry[k] = e;
  }
  return { size, rowStart, column, weight, entry };
}

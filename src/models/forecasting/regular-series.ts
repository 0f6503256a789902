/**
 * A series on a regular time grid. Missing steps are NaN — never zero — so models can skip them.
 * The first and last values are always observed.
 */
export interface RegularSeries {
  /** Time of `values[0]`, Unix seconds. */
  startSec: number;
  /** Grid step, s. */
  stepSec: number;
  /** One value per step; NaN where nothing was observed. */
  values: Float64Array;
  /** Number of observed (non-NaN) values. */
  observed: number;
}

/**
 * The sampling step of irregular timestamps: the most frequent positive difference between consecutive
 * sorted timestamps (ties go to the smaller), so a few gaps or duplicates do not change it.
 *
 * @param timestampsSec at least two distinct timestamps, s
 * @returns step, s
 * @example inferStepSec([0, 60, 120, 240, 300]) // 60
 */
export function inferStepSec(timestampsSec: readonly number[]): number {
  const sorted = [...timestampsSec].sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (let i = 1; i < sorted.length; i++) {
    const d = (sorted[i] as number) - (sorted[i - 1] as number);
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [d, c] of counts) {
    if (c > bestCount || (c === bestCount && d < (best as number))) {
      best = d;
      bestCount = c;
    }
  }
  if (best === undefined) throw new RangeError('inferStepSec needs at least two distinct timestamps');
  return best;
}

/**
 * Puts `[timestampSec, value]` points on a regular grid of `stepSec` starting at the first observed
 * point: each point goes to its nearest grid step (points sharing a step are averaged), steps without a
 * point are NaN, and non-finite values count as missing. Leading and trailing missing steps are trimmed.
 *
 * @param points observations, any order, timestamps in s
 * @param stepSec grid step, s; inferred with {@link inferStepSec} when omitted
 * @example toRegularSeries([[0, 1], [120, 3]], 60).values // Float64Array [1, NaN, 3]
 */
export function toRegularSeries(
  points: ReadonlyArray<readonly [number, number]>,
  stepSec?: number,
): RegularSeries {
  const finite = points.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  if (finite.length === 0) throw new RangeError('toRegularSeries needs at least one finite point');
  const step = stepSec ?? (finite.length > 1 ? inferStepSec(finite.map(([t]) => t)) : 1);
  if (!(step > 0)) throw new RangeError(`toRegularSeries needs a positive step, got ${step}`);
  let t0 = Number.POSITIVE_INFINITY;
  for (const [t] of finite) t0 = Math.min(t0, t);
  const index = finite.map(([t]) => Math.round((t - t0) / step));
  let last = 0;
  for (const i of index) last = Math.max(last, i);
  const sums = new Float64Array(last + 1);
  const counts = new Uint32Array(last + 1);
  finite.forEach(([, v], k) => {
    const i = index[k] as number;
    sums[i] = (sums[i] as number) + v;
    counts[i] = (counts[i] as number) + 1;
  });
  const values = new Float64Array(last + 1);
  let observed = 0;
  for (let i = 0; i <= last; i++) {
    const c = counts[i] as number;
    values[i] = c > 0 ? (sums[i] as number) / c : Number.NaN;
    if (c > 0) observed++;
  }
  return { startSec: t0, stepSec: step, values, observed };
}

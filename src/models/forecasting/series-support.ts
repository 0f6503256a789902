/** The range a series' values can take: forecasts and bands are clamped to it. */
export interface SeriesSupport {
  lower: number;
  upper: number;
}

/**
 * How the support is set: 'auto' — non-negative when the history is, and [0, 100] when every value is
 * in [0, 100] and some are fractional (a percentage such as CPU utilisation; integer counts that stay
 * below 100 are not capped); 'non-negative'; 'percent' ([0, 100]); 'none' (unbounded).
 */
export type SupportSetting = 'auto' | 'non-negative' | 'percent' | 'none';

/**
 * The support of a series' forecasts. A band of −129 … +250 on a CPU percentage, or a negative rate,
 * is a model's artefact, not a possibility, so bands and points are clamped to this range.
 *
 * @param values history (NaN = missing)
 * @example seriesSupport([12.5, 40.25, 97], 'auto') // { lower: 0, upper: 100 }
 */
export function seriesSupport(values: ArrayLike<number>, setting: SupportSetting = 'auto'): SeriesSupport {
  const unbounded = { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY };
  if (setting === 'none') return unbounded;
  if (setting === 'non-negative') return { lower: 0, upper: Number.POSITIVE_INFINITY };
  if (setting === 'percent') return { lower: 0, upper: 100 };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let fractional = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (!Number.isInteger(v)) fractional = true;
  }
  if (!(min >= 0)) return unbounded;
  return { lower: 0, upper: max <= 100 && fractional ? 100 : Number.POSITIVE_INFINITY };
}

/** Clamps every value of `a` into the support, in place; returns `a`. */
export function clampToSupport(a: Float64Array, support: SeriesSupport): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = Math.min(support.upper, Math.max(support.lower, a[i] as number));
  return a;
}

import type { SeriesPoints } from '../../topology/metric-series.js';

/**
 * Adds series point by point, keeping only the timestamps every series has: a bucket some instance did
 * not report is unknown, not zero, so summing what exists would under-count it.
 *
 * @example sumAlignedSeries([[[0, 1], [60, 2]], [[60, 3]]]) // [[60, 5]]
 */
export function sumAlignedSeries(series: readonly SeriesPoints[]): SeriesPoints {
  if (series.length === 0) return [];
  const sums = new Map<number, { total: number; count: number }>();
  for (const points of series) {
    for (const [t, v] of points) {
      const entry = sums.get(t) ?? { total: 0, count: 0 };
      entry.total += v;
      entry.count += 1;
      sums.set(t, entry);
    }
  }
  return [...sums.entries()]
    .filter(([, e]) => e.count === series.length)
    .sort(([a], [b]) => a - b)
    .map(([t, e]) => [t, e.total]);
}

import { mean, quantileSorted } from 'simple-statistics';

/** Summary statistics of a rate series, tuples/s. */
export interface RateSummary {
  units: 'tuples/s';
  mean: number;
  median: number;
  max: number;
  min: number;
  /** Linear-interpolation quantiles (R type 7, numpy's default). */
  quantiles: { p10: number; p90: number; p95: number; p99: number };
  /** Number of one-bucket observations summarised. */
  samples: number;
}

/**
 * Summarises observed rates (tuples/s). Quantiles use linear interpolation between order statistics
 * (Hyndman & Fan 1996, definition 7).
 *
 * @param ratesPerSec at least one rate, tuples/s
 * @example summariseRates([1, 2, 3, 4]).median // 2.5
 */
export function summariseRates(ratesPerSec: readonly number[]): RateSummary {
  if (ratesPerSec.length === 0) throw new RangeError('summariseRates needs at least one rate');
  const sorted = [...ratesPerSec].sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    units: 'tuples/s',
    mean: mean(sorted),
    median: q(0.5),
    max: sorted[sorted.length - 1] as number,
    min: sorted[0] as number,
    quantiles: { p10: q(0.1), p90: q(0.9), p95: q(0.95), p99: q(0.99) },
    samples: sorted.length,
  };
}

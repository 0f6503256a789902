import { mulberry32 } from '../forecasting/seeded-random.js';

export interface HottestInstanceLoadOptions {
  /** Key weights of a fields-grouped stream (any scale; normalised here), e.g. measured key frequencies. */
  keyWeights: number[];
  /** Instances the keys are hashed onto, ≥ 1. */
  instances: number;
  /** The component's total load in utilisation units (Σ over instances of λ·S; 2.4 = 2.4 busy servers). */
  totalLoad: number;
  /** Random placements drawn. @defaultValue 2000 */
  samples?: number;
  /** Seed of the placements (results are reproducible). @defaultValue 1 */
  seed?: number;
}

export interface HottestInstanceLoad {
  /** Median and 95th percentile of the hottest instance's load over random hash placements. */
  p50: number;
  p95: number;
  /** The load of the heaviest key alone: no placement gets the hottest instance below it. */
  hottestKeyLoad: number;
  /** Exact (one instance) or Monte Carlo. */
  method: 'exact' | 'monte-carlo';
}

/**
 * Quantiles of the **hottest instance's load under random hash placement** of weighted keys: a hash sends
 * each key to an instance as if uniformly at random and independently (the balls-into-bins model with
 * weighted balls; Raab & Steger 1998, "Balls into bins — a simple and tight analysis", RANDOM'98), so the
 * hottest instance's share is the maximum bin of a random placement. Drawn by Monte Carlo with a seeded
 * mulberry32; exact for one instance (the total). Keys beyond the 4 096 heaviest are spread evenly (their
 * weights are too small to move the maximum).
 *
 * Pure: no I/O; same inputs, same answer.
 *
 * @returns p50 and p95 of the hottest instance's load, utilisation units
 * @example hottestInstanceLoad({ keyWeights: [1], instances: 4, totalLoad: 0.8 }).p95 // 0.8 (one key: it is the hottest instance)
 */
export function hottestInstanceLoad(options: HottestInstanceLoadOptions): HottestInstanceLoad {
  const n = Math.max(1, Math.floor(options.instances));
  const total = options.keyWeights.reduce((s, w) => s + Math.max(0, w), 0);
  const weights = options.keyWeights
    .map((w) => (total > 0 ? (Math.max(0, w) / total) * options.totalLoad : 0))
    .sort((a, b) => b - a);
  const hottestKeyLoad = weights[0] ?? 0;
  if (n === 1 || total === 0) {
    const load = total === 0 ? 0 : options.totalLoad;
    return { p50: load, p95: load, hottestKeyLoad, method: 'exact' };
  }
  const heavy = weights.slice(0, HEAVY_KEYS);
  const evenTail = weights.slice(HEAVY_KEYS).reduce((s, w) => s + w, 0) / n;
  const samples = Math.max(20, options.samples ?? 2000);
  const uniform = mulberry32(options.seed ?? 1);
  const bins = new Float64Array(n);
  const maxima = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    bins.fill(evenTail);
    for (const w of heavy) {
      const i = Math.floor(uniform() * n);
      bins[i] = (bins[i] as number) + w;
    }
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, bins[i] as number);
    maxima[s] = max;
  }
  maxima.sort();
  return { p50: quantile(maxima, 0.5), p95: quantile(maxima, 0.95), hottestKeyLoad, method: 'monte-carlo' };
}

const HEAVY_KEYS = 4096;

/** Type-7 quantile (linear between order statistics; Hyndman & Fan 1996) of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** Linear-interpolation quantile (Hyndman & Fan type 7) of an ascending-sorted sample; `q` in [0, 1]. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

export interface LatencySummaryMs {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** p50/p90/p99/max/mean of latencies in ms, rounded to µs. */
export function summariseMs(samplesMs: readonly number[]): LatencySummaryMs {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    count: sorted.length,
    p50: round3(quantileSorted(sorted, 0.5)),
    p90: round3(quantileSorted(sorted, 0.9)),
    p99: round3(quantileSorted(sorted, 0.99)),
    max: round3(sorted.at(-1) ?? Number.NaN),
    mean: round3(mean),
  };
}

/** Median of a small sample (the rounds of one run). */
export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** (max − min) / median, as a percentage: how far apart the rounds of one run are. */
export function spreadPercent(values: readonly number[]): number {
  const m = median(values);
  return round3((100 * (Math.max(...values) - Math.min(...values))) / m);
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Median wall time of `fn` over `runs` runs, ms, after `warmups` untimed runs (so the JIT has compiled the hot
 * loops before anything is timed).
 */
export function medianWallTimeMs(fn: () => unknown, runs: number, warmups = 1): number {
  for (let i = 0; i < warmups; i++) fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

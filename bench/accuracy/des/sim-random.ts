import {
  mulberry32,
  normalSource,
  type UniformSource,
} from '../../../src/models/forecasting/seeded-random.js';

/** The seeded draws one simulation needs: every stream of randomness comes from one seed. */
export interface SimRandom {
  uniform: UniformSource;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** A service time with mean `mean` and coefficient of variation `cv` (0 = deterministic). */
  service(mean: number, cv: number, family: ServiceFamily): number;
}

/** Gamma suits CV ≤ 1 and heavy-ish tails above; lognormal has the heavier right tail at the same CV. */
export type ServiceFamily = 'gamma' | 'lognormal';

export function simRandom(seed: number): SimRandom {
  const uniform = mulberry32(seed);
  const normal = normalSource(uniform);
  const positiveUniform = () => {
    let u = uniform();
    while (u <= Number.MIN_VALUE) u = uniform();
    return u;
  };
  /** Gamma(shape, 1) by Marsaglia & Tsang (2000), ACM TOMS 26(3); shape < 1 by the u^(1/shape) boost. */
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * positiveUniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = positiveUniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return {
    uniform,
    exponential: (mean) => -mean * Math.log(positiveUniform()),
    service(mean, cv, family) {
      if (cv <= 0) return mean;
      const scv = cv * cv;
      if (family === 'lognormal') {
        const sigma2 = Math.log(1 + scv);
        return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * normal());
      }
      const shape = 1 / scv;
      return (gamma(shape) * mean) / shape;
    },
  };
}

/** Zipf weights k^(−s), k = 1…keys, normalised to sum 1 (heaviest first). */
export function zipfWeights(keys: number, s: number): number[] {
  const raw = Array.from({ length: keys }, (_, k) => (k + 1) ** -s);
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / total);
}

/** Draws an index with the given probabilities (cumulative table, binary search). */
export function categoricalSampler(weights: number[], uniform: UniformSource): () => number {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, k) => {
    sum += w;
    cumulative[k] = sum;
  });
  return () => {
    const u = uniform() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** A key's hash, as a fields grouping computes it (murmur3's 32-bit finaliser): fixed per key, uneven per n. */
export function keyHash(key: number, salt: number): number {
  let h = (key ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

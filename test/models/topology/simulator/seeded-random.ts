/** Seeded random numbers for the discrete-event simulator (test-only). */

/**
 * Mulberry32: a small, fast 32-bit generator with a full 2³² period; plenty for simulations of a few
 * million events. Returns uniforms in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A distribution of positive times, by its mean and squared coefficient of variation. */
export type TimeDistribution =
  | { kind: 'exponential' }
  | { kind: 'deterministic' }
  | { kind: 'lognormal'; scv: number };

/** The distribution the simulator uses for a given c²: 0 constant, 1 exponential, otherwise lognormal. */
export function distributionForScv(scv: number): TimeDistribution {
  if (scv === 0) return { kind: 'deterministic' };
  if (scv === 1) return { kind: 'exponential' };
  return { kind: 'lognormal', scv };
}

/** A sampler of times with the given mean (any unit) drawn from `uniform`. */
export function timeSampler(
  distribution: TimeDistribution,
  mean: number,
  uniform: () => number,
): () => number {
  switch (distribution.kind) {
    case 'deterministic':
      return () => mean;
    case 'exponential':
      return () => -mean * Math.log(1 - uniform());
    case 'lognormal': {
      // ln X ~ N(μ, σ²) with E[X] = mean and Var(X)/E[X]² = scv.
      const sigma2 = Math.log(1 + distribution.scv);
      const mu = Math.log(mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return () => {
        // Box–Muller, one normal per call (the simulator is not bound by this).
        const u1 = 1 - uniform();
        const u2 = uniform();
        const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.exp(mu + sigma * z);
      };
    }
  }
}

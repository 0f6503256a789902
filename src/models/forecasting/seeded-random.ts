/** A source of uniform numbers in [0, 1), so simulations stay reproducible (models have no clock). */
export type UniformSource = () => number;

/**
 * Mulberry32: a small 32-bit pseudo-random generator, good enough for Monte-Carlo forecast paths and
 * reproducible from its seed.
 *
 * Reference: T. Ettinger, "Mulberry32" (public domain), https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 *
 * @param seed any 32-bit integer
 * @example mulberry32(1)() // 0.6270739405881613
 */
export function mulberry32(seed: number): UniformSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal draws by the Box–Muller transform (Box & Muller 1958, Ann. Math. Stat. 29(2), 610–611).
 *
 * @example const z = normalSource(mulberry32(1)); z() // a N(0, 1) draw
 */
export function normalSource(uniform: UniformSource): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = uniform();
    while (u <= Number.MIN_VALUE) u = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/**
 * Draws from the empirical distribution of residuals, centred to mean 0: the innovations of a residual
 * bootstrap. NaN residuals (missing steps) are ignored.
 *
 * Reference: B. Efron & R. J. Tibshirani (1993), "An Introduction to the Bootstrap", §8.5 (residual
 * resampling for time series models).
 *
 * @param residuals at least one finite value
 * @example residualResampler([1, 3], mulberry32(1))() // −1 or 1
 */
export function residualResampler(residuals: ArrayLike<number>, uniform: UniformSource): () => number {
  const pool: number[] = [];
  let mean = 0;
  for (let i = 0; i < residuals.length; i++) {
    const r = residuals[i] as number;
    if (!Number.isFinite(r)) continue;
    pool.push(r);
    mean += r;
  }
  if (pool.length === 0) throw new RangeError('residualResampler needs at least one finite residual');
  mean /= pool.length;
  const centred = Float64Array.from(pool, (r) => r - mean);
  return () => centred[Math.floor(uniform() * centred.length)] as number;
}

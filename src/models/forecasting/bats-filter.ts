import type { BatsParams, BatsSpec, BatsState } from './bats-model.js';

/** What one pass of the {@link BatsSpec} recursions gives. */
export interface BatsFilterResult {
  /** −2 log L = n log(2πσ̂²) + n over the observed values. */
  minusTwoLogLik: number;
  /** σ̂² = Σε²/n. */
  sigma2: number;
  observed: number;
  /** Σ ρ_k(ε_t/s), Huber's loss of the innovations, when the filter is robust; else NaN. */
  huberLoss: number;
  /** State after the last value. */
  state: BatsState;
}

/**
 * Huber cleaning of the innovations before they update the states: ε_t is replaced by s·ψ_k(ε_t/s),
 * ψ_k(x) = max(−k, min(k, x)), so one burst moves the level and seasonal states by at most k·s.
 */
export interface HuberCleaning {
  /** Scale s of the innovations (e.g. 1.4826 × their MAD), > 0. */
  scale: number;
  /** Tuning constant k, in scales. */
  k: number;
}

/**
 * Cycles in a row that one phase of the shortest season may be off by more than the clipping bound, in
 * the same direction, before its state is reset to explain the value: clipping alone moves a seasonal
 * state by at most γk·s a cycle (≈ 0.17 log units a day), so a burst pattern that stopped was forecast
 * for weeks; three cycles tell a changed pattern from a one-off burst.
 */
export const PERSISTENT_CYCLES = 3;

/**
 * Runs the {@link BatsSpec} recursions over a series: one-step forecast
 * μ_t = ℓ_{t−1} + Σ_i s⁽ⁱ⁾_{t−m_i} + φ d_{t−1}, innovation ε_t = z_t − μ_t, then d_t = φ d_{t−1} + ε_t
 * updates the level and seasonal states. A missing z_t (NaN) has ε_t = 0: states follow their forecast
 * and the step adds nothing to the likelihood. With `huber`, the states see the cleaned innovation
 * s·ψ_k(ε_t/s) instead of ε_t (robust exponential smoothing), and Huber's loss Σρ_k(ε_t/s) is returned
 * for robust estimation; the likelihood is always the Gaussian one of the raw innovations. Cleaning may
 * not hold a seasonal state against persistent evidence: when one phase of the shortest period has
 * been clipped in the same direction {@link PERSISTENT_CYCLES} cycles in a row, its state takes the
 * rest of the innovation (the pattern changed: a regime check per phase, not a burst).
 *
 * References: De Livera, Hyndman & Snyder (2011), JASA 106(496), eq. (1) and §3.1 (likelihood);
 * S. Gelper, R. Fried & C. Croux (2010), "Robust forecasting with exponential and Holt–Winters
 * smoothing", Journal of Forecasting 29(3), 285–300 (Huber-cleaned updates); P. J. Huber (1964), Ann.
 * Math. Stat. 35(1), 73–101 (ρ_k, ψ_k).
 *
 * @param values transformed series (NaN = missing)
 * @param initial x_0; not modified
 * @param residuals receives ε_t (NaN where missing), length ≥ n, when given
 * @param levels receives ℓ_t after each step, length ≥ n, when given
 * @example batsFilter(Float64Array.from([1, 3]), { periods: [2], arErrors: false },
 *   { alpha: 0.5, gammas: [0.25], ar: 0 }, { level: 0, error: 0,
 *   seasonal: [Float64Array.from([0, 0])] }).state.level // 1.75 (0 → 0.5 → 1.75)
 */
export function batsFilter(
  values: ArrayLike<number>,
  spec: BatsSpec,
  params: BatsParams,
  initial: BatsState,
  residuals?: Float64Array,
  huber?: HuberCleaning,
  levels?: Float64Array,
): BatsFilterResult {
  const n = values.length;
  const count = spec.periods.length;
  const periods = Int32Array.from(spec.periods);
  const gammas = Float64Array.from(params.gammas);
  const rings = initial.seasonal.map((s) => Float64Array.from(s));
  const at = new Int32Array(count);
  const { alpha, ar } = params;
  let level = initial.level;
  let d = initial.error;
  let sumSq = 0;
  let loss = 0;
  let observed = 0;
  const scale = huber?.scale ?? 0;
  const bound = huber ? huber.k * huber.scale : Number.POSITIVE_INFINITY;
  const k = huber?.k ?? 0;
  // Signed count of cycles in a row each phase of the shortest period was clipped up (+) or down (−).
  const runs = huber && count > 0 ? new Int8Array(periods[0] as number) : undefined;
  for (let t = 0; t < n; t++) {
    let reset = 0;
    let season = 0;
    for (let i = 0; i < count; i++) season += (rings[i] as Float64Array)[at[i] as number] as number;
    const z = values[t] as number;
    const expected = ar * d;
    if (Number.isNaN(z)) {
      d = expected;
      if (residuals) residuals[t] = Number.NaN;
    } else {
      const eps = z - level - season - expected;
      sumSq += eps * eps;
      observed++;
      if (residuals) residuals[t] = eps;
      if (huber) {
        const x = Math.abs(eps) / scale;
        loss += x <= k ? 0.5 * x * x : k * x - 0.5 * k * k;
        const clipped = Math.max(-bound, Math.min(bound, eps));
        d = expected + clipped;
        if (runs) reset = persistentExcess(runs, at[0] as number, eps, clipped);
      } else {
        d = expected + eps;
      }
    }
    level += alpha * d;
    if (levels) levels[t] = level;
    for (let i = 0; i < count; i++) {
      const ring = rings[i] as Float64Array;
      const j = at[i] as number;
      ring[j] = (ring[j] as number) + (gammas[i] as number) * d;
      at[i] = j + 1 === periods[i] ? 0 : j + 1;
    }
    if (reset !== 0) {
      const ring = rings[0] as Float64Array;
      const j = at[0] === 0 ? ring.length - 1 : (at[0] as number) - 1;
      ring[j] = (ring[j] as number) + reset;
    }
  }
  const seasonal = rings.map((ring, i) => {
    const m = ring.length;
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) out[j] = ring[((at[i] as number) + j) % m] as number;
    return out;
  });
  const state: BatsState = { level, error: d, seasonal };
  const huberLoss = huber ? loss : Number.NaN;
  if (observed === 0) return { minusTwoLogLik: Number.NaN, sigma2: Number.NaN, observed, huberLoss, state };
  const sigma2 = sumSq / observed;
  const minusTwoLogLik = observed * Math.log(2 * Math.PI * Math.max(sigma2, 1e-300)) + observed;
  return { minusTwoLogLik, sigma2, observed, huberLoss, state };
}

/**
 * Updates the run of same-direction clipping at one phase; returns the part of the innovation the
 * phase's seasonal state must take now (ε − ψ(ε)) once the run reaches {@link PERSISTENT_CYCLES}, else 0.
 */
function persistentExcess(runs: Int8Array, phase: number, eps: number, clipped: number): number {
  if (eps === clipped) {
    runs[phase] = 0;
    return 0;
  }
  const sign = eps > 0 ? 1 : -1;
  const run = runs[phase] as number;
  const next = Math.sign(run) === sign ? run + sign : sign;
  if (Math.abs(next) < PERSISTENT_CYCLES) {
    runs[phase] = next;
    return 0;
  }
  runs[phase] = 0;
  return eps - clipped;
}

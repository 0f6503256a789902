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
 * Runs the {@link BatsSpec} recursions over a series: one-step forecast
 * μ_t = ℓ_{t−1} + Σ_i s⁽ⁱ⁾_{t−m_i} + φ d_{t−1}, innovation ε_t = z_t − μ_t, then d_t = φ d_{t−1} + ε_t
 * updates the level and seasonal states. A missing z_t (NaN) has ε_t = 0: states follow their forecast
 * and the step adds nothing to the likelihood. With `huber`, the states see the cleaned innovation
 * s·ψ_k(ε_t/s) instead of ε_t (robust exponential smoothing), and Huber's loss Σρ_k(ε_t/s) is returned
 * for robust estimation; the likelihood is always the Gaussian one of the raw innovations.
 *
 * References: De Livera, Hyndman & Snyder (2011), JASA 106(496), eq. (1) and §3.1 (likelihood);
 * S. Gelper, R. Fried & C. Croux (2010), "Robust forecasting with exponential and Holt–Winters
 * smoothing", Journal of Forecasting 29(3), 285–300 (Huber-cleaned updates); P. J. Huber (1964), Ann.
 * Math. Stat. 35(1), 73–101 (ρ_k, ψ_k).
 *
 * @param values transformed series (NaN = missing)
 * @param initial x_0; not modified
 * @param residuals receives ε_t (NaN where missing), length ≥ n, when given
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
  for (let t = 0; t < n; t++) {
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
        d = expected + Math.max(-bound, Math.min(bound, eps));
      } else {
        d = expected + eps;
      }
    }
    level += alpha * d;
    for (let i = 0; i < count; i++) {
      const ring = rings[i] as Float64Array;
      const j = at[i] as number;
      ring[j] = (ring[j] as number) + (gammas[i] as number) * d;
      at[i] = j + 1 === periods[i] ? 0 : j + 1;
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

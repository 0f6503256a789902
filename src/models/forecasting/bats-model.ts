/**
 * A multi-seasonal exponential smoothing model with AR(1) errors — BATS of De Livera, Hyndman & Snyder
 * (2011) without a trend, on a (Box–Cox transformed) series z_t:
 *
 *   z_t = ℓ_{t−1} + Σ_i s⁽ⁱ⁾_{t−m_i} + d_t,   d_t = φ d_{t−1} + ε_t,   ε_t ~ N(0, σ²)
 *   ℓ_t = ℓ_{t−1} + α d_t,                   s⁽ⁱ⁾_t = s⁽ⁱ⁾_{t−m_i} + γ_i d_t
 *
 * With one period and φ = 0 it is ETS(A,N,A). The AR(1) error lets short-term deviations (a busy hour)
 * fade over the horizon instead of moving the level for good.
 *
 * Reference: A. M. De Livera, R. J. Hyndman & R. D. Snyder (2011), "Forecasting time series with
 * complex seasonal patterns using exponential smoothing", JASA 106(496), 1513–1527, eq. (1); double
 * seasonal exponential smoothing with an AR(1) adjustment: J. W. Taylor (2003), JORS 54(8), 799–805.
 */
export interface BatsSpec {
  /** Seasonal periods m_i in steps, ascending, each ≥ 2. */
  periods: readonly number[];
  /** Estimate φ (else φ = 0: plain innovations). */
  arErrors: boolean;
}

/** Parameters of a {@link BatsSpec} model. */
export interface BatsParams {
  /** Level smoothing α ∈ (0, 1). */
  alpha: number;
  /** Seasonal smoothing γ_i ∈ (0, 1 − α), one per period. */
  gammas: readonly number[];
  /** AR(1) coefficient φ ∈ (−1, 1) of the errors d_t; 0 without AR errors. */
  ar: number;
}

/** State (ℓ_t, d_t, s⁽ⁱ⁾_t … s⁽ⁱ⁾_{t−m_i+1}). */
export interface BatsState {
  level: number;
  /** Last error d_t (0 at the start). */
  error: number;
  /** Per period, the m_i most recent seasonal states, oldest first: `[i][j]` is used j + 1 steps ahead. */
  seasonal: Float64Array[];
}

/**
 * The model's name in De Livera et al.'s notation BATS(λ, {p, q}, φ_trend, {m_1, …}).
 *
 * @example batsName({ periods: [48, 336], arErrors: true }, 0.5) // 'BATS(0.5, {1,0}, -, {48,336})'
 */
export function batsName(spec: BatsSpec, lambda: number | null): string {
  return `BATS(${lambda === null ? 1 : lambda}, {${spec.arErrors ? 1 : 0},0}, -, {${spec.periods.join(',')}})`;
}

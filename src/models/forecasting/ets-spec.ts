/** Error type of an ETS model: additive or multiplicative. */
export type EtsError = 'A' | 'M';
/** Trend type: none, additive, or additive damped. */
export type EtsTrend = 'N' | 'A' | 'Ad';
/** Seasonality: none, additive, or multiplicative. */
export type EtsSeason = 'N' | 'A' | 'M';

/** One member of the ETS family (Hyndman, Koehler, Ord & Snyder 2008, Table 2.1). */
export interface EtsSpec {
  error: EtsError;
  trend: EtsTrend;
  season: EtsSeason;
  /** Seasonal period m in steps; 1 when `season` is 'N'. */
  period: number;
}

/** Smoothing parameters; β, γ and φ are unused (and conventionally 0, 0, 1) by models without them. */
export interface EtsParams {
  /** Level smoothing α, in (0, 1). */
  alpha: number;
  /** Trend smoothing β, in (0, α). */
  beta: number;
  /** Seasonal smoothing γ, in (0, 1 − α). */
  gamma: number;
  /** Damping φ, in (0, 1]; 1 unless the trend is 'Ad'. */
  phi: number;
}

/** State vector x_t = (ℓ_t, b_t, s_t, …, s_{t−m+1}). */
export interface EtsState {
  level: number;
  /** 0 without a trend. */
  trend: number;
  /**
   * The m most recent seasonal states, oldest first: `seasonal[j]` is the one used j + 1 steps ahead
   * (s_{t−m+1+j}). Empty without seasonality.
   */
  seasonal: Float64Array;
}

/**
 * The conventional name of an ETS model.
 *
 * @example etsName({ error: 'A', trend: 'Ad', season: 'N', period: 1 }) // 'ETS(A,Ad,N)'
 */
export function etsName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/**
 * Number of smoothing parameters of a model (α, plus β and φ with a trend, γ with seasonality).
 *
 * @example smoothingParameterCount({ error: 'A', trend: 'Ad', season: 'A', period: 12 }) // 4
 */
export function smoothingParameterCount(spec: EtsSpec): number {
  return 1 + (spec.trend === 'N' ? 0 : 1) + (spec.trend === 'Ad' ? 1 : 0) + (spec.season === 'N' ? 0 : 1);
}

import { batsFilter, type HuberCleaning } from './bats-filter.js';
import type { BatsParams, BatsSpec, BatsState } from './bats-model.js';
import { type InformationCriteria, informationCriteria } from './information-criteria.js';
import { nelderMead } from './nelder-mead.js';

/** A {@link BatsSpec} model fitted by maximum likelihood. */
export interface FittedBats {
  spec: BatsSpec;
  params: BatsParams;
  initial: BatsState;
  /** State after the last value: where forecasts start. */
  state: BatsState;
  sigma2: number;
  minusTwoLogLik: number;
  observed: number;
  /** Estimated parameters k: α, γ_i, φ, ℓ_0, Σ(m_i − 1) seasonal starting states, σ². */
  parameters: number;
  criteria: InformationCriteria;
  /** In-sample one-step innovations ε_t (NaN where missing). */
  residuals: Float64Array;
  /** The Huber cleaning the states use (robust fits); undefined otherwise. */
  huber?: HuberCleaning;
}

/** Options of {@link fitBats}. */
export interface BatsFitOptions {
  /**
   * Huber constant k for a robust fit (0: plain maximum likelihood). A robust fit refits the maximum
   * likelihood one by minimising Huber's loss with Huber-cleaned state updates, scale s = 1.4826 × MAD
   * of the first fit's innovations. @defaultValue 0
   */
  huberK?: number;
}

const ALPHA_MIN = 1e-4;
const ALPHA_MAX = 0.9999;
/** |φ| < 1 keeps the AR(1) errors stationary; 0.98 keeps them away from a second random walk. */
const AR_MAX = 0.98;
/**
 * Largest share of the last error d_n the level may keep for good, αφ/(1 − φ) (the sum of α φ^h over
 * the horizon): with φ ≈ 0.97 and α ≈ 0.08 it was 2.6, so a busy hour became a permanent shift 2.6 × its
 * size in the day-ahead forecast. φ ≤ c/(α + c) keeps it ≤ c.
 */
const LEVEL_PERSISTENCE_MAX = 0.5;

const logistic = (u: number) => 1 / (1 + Math.exp(-u));

/**
 * Fits a {@link BatsSpec} model by maximum likelihood from a given starting state (seasonal states
 * from a decomposition, see `seasonalStartFromMstl`): minimises −2 log L over α ∈ (0, 1), γ_i ∈ (0, 1 − α)
 * and φ ∈ (−φ_max, φ_max), φ_max = min(0.98, 0.5/(α + 0.5)) (see LEVEL_PERSISTENCE_MAX), — logistic transforms of them — with the Nelder–Mead method; robust fits then
 * minimise Huber's loss with cleaned updates (see {@link BatsFitOptions}).
 *
 * References: De Livera, Hyndman & Snyder (2011), JASA 106(496), §3.1 (estimation); Gelper, Fried &
 * Croux (2010), Journal of Forecasting 29(3), 285–300 (robust smoothing).
 *
 * @param values transformed series (NaN = missing)
 * @param initial starting state x_0
 * @example fitBats(z, { periods: [288], arErrors: true }, seasonalStartFromMstl(z, [288])).params.alpha
 */
export function fitBats(
  values: ArrayLike<number>,
  spec: BatsSpec,
  initial: BatsState,
  options: BatsFitOptions = {},
): FittedBats {
  const k = spec.periods.length;
  const decode = (x: readonly number[]): BatsParams => {
    const alpha = ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * logistic(x[0] as number);
    const gammas = spec.periods.map((_, i) => (1 - alpha) * logistic(x[1 + i] as number));
    const arMax = Math.min(AR_MAX, LEVEL_PERSISTENCE_MAX / (alpha + LEVEL_PERSISTENCE_MAX));
    const ar = spec.arErrors ? arMax * (2 * logistic(x[1 + k] as number) - 1) : 0;
    return { alpha, gammas, ar };
  };
  // Start: α ≈ 0.5, γ_i ≈ 0.05(1 − α), φ ≈ 0.46.
  const start = [0, ...spec.periods.map(() => -3), ...(spec.arErrors ? [1] : [])];
  const search = { maxEvaluations: 60 * start.length, initialStep: 1, relTolerance: 1e-7 };
  let best = nelderMead((x) => batsFilter(values, spec, decode(x), initial).minusTwoLogLik, start, search);
  const residuals = new Float64Array(values.length);
  let huber: HuberCleaning | undefined;
  if ((options.huberK ?? 0) > 0) {
    batsFilter(values, spec, decode(best.x), initial, residuals);
    const scale = 1.4826 * medianAbsoluteDeviation(residuals);
    if (scale > 0) {
      huber = { scale, k: options.huberK as number };
      const cleaned = huber;
      best = nelderMead(
        (x) => batsFilter(values, spec, decode(x), initial, undefined, cleaned).huberLoss,
        best.x,
        {
          ...search,
          initialStep: 0.5,
        },
      );
    }
  }
  const params = decode(best.x);
  const result = batsFilter(values, spec, params, initial, residuals, huber);
  const parameters =
    1 + k + (spec.arErrors ? 1 : 0) + 1 + spec.periods.reduce((sum, m) => sum + (m - 1), 0) + 1;
  return {
    spec,
    params,
    initial,
    state: result.state,
    sigma2: result.sigma2,
    minusTwoLogLik: result.minusTwoLogLik,
    observed: result.observed,
    parameters,
    criteria: informationCriteria(result.minusTwoLogLik, parameters, result.observed),
    residuals,
    huber,
  };
}

/** Median of |x − median(x)| over the finite values. */
function medianAbsoluteDeviation(xs: Float64Array): number {
  const finite = xs.filter(Number.isFinite).sort();
  if (finite.length === 0) return 0;
  const median = (a: Float64Array) => {
    const m = a.length >> 1;
    return a.length % 2 ? (a[m] as number) : ((a[m - 1] as number) + (a[m] as number)) / 2;
  };
  const centre = median(finite);
  return median(finite.map((x) => Math.abs(x - centre)).sort());
}

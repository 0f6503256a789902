import { etsFilter } from './ets-filter.js';
import { etsInitialState } from './ets-initial-state.js';
import type { EtsParams, EtsSpec, EtsState } from './ets-spec.js';
import { smoothingParameterCount } from './ets-spec.js';
import { type InformationCriteria, informationCriteria } from './information-criteria.js';
import { nelderMead } from './nelder-mead.js';

/** Options of {@link fitEts}. */
export interface EtsFitOptions {
  /** Estimate ℓ_0 and b_0 by maximum likelihood too (seasonal starting states stay heuristic). @defaultValue true */
  optimiseInitialState?: boolean;
  /** Largest number of likelihood evaluations. @defaultValue 60 × number of estimated values */
  maxEvaluations?: number;
}

/** An ETS model fitted by maximum likelihood. */
export interface FittedEts {
  spec: EtsSpec;
  params: EtsParams;
  /** x_0. */
  initial: EtsState;
  /** x_n, the state after the last value: where forecasts start. */
  state: EtsState;
  /** σ̂², variance of the innovations (relative ones for multiplicative errors). */
  sigma2: number;
  minusTwoLogLik: number;
  /** Observed values used. */
  observed: number;
  /** Estimated parameters k, σ² and the seasonal starting states included. */
  parameters: number;
  criteria: InformationCriteria;
  /** In-sample innovations ε_t (relative for multiplicative errors; NaN where missing). */
  residuals: Float64Array;
}

/** Smallest and largest α (and other smoothing parameters), as R's forecast::ets. */
const ALPHA_MIN = 1e-4;
const ALPHA_MAX = 0.9999;
/** Damping φ is kept in [0.8, 0.98] (Hyndman & Athanasopoulos, FPP3 §8.2: φ < 0.8 acts too strongly). */
const PHI_MIN = 0.8;
const PHI_MAX = 0.98;

const logistic = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Fits an ETS model by maximum likelihood (Hyndman et al. 2008, §5.2): minimises −2 log L of
 * {@link etsFilter} over the smoothing parameters — kept in the usual region 0 < β < α < 1,
 * 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98 by optimising logistic transforms of them — and, optionally, ℓ_0 and
 * b_0, with the Nelder–Mead simplex method. Seasonal starting states come from {@link etsInitialState}.
 *
 * @param values series (NaN = missing); positive for multiplicative error or seasonality
 * @param spec model to fit
 * @example fitEts(Float64Array.from([3, 5, 4, 6, 5, 7]), { error: 'A', trend: 'N', season: 'N', period: 1 })
 *   .params.alpha // in (0, 1)
 */
export function fitEts(values: ArrayLike<number>, spec: EtsSpec, options: EtsFitOptions = {}): FittedEts {
  const heuristic = etsInitialState(values, spec);
  const optimiseInitial = options.optimiseInitialState ?? true;
  const hasTrend = spec.trend !== 'N';
  const hasSeason = spec.season !== 'N';
  const damped = spec.trend === 'Ad';
  const scale = observedScale(values, heuristic.level);

  const start: number[] = [logit(0.25)];
  if (hasTrend) start.push(logit(0.1));
  if (hasSeason) start.push(logit(0.05));
  if (damped) start.push(logit((0.95 - PHI_MIN) / (PHI_MAX - PHI_MIN)));
  const smoothing = start.length;
  if (optimiseInitial) {
    start.push(0);
    if (hasTrend) start.push(0);
  }

  const decode = (x: readonly number[]): { params: EtsParams; initial: EtsState } => {
    let i = 0;
    const alpha = ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * logistic(x[i++] as number);
    const beta = hasTrend ? alpha * logistic(x[i++] as number) : 0;
    const gamma = hasSeason ? (1 - alpha) * logistic(x[i++] as number) : 0;
    const phi = damped ? PHI_MIN + (PHI_MAX - PHI_MIN) * logistic(x[i++] as number) : 1;
    const level = optimiseInitial ? heuristic.level + scale * (x[i++] as number) : heuristic.level;
    const trend =
      hasTrend && optimiseInitial ? heuristic.trend + 0.1 * scale * (x[i++] as number) : heuristic.trend;
    return { params: { alpha, beta, gamma, phi }, initial: { level, trend, seasonal: heuristic.seasonal } };
  };
  const objective = (x: readonly number[]) => {
    const { params, initial } = decode(x);
    return etsFilter(values, spec, params, initial).minusTwoLogLik;
  };
  const steps = start.map((_, i) => (i < smoothing ? 1 : 0.5));
  const best = nelderMead(objective, start, {
    maxEvaluations: options.maxEvaluations ?? 60 * start.length,
    initialStep: steps,
    relTolerance: 1e-7,
  });
  const { params, initial } = decode(best.x);
  const residuals = new Float64Array(values.length);
  const result = etsFilter(values, spec, params, initial, { errors: residuals });
  const initialStates = 1 + (hasTrend ? 1 : 0) + (hasSeason ? spec.period - 1 : 0);
  const parameters = smoothingParameterCount(spec) + initialStates + 1;
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
  };
}

/** A scale for moving ℓ_0: the sample standard deviation, else |level|/10, else 1. */
function observedScale(values: ArrayLike<number>, level: number): number {
  let s = 0;
  let ss = 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    s += v;
    ss += v * v;
    k++;
  }
  const sd = k > 1 ? Math.sqrt(Math.max(0, (ss - (s * s) / k) / (k - 1))) : 0;
  return sd > 0 ? sd : Math.abs(level) / 10 || 1;
}

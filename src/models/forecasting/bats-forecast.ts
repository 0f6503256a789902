import type { HuberCleaning } from './bats-filter.js';
import type { BatsParams, BatsSpec, BatsState } from './bats-model.js';

/** What forecasting from a {@link BatsSpec} model needs. */
export interface BatsForecastOrigin {
  spec: BatsSpec;
  params: BatsParams;
  state: BatsState;
  sigma2: number;
  /** Huber cleaning of innovations in the state updates (robust fits). */
  huber?: HuberCleaning;
  /**
   * Mean of the clipped shocks that the simulation subtracts from each clipped innovation before it
   * updates the states (see `clippedShockBias`), so skewed residuals do not make paths drift. @defaultValue 0
   */
  shockBias?: number;
}

/**
 * Prepares runs of the model forward H steps from a state: each run adds `shocks[h − 1]` as the
 * innovation ε at step h (null: ε = 0, the point forecast) and writes the path μ_{n+h} + ε into `out`;
 * states take the Huber-cleaned innovation when the model has one. Only the first min(m, H) seasonal
 * states of each period can be read within the horizon, so only those are copied per run.
 */
function forwardRunner(
  origin: BatsForecastOrigin,
  horizon: number,
  state: BatsState,
): (shocks: ArrayLike<number> | null, out: Float64Array) => void {
  const { params } = origin;
  const k = state.seasonal.length;
  const periods = state.seasonal.map((s) => s.length);
  const starts = state.seasonal.map((s) => s.subarray(0, Math.min(s.length, horizon)));
  const rings = starts.map((s) => new Float64Array(s.length));
  const gammas = Float64Array.from(params.gammas);
  const bound = origin.huber ? origin.huber.k * origin.huber.scale : Number.POSITIVE_INFINITY;
  const bias = shocksBias(origin);
  return (shocks, out) => {
    for (let i = 0; i < k; i++) (rings[i] as Float64Array).set(starts[i] as Float64Array);
    let level = state.level;
    let d = state.error;
    for (let h = 0; h < horizon; h++) {
      let season = 0;
      for (let i = 0; i < k; i++) season += (rings[i] as Float64Array)[h % (periods[i] as number)] as number;
      const eps = shocks ? (shocks[h] as number) : 0;
      const expected = params.ar * d;
      out[h] = level + season + expected + eps;
      d = expected + (shocks ? Math.max(-bound, Math.min(bound, eps)) - bias : 0);
      level += params.alpha * d;
      for (let i = 0; i < k; i++) {
        const ring = rings[i] as Float64Array;
        const j = h % (periods[i] as number);
        ring[j] = (ring[j] as number) + (gammas[i] as number) * d;
      }
    }
  };
}

function shocksBias(origin: BatsForecastOrigin): number {
  return origin.huber ? (origin.shockBias ?? 0) : 0;
}

function runForward(
  origin: BatsForecastOrigin,
  horizon: number,
  state: BatsState,
  shocks: ArrayLike<number> | null,
): Float64Array {
  const out = new Float64Array(horizon);
  forwardRunner(origin, horizon, state)(shocks, out);
  return out;
}

/**
 * Point forecasts z_{n+h|n}, h = 1…H: the recursions run forward with ε = 0, so the last error fades as
 * φ^h d_n (and α·φ(1 − φ^h)/(1 − φ)·d_n of it stays in the level) while each seasonal state repeats.
 *
 * Reference: De Livera, Hyndman & Snyder (2011), JASA 106(496), §3.3 (forecasting).
 *
 * @example batsPointForecast({ spec: { periods: [2], arErrors: false }, params: { alpha: 0.5,
 *   gammas: [0.1], ar: 0 }, state: { level: 10, error: 0, seasonal: [Float64Array.from([1, -1])] },
 *   sigma2: 1 }, 3) // Float64Array [11, 9, 11]
 */
export function batsPointForecast(origin: BatsForecastOrigin, horizon: number): Float64Array {
  return runForward(origin, horizon, origin.state, null);
}

/**
 * Innovation weights c_j (j = 1…H − 1): the effect of a unit innovation at step n + 1 on the forecast
 * of step n + 1 + j, i.e. c_j = w′D^{j−1}g of the linear state space form, computed by running the
 * model on a unit impulse from a zero state. For one period and φ = 0 these are α + γ d_{j,m} of
 * ETS(A,N,A). Huber cleaning is ignored: the weights are those of the linear model.
 *
 * Reference: Hyndman et al. (2008), "Forecasting with Exponential Smoothing", §6.1 (linear
 * homoscedastic models), eq. (6.2).
 */
export function batsInnovationWeights(origin: BatsForecastOrigin, horizon: number): Float64Array {
  if (horizon <= 1) return new Float64Array(0);
  const zero: BatsState = {
    level: 0,
    error: 0,
    seasonal: origin.spec.periods.map((m) => new Float64Array(m)),
  };
  const impulse = new Float64Array(horizon);
  impulse[0] = 1;
  return runForward({ ...origin, huber: undefined }, horizon, zero, impulse).subarray(1);
}

/**
 * Forecast variance of z_{n+h}, h = 1…H, of this linear model: v_h = σ²(1 + Σ_{j=1}^{h−1} c_j²).
 *
 * Reference: Hyndman et al. (2008), §6.1, eq. (6.4); De Livera et al. (2011), §3.3.
 *
 * @example batsForecastVariance({ spec: { periods: [2], arErrors: false }, params: { alpha: 0.5,
 *   gammas: [0.25], ar: 0 }, state, sigma2: 1 }, 3) // Float64Array [1, 1.25, 1.8125] (c = 0.5, 0.75)
 */
export function batsForecastVariance(origin: BatsForecastOrigin, horizon: number): Float64Array {
  const c = batsInnovationWeights(origin, horizon);
  const out = new Float64Array(horizon);
  let sum = 0;
  for (let h = 1; h <= horizon; h++) {
    out[h - 1] = origin.sigma2 * (1 + sum);
    if (h < horizon) sum += (c[h - 1] as number) ** 2;
  }
  return out;
}

/**
 * Sample paths of the model's future: each step draws an innovation ε from `draw` — normal, or resampled
 * from the in-sample residuals (see {@link residualResampler}) to keep their heavy tails — and runs the
 * recursions forward.
 *
 * Reference: Hyndman & Athanasopoulos, FPP3 §5.5 (prediction intervals from bootstrapped residuals).
 *
 * @returns paths × H values, path-major (`out[p * H + h − 1]`)
 */
export function simulateBatsPaths(
  origin: BatsForecastOrigin,
  horizon: number,
  paths: number,
  draw: () => number,
): Float64Array {
  const out = new Float64Array(paths * horizon);
  const shocks = new Float64Array(horizon);
  const run = forwardRunner(origin, horizon, origin.state);
  for (let p = 0; p < paths; p++) {
    for (let h = 0; h < horizon; h++) shocks[h] = draw();
    run(shocks, out.subarray(p * horizon, (p + 1) * horizon));
  }
  return out;
}

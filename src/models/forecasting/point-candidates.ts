import { batsFilter } from './bats-filter.js';
import type { FittedBats } from './bats-fit.js';
import { batsPointForecast } from './bats-forecast.js';
import { etsFilter } from './ets-filter.js';
import type { FittedEts } from './ets-fit.js';
import { etsPointForecast } from './ets-forecast.js';

/**
 * A forecasting method as the out-of-sample selection sees it: point forecasts of steps origin … origin +
 * H − 1 from the history `values[0, origin)`, on the model's (transformed) scale. Models with estimated
 * parameters keep those of the full-history fit and filter their states causally up to the origin.
 */
export interface PointCandidate {
  /** Short name, e.g. 'snaive', 'ses', 'bats'. */
  name: string;
  /** @param origin index of the first forecast step, ≥ 1 */
  forecastFrom(origin: number, horizon: number): Float64Array;
}

/**
 * States filtered causally up to an origin, reusing the last call's state when origins come in
 * ascending order (the selection asks for them so): one pass over the history for all origins.
 */
function causalStates<S>(
  initial: S,
  advance: (state: S, from: number, to: number) => S,
): (origin: number) => S {
  let at = 0;
  let state = initial;
  return (origin) => {
    if (origin < at) {
      at = 0;
      state = initial;
    }
    if (origin > at) {
      state = advance(state, at, origin);
      at = origin;
    }
    return state;
  };
}

/** Last observed value before `origin`, NaN when none. */
function lastObserved(values: ArrayLike<number>, origin: number): number {
  for (let t = origin - 1; t >= 0; t--) if (!Number.isNaN(values[t] as number)) return values[t] as number;
  return Number.NaN;
}

/** Naive (random walk): the last observed value, repeated. FPP3 §5.2. */
export function naiveCandidate(values: ArrayLike<number>): PointCandidate {
  return {
    name: 'naive',
    forecastFrom: (origin, horizon) => new Float64Array(horizon).fill(lastObserved(values, origin)),
  };
}

/**
 * Seasonal median: each step the median of the last `cycles` observed values of its phase (period m),
 * the naive value where the phase was never observed. With `cycles` = 1 it is seasonal naive (FPP3
 * §5.2); with several, a one-off burst in one cycle does not come back (a robust seasonal profile).
 *
 * @param period m ≥ 2 steps
 * @param cycles how many past cycles to take the median of, ≥ 1
 */
export function seasonalMedianCandidate(
  values: ArrayLike<number>,
  period: number,
  cycles: number,
): PointCandidate {
  return {
    name: cycles === 1 ? 'snaive' : `seasonal-median-${cycles}`,
    forecastFrom: (origin, horizon) => {
      const fallback = lastObserved(values, origin);
      const out = new Float64Array(horizon);
      const seen: number[] = [];
      for (let h = 0; h < horizon; h++) {
        seen.length = 0;
        let t = origin - period + (h % period);
        while (t >= origin) t -= period;
        for (; t >= 0 && seen.length < cycles; t -= period) {
          const v = values[t] as number;
          if (!Number.isNaN(v)) seen.push(v);
        }
        out[h] = seen.length > 0 ? median(seen) : fallback;
      }
      return out;
    },
  };
}

/** A fitted ETS model (SES = ETS(A,N,N), damped trend = ETS(A,Ad,N), …), states filtered to the origin. */
export function etsCandidate(name: string, values: Float64Array, fit: FittedEts): PointCandidate {
  const stateAt = causalStates(
    fit.initial,
    (state, from, to) => etsFilter(values.subarray(from, to), fit.spec, fit.params, state).state,
  );
  return {
    name,
    forecastFrom: (origin, horizon) => etsPointForecast({ ...fit, state: stateAt(origin) }, horizon),
  };
}

/**
 * The Theta method: SES plus half the slope b₀ of a least-squares line through the history,
 * ŷ_{n+h} = ℓ_n + (b₀/2)·((h − 1) + 1/α − (1 − α)ⁿ/α), the SES state ℓ_n and α from `ses`.
 *
 * Reference: V. Assimakopoulos & K. Nikolopoulos (2000), IJF 16(4), 521–530; R. J. Hyndman & B. Billah
 * (2003), "Unmasking the Theta method", IJF 19(2), 287–290, eq. (3).
 *
 * @param ses a fitted ETS(A,N,N)
 */
export function thetaCandidate(values: Float64Array, ses: FittedEts): PointCandidate {
  const alpha = ses.params.alpha;
  const stateAt = causalStates(
    ses.initial,
    (state, from, to) => etsFilter(values.subarray(from, to), ses.spec, ses.params, state).state,
  );
  return {
    name: 'theta',
    forecastFrom: (origin, horizon) => {
      const level = stateAt(origin).level;
      const slope = leastSquaresSlope(values.subarray(0, origin));
      const drift = (1 / alpha - (1 - alpha) ** origin / alpha) * (slope / 2);
      return Float64Array.from({ length: horizon }, (_, h) => level + drift + (slope / 2) * h);
    },
  };
}

/** The robust seasonal model (BATS, see `fitBats`): its states filtered to the origin, the zero-shock path. */
export function batsCandidate(values: Float64Array, fit: FittedBats): PointCandidate {
  const stateAt = causalStates(
    fit.initial,
    (state, from, to) =>
      batsFilter(values.subarray(from, to), fit.spec, fit.params, state, undefined, fit.huber).state,
  );
  let last: { origin: number; horizon: number; path: Float64Array } | undefined;
  return {
    name: 'bats',
    forecastFrom: (origin, horizon) => {
      // The anchored variant asks for the same path right after: keep the last one.
      if (last?.origin !== origin || last.horizon !== horizon) {
        last = { origin, horizon, path: batsPointForecast({ ...fit, state: stateAt(origin) }, horizon) };
      }
      return Float64Array.from(last.path);
    },
  };
}

/**
 * The robust seasonal model with its level pulled back to an anchor: the median of its level over the
 * last cycle, ℓ̄. Its forecast is the BATS path minus (ℓ_n − ℓ̄)(1 − ρ^h), ρ = 2^(−1/halfLife): a busy
 * spell (or a dip) at the end of the history fades over the horizon instead of moving the whole next
 * day. Whether the end of a history is a spell or a level shift is left to the out-of-sample scores.
 *
 * @param period one cycle, steps (the anchor's span)
 * @param halfLifeSteps steps for half of the deviation to fade, > 0
 */
export function anchoredBatsCandidate(
  values: Float64Array,
  fit: FittedBats,
  period: number,
  halfLifeSteps: number,
  bats: PointCandidate = batsCandidate(values, fit),
): PointCandidate & { levelPull: (origin: number, horizon: number) => Float64Array } {
  const levels = new Float64Array(values.length);
  batsFilter(values, fit.spec, fit.params, fit.initial, undefined, fit.huber, levels);
  const rho = 2 ** (-1 / halfLifeSteps);
  const levelPull = (origin: number, horizon: number) => {
    const last = levels.subarray(Math.max(0, origin - period), origin);
    const anchor = median(Array.from(last));
    const deviation = (levels[origin - 1] as number) - anchor;
    return Float64Array.from({ length: horizon }, (_, h) => -deviation * (1 - rho ** (h + 1)));
  };
  return {
    name: 'bats-anchored',
    levelPull,
    forecastFrom: (origin, horizon) => {
      const pull = levelPull(origin, horizon);
      return bats.forecastFrom(origin, horizon).map((v, h) => v + (pull[h] as number));
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Slope of the least-squares line of the observed values on their index; 0 with fewer than two. */
function leastSquaresSlope(values: ArrayLike<number>): number {
  let n = 0;
  let st = 0;
  let sy = 0;
  let stt = 0;
  let sty = 0;
  for (let t = 0; t < values.length; t++) {
    const y = values[t] as number;
    if (Number.isNaN(y)) continue;
    n++;
    st += t;
    sy += y;
    stt += t * t;
    sty += t * y;
  }
  const d = n * stt - st * st;
  return n > 1 && d > 0 ? (n * sty - st * sy) / d : 0;
}

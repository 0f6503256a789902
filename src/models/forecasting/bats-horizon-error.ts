import { batsFilter } from './bats-filter.js';
import type { FittedBats } from './bats-fit.js';
import { batsPointForecast } from './bats-forecast.js';

/**
 * In-sample multi-step accuracy of a fitted model: from origins every `horizon` steps over the last
 * `windowSteps` values, the states are filtered up to the origin (causally) and the next `horizon`
 * steps forecast; returns the mean absolute error over the observed values. Unlike the one-step
 * likelihood it sees how errors grow over the horizon that matters, so it can tell whether a long
 * seasonal period (a week) earns its states. Parameters are the full-sample estimates.
 *
 * Reference: Hyndman & Athanasopoulos, FPP3 §5.10 (evaluation on rolling forecasting origins);
 * multi-step in-sample criteria as R's forecast::ets(opt.crit = "amse").
 *
 * @param values the series the model was fitted to (NaN = missing)
 * @param horizon steps ahead, ≥ 1
 * @param windowSteps how much of the end of the series to score, ≥ horizon
 * @returns mean absolute error on the model's scale; NaN when no origin fits
 * @example batsHorizonError(z, fit, 288, 7 * 288) // mean |error| of day-ahead forecasts over the last week
 */
export function batsHorizonError(
  values: Float64Array,
  fit: FittedBats,
  horizon: number,
  windowSteps: number,
): number {
  const n = values.length;
  const first = Math.max(1, n - Math.max(windowSteps, horizon));
  let state = fit.initial;
  let at = 0;
  let sum = 0;
  let count = 0;
  for (let origin = first; origin + horizon <= n; origin += horizon) {
    state = batsFilter(values.subarray(at, origin), fit.spec, fit.params, state, undefined, fit.huber).state;
    at = origin;
    const point = batsPointForecast({ ...fit, state }, horizon);
    for (let h = 0; h < horizon; h++) {
      const e = Math.abs((values[origin + h] as number) - (point[h] as number));
      if (Number.isNaN(e)) continue;
      sum += e;
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}

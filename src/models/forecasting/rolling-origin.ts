import type { Forecast } from './forecast.js';
import {
  intervalHits,
  meanAbsoluteScaledError,
  seasonalNaiveScale,
  symmetricMape,
} from './forecast-accuracy.js';

/** Makes a forecast of `horizon` steps from a history; null when it cannot. */
export type Forecaster = (history: Float64Array, horizon: number) => Forecast | null;

/** Options of {@link rollingOriginBacktest}. */
export interface BacktestOptions {
  horizon: number;
  /** Forecast origins: index of the first forecast step (the history is `values[0, origin)`). */
  origins: readonly number[];
  /** Period m of the seasonal naive forecast that scales the MASE (1 = naive). */
  scalePeriod: number;
}

/** Accuracy of a forecaster over rolling origins. */
export interface BacktestResult {
  /** Mean over origins of the MASE (scaled by the in-sample seasonal naive MAE of each history). */
  mase: number;
  /** Mean over origins of the sMAPE, percent. */
  smape: number;
  /** Pooled empirical coverage per nominal level (keys like "0.8"). */
  coverage: Record<string, number>;
  /** Origins with a forecast and at least one observed actual. */
  origins: number;
  /** Origins the forecaster declined. */
  skipped: number;
}

/**
 * Rolling-origin evaluation: at each origin the forecaster sees only the past, forecasts `horizon`
 * steps, and is scored on the values that follow (missing actuals skipped).
 *
 * Reference: L. J. Tashman (2000), "Out-of-sample tests of forecasting accuracy: an analysis and
 * review", IJF 16(4), 437–450; Hyndman & Athanasopoulos, FPP3 §5.10 (time series cross-validation).
 *
 * @param values full series (NaN = missing)
 * @example rollingOriginBacktest(values, naive, { horizon: 24, origins: [1000, 1100], scalePeriod: 288 })
 */
export function rollingOriginBacktest(
  values: Float64Array,
  forecaster: Forecaster,
  options: BacktestOptions,
): BacktestResult {
  let maseSum = 0;
  let smapeSum = 0;
  let used = 0;
  let skipped = 0;
  const hits = new Map<number, { hits: number; observed: number }>();
  for (const origin of options.origins) {
    const end = Math.min(values.length, origin + options.horizon);
    const history = values.subarray(0, origin);
    const actual = values.subarray(origin, end);
    const forecast = forecaster(history, options.horizon);
    if (forecast === null) {
      skipped++;
      continue;
    }
    const scale = seasonalNaiveScale(history, options.scalePeriod);
    const mase = meanAbsoluteScaledError(actual, forecast.point, scale);
    if (!Number.isFinite(mase)) {
      skipped++;
      continue;
    }
    maseSum += mase;
    smapeSum += symmetricMape(actual, forecast.point);
    used++;
    for (const interval of forecast.intervals) {
      const h = intervalHits(actual, interval.lower, interval.upper);
      const total = hits.get(interval.level) ?? { hits: 0, observed: 0 };
      total.hits += h.hits;
      total.observed += h.observed;
      hits.set(interval.level, total);
    }
  }
  const coverage: Record<string, number> = {};
  for (const [level, h] of hits) coverage[String(level)] = h.observed > 0 ? h.hits / h.observed : Number.NaN;
  return {
    mase: used > 0 ? maseSum / used : Number.NaN,
    smape: used > 0 ? smapeSum / used : Number.NaN,
    coverage,
    origins: used,
    skipped,
  };
}

/**
 * `count` forecast origins evenly spaced from `firstOrigin` to the last one with a full horizon ahead.
 *
 * @example evenlySpacedOrigins(100, 10, 3, 50) // [50, 70, 90]
 */
export function evenlySpacedOrigins(
  length: number,
  horizon: number,
  count: number,
  firstOrigin: number,
): number[] {
  const last = length - horizon;
  if (last < firstOrigin) return [];
  if (count <= 1) return [last];
  const out: number[] = [];
  for (let i = 0; i < count; i++)
    out.push(Math.round(firstOrigin + ((last - firstOrigin) * i) / (count - 1)));
  return [...new Set(out)];
}

import { autoForecast } from './auto-forecast.js';
import { meanForecast } from './mean-forecast.js';
import { seasonalNaiveForecast } from './naive-forecast.js';
import {
  type BacktestResult,
  evenlySpacedOrigins,
  type Forecaster,
  rollingOriginBacktest,
} from './rolling-origin.js';
import { seasonalPeriods } from './seasonal-periods.js';

/** Options of {@link compareWithBaselines}. */
export interface ComparisonOptions {
  /** Grid step, s (sets the seasonal periods). */
  stepSec: number;
  /** Steps ahead, ≥ 1. */
  horizon: number;
  /** Forecast origins, evenly spaced over the second half of the series. @defaultValue 24 */
  origins?: number;
  /** A clock in ms (e.g. `performance.now`) to time each method; the library reads none itself. */
  clockMs?: () => number;
  /** More methods to score on the same origins, by name. */
  extra?: Record<string, Forecaster>;
}

/** One method's backtest, with its time per forecast when a clock was given. */
export type MethodResult = BacktestResult & { msPerForecast?: number };

/** Backtests of augur's forecast and its baselines on the same origins. */
export interface ComparisonResult {
  horizon: number;
  origins: number[];
  /** MASE scale period: a day in steps when the step divides a day and a day of history precedes every origin, else 1 (naive). */
  scalePeriod: number;
  /** forecast, summary, snaive-day, snaive-week (when two weeks exist), naive. */
  methods: Record<string, MethodResult>;
  /** forecast method names (up to the first ':') and how often each was selected. */
  selected: Record<string, number>;
}

/**
 * Rolling-origin comparison of `autoForecast` (defaults) with the summary mean, seasonal naive (daily,
 * and weekly once two weeks of history exist) and naive forecasts, all scored on the same origins with
 * MASE scaled by the daily seasonal naive (Hyndman & Koehler 2006), sMAPE and interval coverage.
 *
 * @param values series on a regular grid (NaN = missing)
 * @example compareWithBaselines(values, { stepSec: 300, horizon: 24 }).methods.forecast.mase
 */
export function compareWithBaselines(values: Float64Array, options: ComparisonOptions): ComparisonResult {
  const { stepSec, horizon } = options;
  const day = 86_400 / stepSec;
  // The MASE scale needs a full season inside the shortest history (half the series): with less than a
  // day before the first origin, scale by the naive forecast instead.
  const dayPeriod = Number.isInteger(day) && day >= 2 && Math.floor(values.length / 2) > day ? day : 1;
  const origins = evenlySpacedOrigins(
    values.length,
    horizon,
    options.origins ?? 24,
    Math.floor(values.length / 2),
  );
  const selected: Record<string, number> = {};
  const forecasters: Record<string, Forecaster> = {
    forecast: (history, h) => {
      const r = autoForecast(history, { horizon: h, periods: seasonalPeriods(stepSec, history.length) });
      if (r.status !== 'forecast') return null;
      const key = r.forecast.method.split(':')[0] as string;
      selected[key] = (selected[key] ?? 0) + 1;
      return r.forecast;
    },
    summary: (history, h) => meanForecast(history, h),
    'snaive-day': (history, h) => seasonalNaiveForecast(history, dayPeriod, h),
    'snaive-week': (history, h) =>
      dayPeriod > 1 && history.length >= 14 * dayPeriod
        ? seasonalNaiveForecast(history, 7 * dayPeriod, h)
        : null,
    naive: (history, h) => seasonalNaiveForecast(history, 1, h),
    ...options.extra,
  };
  const methods: Record<string, MethodResult> = {};
  for (const [name, forecaster] of Object.entries(forecasters)) {
    const start = options.clockMs?.();
    const r = rollingOriginBacktest(values, forecaster, { horizon, origins, scalePeriod: dayPeriod });
    const end = options.clockMs?.();
    methods[name] =
      start === undefined || end === undefined
        ? r
        : { ...r, msPerForecast: (end - start) / Math.max(1, r.origins + r.skipped) };
  }
  return { horizon, origins, scalePeriod: dayPeriod, methods, selected };
}

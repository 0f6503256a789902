import { readFileSync } from 'node:fs';
import { autoForecast } from '../models/forecasting/auto-forecast.js';
import type { Forecast } from '../models/forecasting/forecast.js';
import { meanForecast } from '../models/forecasting/mean-forecast.js';
import { seasonalNaiveForecast } from '../models/forecasting/naive-forecast.js';
import { type RegularSeries, toRegularSeries } from '../models/forecasting/regular-series.js';
import { seasonalPeriods } from '../models/forecasting/seasonal-periods.js';
import { parseTimestampValueCsv } from '../models/forecasting/timestamp-value-csv.js';

/** Forecasting methods `augur forecast` offers. */
export type ForecastCsvModel = 'auto' | 'seasonal-naive' | 'naive' | 'summary';

/** Options of {@link forecastCsv}. */
export interface ForecastCsvOptions {
  /** A `timestamp,value` CSV (timestamps `YYYY-MM-DD HH:MM:SS` in UTC, ISO-8601 or Unix seconds). */
  csvPath: string;
  /** Steps to forecast after the last row, ≥ 1 (a step is the series' most common spacing). */
  horizonSteps: number;
  /** @defaultValue 'auto' */
  model?: ForecastCsvModel;
}

/** Facts about a CSV series on its regular grid. */
export interface CsvSeriesInfo {
  path: string;
  stepSec: number;
  /** Grid steps from the first to the last row. */
  steps: number;
  observed: number;
  /** Grid steps without a row (gaps, left missing). */
  missing: number;
  from: string;
  to: string;
}

/** Reads a `timestamp,value` CSV onto its regular grid (step inferred from the timestamps). */
export function readCsvSeries(csvPath: string): { series: RegularSeries; info: CsvSeriesInfo } {
  const series = toRegularSeries(parseTimestampValueCsv(readFileSync(csvPath, 'utf8')));
  const iso = (sec: number) => new Date(sec * 1000).toISOString();
  return {
    series,
    info: {
      path: csvPath,
      stepSec: series.stepSec,
      steps: series.values.length,
      observed: series.observed,
      missing: series.values.length - series.observed,
      from: iso(series.startSec),
      to: iso(series.startSec + (series.values.length - 1) * series.stepSec),
    },
  };
}

/**
 * `augur forecast`: forecasts a `timestamp,value` CSV `horizonSteps` steps past its last row, with 80 %
 * and 95 % prediction intervals, as a JSON-serialisable object. `model: 'auto'` is augur's automatic
 * forecast (see `autoForecast`); the others are its baselines. With too little data the answer says
 * `status: 'insufficient'` and why.
 *
 * @example forecastCsv({ csvPath: 'nyc_taxi.csv', horizonSteps: 48 }).forecast.mean.length // 48
 */
export function forecastCsv(options: ForecastCsvOptions): Record<string, unknown> {
  const { csvPath, horizonSteps } = options;
  if (!Number.isInteger(horizonSteps) || horizonSteps < 1) {
    throw new RangeError(`horizonSteps must be a positive integer, got ${horizonSteps}`);
  }
  const { series, info } = readCsvSeries(csvPath);
  const model = options.model ?? 'auto';
  const periods = seasonalPeriods(series.stepSec, series.values.length);
  let forecast: Forecast;
  let extra: Record<string, unknown> = {};
  if (model === 'auto') {
    const result = autoForecast(series.values, { horizon: horizonSteps, periods });
    if (result.status === 'insufficient')
      return { status: 'insufficient', reason: result.reason, input: info };
    forecast = result.forecast;
    extra = {
      boxCoxLambda: result.lambda,
      boxCoxOffset: result.offset,
      periods: result.periods,
      support: result.support,
      selection: forecast.selection,
    };
  } else if (model === 'seasonal-naive') {
    forecast = seasonalNaiveForecast(series.values, periods[0] ?? 1, horizonSteps);
  } else if (model === 'naive') {
    forecast = seasonalNaiveForecast(series.values, 1, horizonSteps);
  } else {
    forecast = meanForecast(series.values, horizonSteps);
  }
  const lastSec = series.startSec + (series.values.length - 1) * series.stepSec;
  const [i80, i95] = forecast.intervals;
  const list = (a: Float64Array | undefined) => (a ? Array.from(a) : []);
  return {
    status: 'forecast',
    input: info,
    method: forecast.method,
    ...extra,
    forecast: {
      timestamps: Array.from({ length: horizonSteps }, (_, h) =>
        new Date((lastSec + (h + 1) * series.stepSec) * 1000).toISOString(),
      ),
      mean: list(forecast.mean),
      median: list(forecast.point),
      lower80: list(i80?.lower),
      upper80: list(i80?.upper),
      lower95: list(i95?.lower),
      upper95: list(i95?.upper),
    },
  };
}

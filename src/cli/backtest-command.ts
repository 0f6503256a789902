import { compareWithBaselines } from '../models/forecasting/baseline-comparison.js';
import { comparisonReport } from '../models/forecasting/comparison-report.js';
import { readCsvSeries } from './forecast-command.js';

/** Options of {@link backtestCsv}. */
export interface BacktestCsvOptions {
  /** A `timestamp,value` CSV (see `forecastCsv`). */
  csvPath: string;
  /** Steps ahead each backtest forecast covers, ≥ 1. */
  horizonSteps: number;
  /** Forecast origins, evenly spaced over the second half of the series. @defaultValue 24 */
  origins?: number;
}

/**
 * `augur backtest`: rolling-origin backtest of augur's automatic forecast against the summary mean,
 * seasonal naive (daily, weekly) and naive forecasts on a `timestamp,value` CSV — MASE (scaled by the
 * in-sample daily seasonal naive), sMAPE, 80 %/95 % interval coverage and time per forecast — as a
 * JSON-serialisable object.
 *
 * @example backtestCsv({ csvPath: 'nyc_taxi.csv', horizonSteps: 48 }).maseRatioVsSeasonalNaive // < 1 is better
 */
export function backtestCsv(options: BacktestCsvOptions): Record<string, unknown> {
  const { csvPath, horizonSteps } = options;
  if (!Number.isInteger(horizonSteps) || horizonSteps < 1) {
    throw new RangeError(`horizonSteps must be a positive integer, got ${horizonSteps}`);
  }
  const { series, info } = readCsvSeries(csvPath);
  const result = compareWithBaselines(series.values, {
    stepSec: series.stepSec,
    horizon: horizonSteps,
    origins: options.origins,
    clockMs: () => performance.now(),
  });
  return { input: info, horizonSteps, ...comparisonReport(result) };
}

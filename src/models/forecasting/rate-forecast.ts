import { quantileSorted } from 'simple-statistics';
import { summariseRates } from '../stats/rate-summary.js';
import { type AutoForecastOptions, autoForecast } from './auto-forecast.js';
import { downsamplePath } from './downsample-path.js';
import type { ForecastSelection } from './out-of-sample-selection.js';
import { toRegularSeries } from './regular-series.js';
import { seasonalPeriods } from './seasonal-periods.js';

/** Statistics of a forecast over the requested duration, tuples/s. */
export interface ForecastSummary {
  /**
   * Mean, max and min over time of the point forecast (the median path: on bursty series the mean path
   * is pulled up by rare large paths and scores worse).
   */
  mean: number;
  max: number;
  min: number;
  /** Quantiles over time of the point forecast (R type 7), e.g. p95: the rate exceeded 5 % of the time. */
  quantiles: { p10: number; p90: number; p95: number; p99: number };
  /** Largest upper 95 % bound over the duration: a rate to provision for (the summary fallback: the largest observed rate). */
  maxUpper95: number;
}

/** The forecast path, one point per step (or per group of steps when downsampled), tuples/s. */
export interface ForecastPath {
  /** Start of each step (group), ISO-8601. */
  timestamps: string[];
  /** Mean of the forecast distribution. */
  mean: number[];
  /** Median (the point forecast that minimises absolute error). */
  median: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
  /** Steps averaged into each point: 1 unless the path was downsampled. */
  stepsPerPoint: number;
}

/** A rate forecast for one series, or the summary-statistics fallback when history is too short. */
export type RateForecast =
  | {
      units: 'tuples/s';
      method: string;
      summary: ForecastSummary;
      series: ForecastPath;
      /** The candidates scored out of sample and the choice (see `selectOutOfSample`). */
      selection?: ForecastSelection;
    }
  | {
      units: 'tuples/s';
      method: 'summary';
      fallback: 'summary';
      reason: string;
      summary: ForecastSummary;
      series: null;
    };

/** Options of {@link forecastRates}. */
export interface RateForecastOptions extends Omit<AutoForecastOptions, 'horizon' | 'periods' | 'levels'> {
  /** Bucket length, s: the grid step; counts per bucket are turned into tuples/s. */
  bucketSec: number;
  /** First bucket to forecast, Unix seconds (the end of the history window). */
  fromSec: number;
  /** Buckets to forecast from `fromSec`, ≥ 1. */
  steps: number;
  /** Largest number of points in `series`; longer paths are averaged in groups. @defaultValue 500 */
  maxPoints?: number;
}

/**
 * Forecasts the rate of one series of per-bucket counts: counts → tuples/s on a regular grid (missing
 * buckets stay missing), seasonal periods from the bucket length and history, `autoForecast`, and the
 * path for `steps` buckets from `fromSec` (buckets between the last observation and `fromSec` are
 * forecast too but not reported). With too little history, falls back to summary statistics of the
 * observed rates (a flat forecast at their mean, bounds from their quantiles) and says why.
 *
 * @param points `[bucketStartSec, count]`, at least one
 * @example forecastRates(points, { bucketSec: 60, fromSec: end, steps: 60 }).summary.mean // tuples/s
 */
export function forecastRates(
  points: ReadonlyArray<readonly [number, number]>,
  options: RateForecastOptions,
): RateForecast {
  const { bucketSec, steps } = options;
  if (points.length === 0) throw new RangeError('forecastRates needs at least one point');
  const rates = points.map(([t, c]) => [t, c / bucketSec] as const);
  const grid = toRegularSeries(rates, bucketSec);
  const lastSec = grid.startSec + (grid.values.length - 1) * bucketSec;
  const lead = Math.max(0, Math.round((options.fromSec - lastSec) / bucketSec) - 1);
  const result = autoForecast(grid.values, {
    ...options,
    horizon: lead + steps,
    support: options.support ?? 'non-negative',
    periods: seasonalPeriods(bucketSec, grid.values.length),
    levels: [0.8, 0.95],
  });
  if (result.status === 'insufficient')
    return fallback(
      rates.map(([, r]) => r),
      result.reason,
    );
  const { forecast } = result;
  const slice = (a: Float64Array) => a.subarray(lead, lead + steps);
  const mean = slice(forecast.mean);
  const [i80, i95] = forecast.intervals as [(typeof forecast.intervals)[0], (typeof forecast.intervals)[0]];
  const maxPoints = options.maxPoints ?? 500;
  const group = Math.max(1, Math.ceil(steps / maxPoints));
  const firstSec = lastSec + (lead + 1) * bucketSec;
  const timestamps = Array.from({ length: Math.ceil(steps / group) }, (_, i) =>
    new Date((firstSec + i * group * bucketSec) * 1000).toISOString(),
  );
  return {
    units: 'tuples/s',
    method: forecast.method,
    summary: summarise(slice(forecast.point), slice(i95.upper)),
    series: {
      timestamps,
      mean: downsamplePath(mean, group),
      median: downsamplePath(slice(forecast.point), group),
      lower80: downsamplePath(slice(i80.lower), group),
      upper80: downsamplePath(slice(i80.upper), group),
      lower95: downsamplePath(slice(i95.lower), group),
      upper95: downsamplePath(slice(i95.upper), group),
      stepsPerPoint: group,
    },
    ...(forecast.selection ? { selection: forecast.selection } : {}),
  };
}

function summarise(path: ArrayLike<number>, upper95: ArrayLike<number>): ForecastSummary {
  const sorted = Array.from(path).sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: sorted[sorted.length - 1] as number,
    min: sorted[0] as number,
    quantiles: { p10: q(0.1), p90: q(0.9), p95: q(0.95), p99: q(0.99) },
    maxUpper95: Math.max(...Array.from(upper95)),
  };
}

function fallback(rates: number[], reason: string): RateForecast {
  const s = summariseRates(rates);
  return {
    units: 'tuples/s',
    method: 'summary',
    fallback: 'summary',
    reason: `${reason}; reporting summary statistics of the observed rates instead`,
    summary: {
      mean: s.mean,
      max: s.max,
      min: s.min,
      quantiles: s.quantiles,
      maxUpper95: s.max,
    },
    series: null,
  };
}

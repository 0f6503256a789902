import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { SeriesPoints } from '../../topology/metric-series.js';
import { forecastRates, type RateForecast } from '../forecasting/rate-forecast.js';
import type { TrafficModel } from '../model.js';
import { sumAlignedSeries } from '../stats/sum-aligned-series.js';
import type { TrafficInput } from './traffic-input.js';

const settingsSchema = z
  .object({
    /**
     * Fewest observed buckets a series needs for a forecasting model; with fewer it falls back to the
     * summary statistics and says so. @defaultValue 10
     */
    minObservations: z.number().int().min(3).default(10),
    /** Largest number of points per forecast path; longer horizons are averaged in groups. @defaultValue 500 */
    maxSeriesPoints: z.number().int().min(10).default(500),
    /** Box–Cox transform: 'auto' (log, square root or none by Guerrero's criterion) or 'none'. @defaultValue 'auto' */
    boxCox: z.enum(['auto', 'none']).default('auto'),
    /** Interval method: 'bootstrap' (resampled residuals, keeps heavy tails) or 'normal'. @defaultValue 'bootstrap' */
    intervals: z.enum(['bootstrap', 'normal']).default('bootstrap'),
    /** Simulated paths per series for bootstrap intervals. @defaultValue 1000 */
    paths: z.number().int().min(100).max(20_000).default(1000),
    /** Seed of those simulations: the same input gives the same result. @defaultValue 1 */
    seed: z.number().int().default(1),
    /** Huber constant of the robust seasonal fit (0: plain maximum likelihood). @defaultValue 2 */
    huberK: z.number().min(0).default(2),
  })
  .strict();

export type ForecastSettings = z.infer<typeof settingsSchema>;

export interface ForecastResult extends Record<string, unknown> {
  /** The whole topology's spout output: every spout stream summed per bucket. */
  arrival_rate: RateForecast | null;
  /** spout component → stream → forecast of the sum of its instances. */
  components: Record<string, Record<string, RateForecast | null>>;
  /** spout instance → stream → forecast. */
  instances: Record<string, Record<string, RateForecast | null>>;
  /** What was forecast: buckets [from, to), ISO-8601. */
  horizon: { from: string; to: string; minutes: number; bucket_sec: number };
}

/**
 * Forecast of the arrival rate at the topology's spouts over the next `predictionDurationMin` minutes:
 * per spout instance and stream, per spout component and stream (instances summed per bucket, buckets
 * some instance missed left out), and for the topology. Each series is forecast automatically (see
 * `autoForecast`): daily seasonality once the history holds two days (weekly once it holds three weeks),
 * robust to bursts, the point forecast chosen out of sample (`selection`), with 80 % and 95 % prediction
 * intervals clamped to non-negative rates; a series with too little history falls back to the summary
 * model's statistics and says so (`fallback: 'summary'`, `reason`). Rates are tuples/s; missing
 * buckets are never read as zeros.
 */
export function forecastTraffic(input: TrafficInput, settings: ForecastSettings): ForecastResult {
  const { bucketSec, spoutEmitCounts } = input;
  const steps = Math.max(1, Math.round((input.predictionDurationMin * 60) / bucketSec));
  const fromSec = input.window.endSec;
  const forecast = (points: SeriesPoints): RateForecast | null =>
    points.length === 0
      ? null
      : forecastRates(points, {
          bucketSec,
          fromSec,
          steps,
          maxPoints: settings.maxSeriesPoints,
          minObservations: settings.minObservations,
          boxCox: settings.boxCox,
          intervals: settings.intervals,
          paths: settings.paths,
          seed: settings.seed,
          huberK: settings.huberK,
        });
  const components: ForecastResult['components'] = {};
  const instances: ForecastResult['instances'] = {};
  const componentTotals: SeriesPoints[] = [];
  for (const [component, streams] of Object.entries(spoutEmitCounts)) {
    const byStream: Record<string, RateForecast | null> = {};
    components[component] = byStream;
    for (const [stream, byInstance] of Object.entries(streams)) {
      for (const [instance, points] of Object.entries(byInstance)) {
        instances[instance] ??= {};
        (instances[instance] as Record<string, RateForecast | null>)[stream] = forecast(points);
      }
      const total = sumAlignedSeries(Object.values(byInstance));
      componentTotals.push(total);
      byStream[stream] = forecast(total);
    }
  }
  if (componentTotals.every((points) => points.length === 0)) {
    throw new AppError('NO_METRICS', 'No spout emitted any tuples in the history window', {
      details: { window: input.window },
    });
  }
  const iso = (sec: number) => new Date(sec * 1000).toISOString();
  return {
    arrival_rate: forecast(sumAlignedSeries(componentTotals)),
    components,
    instances,
    horizon: {
      from: iso(fromSec),
      to: iso(fromSec + steps * bucketSec),
      minutes: (steps * bucketSec) / 60,
      bucket_sec: bucketSec,
    },
  };
}

export const forecastModel: TrafficModel<ForecastSettings> = {
  name: 'forecast',
  description:
    'Forecast arrival rate (tuples/s) at every spout instance, spout component and the topology over the ' +
    'prediction duration: automatic exponential smoothing with daily/weekly seasonality (robust, Box-Cox), ' +
    'point forecast chosen out of sample among it and simple methods (median path, with the candidates scored ' +
    'in `selection`), 80%/95% prediction intervals. Falls back to summary statistics with too little history.',
  aspect: 'traffic',
  settingsSchema,
  run: forecastTraffic,
};

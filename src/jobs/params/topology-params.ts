import type { PackingPlan } from '../../topology/packing-plan.js';
import type { DurationUnit } from './traffic-params.js';

/**
 * Which statistic of a spout's forecast over the duration becomes its offered rate: `max` (default) the
 * largest value of the forecast median path; `p90`/`p95`/`p99` that quantile over time of the median path;
 * `upper95` the largest upper 95 % prediction bound (provisioning for bursts).
 */
export const FORECAST_PEAKS = ['max', 'p90', 'p95', 'p99', 'upper95'] as const;
export type ForecastPeak = (typeof FORECAST_PEAKS)[number];

/**
 * The normalised parameters of a topology request (`current` or `proposed` plan): what its model id is
 * hashed from (minus `plan`) and what the job reads. Plain JSON: it travels through Redis.
 */
export interface TopologyJobParams {
  kind: 'topology';
  plan_kind: 'current' | 'proposed';
  /**
   * `requested`: the spout rates of the request (`spout_rates`); `measured`: each spout instance's mean
   * emission rate over the metrics window; `forecast`: each spout instance's forecast peak over `forecast`'s
   * duration (the `forecast` traffic model on the spouts' history, see `forecastSpoutRates`).
   */
  traffic: 'requested' | 'measured' | 'forecast';
  /** With `traffic: forecast`: how far ahead, the history read and which statistic is the peak. */
  forecast?: {
    duration: number;
    units: DurationUnit;
    /** `duration` in minutes. */
    duration_minutes: number;
    /** History window the forecast reads, hours. */
    source_hours: number;
    peak: ForecastPeak;
  };
  /** Offered rate per spout task id (the modelled plan's), tuples/s; with `traffic: requested`. */
  spout_rates?: Record<string, number>;
  /** Minutes of metrics read. */
  window_minutes: number;
  /** `canonicalPlanHash` of the proposed plan (what the model id is keyed on). */
  plan_hash?: string;
  /** The proposed plan itself; not part of the model id (the hash is), left out of the result's `request`. */
  plan?: PackingPlan;
}

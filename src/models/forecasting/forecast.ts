import type { ForecastSelection } from './out-of-sample-selection.js';

/** A prediction interval per horizon step at one coverage level. */
export interface PredictionInterval {
  /** Nominal coverage, in (0, 1), e.g. 0.8. */
  level: number;
  lower: Float64Array;
  upper: Float64Array;
}

/** Forecasts for steps 1…H after the last value of a series, in the series' units. */
export interface Forecast {
  /**
   * Point forecast per step: the median of the forecast distribution (the median simulated path, or
   * the out-of-sample choice); this is the forecast that is scored and that augur recommends.
   */
  point: Float64Array;
  /**
   * Mean of the forecast distribution per step, bounded by the widest band and the series' support;
   * worse than `point` on skewed, bursty series (it is pulled up by rare large paths).
   */
  mean: Float64Array;
  intervals: PredictionInterval[];
  /** The model, e.g. "ETS(A,Ad,N) on MSTL-adjusted Box-Cox(0.31) series". */
  method: string;
  /** The candidates scored out of sample and the choice, when a selection ran. */
  selection?: ForecastSelection;
}

/** The coverage levels augur reports by default: 80 % and 95 %. */
export const DEFAULT_LEVELS: readonly number[] = [0.8, 0.95];

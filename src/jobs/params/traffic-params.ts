/** Prediction duration units a traffic request may use, with their length in minutes. */
export const DURATION_UNITS = { h: 60, m: 1, s: 1 / 60 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

/** The normalised parameters of a traffic request: what its model id is hashed from and what the job reads. */
export interface TrafficJobParams {
  duration: number;
  units: DurationUnit;
  /** `duration` in minutes. */
  duration_minutes: number;
  /** History window the models read, hours. */
  source_hours: number;
}

/** A traffic backtest request: the history window and how to score the models on it. */
export interface TrafficBacktestParams {
  kind: 'backtest';
  /** Minutes ahead each backtest forecast is scored on. */
  horizon_minutes: number;
  /** Forecast origins, evenly spaced over the second half of the history. */
  origins: number;
  /** History window, hours. */
  source_hours: number;
}

import type { ComparisonResult } from './baseline-comparison.js';

/** One method's backtest scores, JSON-ready (null where no origin could be scored). */
export interface MethodReport {
  mase: number | null;
  smapePercent: number | null;
  coverage80: number | null;
  coverage95: number | null;
  origins: number;
  skipped: number;
  msPerForecast: number | null;
}

export interface ComparisonReport {
  origins: number;
  mase: { scale: string };
  /** augur's forecast MASE ÷ the daily seasonal naive's; < 1 means the forecast wins. */
  maseRatioVsSeasonalNaive: number | null;
  selected: Record<string, number>;
  methods: Record<string, MethodReport>;
}

/** Turns a rolling-origin comparison into the report `augur backtest` and the backtest endpoint print. */
export function comparisonReport(result: ComparisonResult): ComparisonReport {
  const forecast = result.methods.forecast;
  const seasonalNaive = result.methods['snaive-day'];
  return {
    origins: result.origins.length,
    mase: { scale: `in-sample seasonal naive MAE, period ${result.scalePeriod} steps` },
    maseRatioVsSeasonalNaive:
      forecast && seasonalNaive && forecast.origins > 0 && seasonalNaive.origins > 0
        ? forecast.mase / seasonalNaive.mase
        : null,
    selected: result.selected,
    methods: Object.fromEntries(
      Object.entries(result.methods).map(([name, r]) => [
        name,
        {
          mase: r.origins > 0 ? r.mase : null,
          smapePercent: r.origins > 0 ? r.smape : null,
          coverage80: r.coverage['0.8'] ?? null,
          coverage95: r.coverage['0.95'] ?? null,
          origins: r.origins,
          skipped: r.skipped,
          msPerForecast: r.msPerForecast ?? null,
        },
      ]),
    ),
  };
}

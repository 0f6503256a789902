import { AppError } from '../../errors.js';
import type { SeriesPoints } from '../../topology/metric-series.js';
import { compareWithBaselines } from '../forecasting/baseline-comparison.js';
import { type ComparisonReport, comparisonReport } from '../forecasting/comparison-report.js';
import { toRegularSeries } from '../forecasting/regular-series.js';
import { sumAlignedSeries } from '../stats/sum-aligned-series.js';
import type { TrafficInput } from './traffic-input.js';

export interface TrafficBacktestOptions {
  /** Minutes ahead each forecast is scored on. */
  horizonMinutes: number;
  /** Forecast origins, evenly spaced over the second half of the history. */
  origins: number;
}

export interface TrafficBacktestResult extends Record<string, unknown> {
  horizon_minutes: number;
  /** Every spout stream summed per bucket, tuples/s. */
  topology: ComparisonReport | { insufficient: string };
  components: Record<string, Record<string, ComparisonReport | { insufficient: string }>>;
}

/**
 * Rolling-origin backtest of the traffic models on the topology's own spout history: at each origin a
 * model sees only the past and forecasts `horizonMinutes`; scored by MASE (scaled by the in-sample daily
 * seasonal naive, or naive with less than a day), sMAPE and 80 %/95 % interval coverage. `forecast` is the
 * forecast model, `summary` its mean as a flat forecast; seasonal naive and naive are the baselines.
 * Reference: Tashman (2000), IJF 16(4); Hyndman & Koehler (2006), IJF 22(4).
 */
export function backtestTraffic(input: TrafficInput, options: TrafficBacktestOptions): TrafficBacktestResult {
  const horizon = Math.max(1, Math.round((options.horizonMinutes * 60) / input.bucketSec));
  const score = (points: SeriesPoints): ComparisonReport | { insufficient: string } => {
    // a backtest needs a history of at least the horizon before the first origin and one horizon to score
    if (points.length < 2 * horizon + 2) {
      return {
        insufficient: `${points.length} buckets of history; a ${horizon}-bucket backtest needs ${2 * horizon + 2}`,
      };
    }
    const rates = points.map(([t, count]) => [t, count / input.bucketSec] as [number, number]);
    const series = toRegularSeries(rates, input.bucketSec);
    return comparisonReport(
      compareWithBaselines(series.values, { stepSec: input.bucketSec, horizon, origins: options.origins }),
    );
  };

  const components: TrafficBacktestResult['components'] = {};
  const totals: SeriesPoints[] = [];
  for (const [component, streams] of Object.entries(input.spoutEmitCounts)) {
    components[component] = {};
    for (const [stream, byInstance] of Object.entries(streams)) {
      const total = sumAlignedSeries(Object.values(byInstance));
      totals.push(total);
      (components[component] as Record<string, unknown>)[stream] = score(total);
    }
  }
  const topologyTotal = sumAlignedSeries(totals);
  if (topologyTotal.length === 0) {
    throw new AppError('NO_METRICS', 'No spout emitted any tuples in the history window');
  }
  return { horizon_minutes: (horizon * input.bucketSec) / 60, topology: score(topologyTotal), components };
}

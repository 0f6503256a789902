import { DSPS_ADAPTERS } from '../../dsps/dsps-adapters.js';
import { AppError } from '../../errors.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import type { ForecastSummary, RateForecast } from '../../models/forecasting/rate-forecast.js';
import {
  type ForecastSettings,
  forecastModel,
  forecastTraffic,
} from '../../models/traffic/forecast-model.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import { instancesOfPlan, instancesOfStructure } from '../../topology/planned-instances.js';
import type { TopologyRef } from '../../topology/topology-ref.js';
import type { ForecastPeak } from '../params/topology-params.js';
import { loadTrafficInput } from './load-traffic-input.js';

export interface ForecastSpoutRates {
  /** Offered rate per spout task id of the modelled plan, tuples/s. */
  rates: Record<string, number>;
  /** The forecast's horizon: buckets [from, to), ISO-8601. */
  horizon: { from: string; to: string; minutes: number };
  /** The statistic used as the peak. */
  peak: ForecastPeak;
  /** Forecast method per spout instance forecast (current plan) or spout component (proposed plan). */
  methods: Record<string, string>;
}

function peakOf(summary: ForecastSummary, peak: ForecastPeak): number {
  switch (peak) {
    case 'max':
      return summary.max;
    case 'upper95':
      return summary.maxUpper95;
    default:
      return summary.quantiles[peak];
  }
}

/** The busiest stream's forecast (a spout's source events are its busiest stream's emissions). */
function busiest(
  byStream: Record<string, RateForecast | null> | undefined,
  peak: ForecastPeak,
): { rate: number; method: string } | undefined {
  let best: { rate: number; method: string } | undefined;
  for (const forecast of Object.values(byStream ?? {})) {
    if (!forecast) continue;
    const rate = Math.max(0, peakOf(forecast.summary, peak));
    if (!best || rate > best.rate) best = { rate, method: forecast.method };
  }
  return best;
}

/**
 * Spout rates from the traffic model's forecast: runs `forecastTraffic` on the spouts' `__emit-count`
 * history (`historyWindow`) for `durationMin` minutes from the history's end, and takes each spout
 * instance's `peak` statistic over that duration (of its busiest stream). For the current plan each
 * instance gets its own forecast; for a proposed plan (new instances, no history) each spout component's
 * forecast total is spread evenly over its planned instances, like measured traffic.
 * @throws AppError `NO_METRICS` when no spout emitted anything in the history window
 */
export async function forecastSpoutRates(
  source: MetricsSource,
  ref: TopologyRef,
  historyWindow: { startSec: number; endSec: number },
  durationMin: number,
  peak: ForecastPeak,
  plan?: PackingPlan,
  settings: ForecastSettings = forecastModel.settingsSchema.parse({}),
  onProgress: (fraction: number) => Promise<void> = async () => {},
): Promise<ForecastSpoutRates> {
  const input = await loadTrafficInput(source, ref, historyWindow, durationMin, onProgress);
  const forecast = forecastTraffic(input, settings);
  const spouts = new Set(
    Object.values(input.structure.components)
      .filter((c) => c.kind === 'spout')
      .map((c) => c.name),
  );
  const instances = (
    plan ? instancesOfPlan(plan, DSPS_ADAPTERS[ref.dsps]) : instancesOfStructure(input.structure)
  ).filter((i) => spouts.has(i.component));
  const rates: Record<string, number> = {};
  const methods: Record<string, string> = {};
  for (const instance of instances) {
    let found: { rate: number; method: string } | undefined;
    if (plan) {
      const total = busiest(forecast.components[instance.component], peak);
      const n = instances.filter((i) => i.component === instance.component).length;
      if (total) {
        found = { rate: total.rate / n, method: total.method };
        methods[instance.component] = total.method;
      }
    } else {
      found = busiest(forecast.instances[instance.id], peak);
      if (found) methods[instance.id] = found.method;
    }
    if (!found) {
      throw new AppError(
        'NO_METRICS',
        `No __emit-count history of spout ${plan ? instance.component : instance.id} to forecast from`,
        { details: { component: instance.component, window: historyWindow } },
      );
    }
    rates[String(instance.taskId)] = found.rate;
  }
  const { from, to, minutes } = forecast.horizon;
  return { rates, horizon: { from, to, minutes }, peak, methods };
}

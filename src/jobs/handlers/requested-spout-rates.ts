import type { MetricsSource } from '../../metrics/metrics-source.js';
import type { TopologyWindow } from '../../models/topology/network-from-snapshot.js';
import type { TopologyRef } from '../../topology/topology-ref.js';
import type { TopologyJobParams } from '../params/topology-params.js';
import { type ForecastSpoutRates, forecastSpoutRates } from './forecast-spout-rates.js';

/** The spout rates a plan is modelled at: the request's, or the forecast peak; undefined: measured. */
export interface RequestedRates {
  rates?: Record<string, number>;
  forecast?: ForecastSpoutRates;
}

/**
 * The offered spout rates of a topology or graph request: its own rates, the forecast peak
 * (`traffic=forecast`, read over `forecast.source_hours` before the window's end), or none (measured).
 */
export async function requestedSpoutRates(
  source: MetricsSource,
  ref: TopologyRef,
  params: Pick<TopologyJobParams, 'traffic' | 'forecast' | 'spout_rates' | 'plan'>,
  window: TopologyWindow,
  onProgress: (fraction: number) => Promise<void>,
): Promise<RequestedRates> {
  if (params.traffic !== 'forecast' || !params.forecast) {
    return params.spout_rates ? { rates: params.spout_rates } : {};
  }
  const forecast = await forecastSpoutRates(
    source,
    ref,
    { startSec: window.endSec - Math.round(params.forecast.source_hours * 3600), endSec: window.endSec },
    params.forecast.duration_minutes,
    params.forecast.peak,
    params.plan,
    undefined,
    onProgress,
  );
  return { rates: forecast.rates, forecast };
}

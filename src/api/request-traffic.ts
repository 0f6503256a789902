import type { Config } from '../config/config-schema.js';
import { AppError } from '../errors.js';
import type { ForecastPeak, TopologyJobParams } from '../jobs/params/topology-params.js';
import { DURATION_UNITS, type DurationUnit } from '../jobs/params/traffic-params.js';
import type { PlannedInstance } from '../topology/planned-instances.js';
import type { Dsps } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import { assertForecastCost } from './forecast-cost.js';
import { normaliseSpoutRates } from './schemas/spout-rates.js';
import { FORECAST_QUERY_NAMES, TOPOLOGY_QUERY_NAMES } from './schemas/topology-schemas.js';

/** The traffic parameters of a topology or scaling query; every other key is a spout rate. */
export interface TrafficQuery {
  /** `current` is the scaling endpoint's word for `measured`. */
  traffic?: 'measured' | 'current' | 'forecast' | undefined;
  duration?: number | undefined;
  units?: DurationUnit | undefined;
  peak?: ForecastPeak | undefined;
  source_hours?: number | undefined;
  [rate: string]: unknown;
}

/**
 * The traffic part of the job's params: requested rates by task id (checked against the plan's spouts),
 * measured, or `traffic=forecast` with its duration (validated like the traffic endpoint's), never mixed.
 */
export function requestTraffic(
  config: Readonly<Config>,
  dsps: Dsps,
  query: TrafficQuery,
  structure: TopologyStructure,
  instances: readonly PlannedInstance[],
  ownNames: readonly string[] = TOPOLOGY_QUERY_NAMES,
): Pick<TopologyJobParams, 'traffic' | 'spout_rates' | 'forecast'> {
  const rateParams: Record<string, unknown> = { ...query };
  for (const name of ownNames) delete rateParams[name];
  const rateNames = Object.keys(rateParams)
    .filter((k) => rateParams[k] !== undefined)
    .sort();
  if (query.traffic === 'forecast') {
    if (rateNames.length > 0) {
      throw new AppError(
        'BAD_REQUEST',
        `query: traffic=forecast cannot be mixed with explicit spout rates (${rateNames.join(', ')})`,
        { details: { field: `query.${rateNames[0]}`, reason: 'forecast with rates', names: rateNames } },
      );
    }
    const { maxDurationMin, maxSourceHours, defaultSourceHours } = config.traffic;
    const units = query.units ?? 'm';
    const duration = query.duration ?? 60;
    const durationMinutes = duration * DURATION_UNITS[units];
    if (durationMinutes > maxDurationMin) {
      throw new AppError(
        'BAD_REQUEST',
        `duration must be at most ${maxDurationMin} minutes, got ${durationMinutes}`,
        { details: { field: 'query.duration', reason: 'too long' } },
      );
    }
    const sourceHours = query.source_hours ?? defaultSourceHours;
    if (sourceHours > maxSourceHours) {
      throw new AppError('BAD_REQUEST', `source_hours must be at most ${maxSourceHours}`, {
        details: { field: 'query.source_hours', reason: 'too long' },
      });
    }
    assertForecastCost(config.limits, durationMinutes, sourceHours);
    return {
      traffic: 'forecast',
      forecast: {
        duration,
        units,
        duration_minutes: durationMinutes,
        source_hours: sourceHours,
        peak: query.peak ?? 'max',
      },
    };
  }
  const forecastOnly = FORECAST_QUERY_NAMES.filter((name) => query[name] !== undefined);
  if (forecastOnly.length > 0) {
    throw new AppError(
      'BAD_REQUEST',
      `query.${forecastOnly[0]}: ${forecastOnly.join(', ')} may only be given with traffic=forecast`,
      { details: { field: `query.${forecastOnly[0]}`, reason: 'only with traffic=forecast' } },
    );
  }
  if ((query.traffic === 'measured' || query.traffic === 'current') && rateNames.length > 0) {
    throw new AppError(
      'BAD_REQUEST',
      `query: traffic=${query.traffic} cannot be mixed with explicit spout rates (${rateNames.join(', ')})`,
      { details: { field: `query.${rateNames[0]}`, reason: 'measured with rates', names: rateNames } },
    );
  }
  const rates = ratesOf(dsps, rateParams, structure, instances);
  return rates ? { traffic: 'requested', spout_rates: rates } : { traffic: 'measured' };
}

/** Spout rates by task id (or undefined: measured), checked against the plan's spouts. */
function ratesOf(
  dsps: Dsps,
  rateParams: Record<string, unknown>,
  structure: TopologyStructure,
  instances: readonly PlannedInstance[],
) {
  const spoutNames = new Set(
    Object.values(structure.components)
      .filter((c) => c.kind === 'spout')
      .map((c) => c.name),
  );
  const bolts = Object.values(structure.components)
    .filter((c) => c.kind === 'bolt')
    .map((c) => c.name);
  return normaliseSpoutRates(
    rateParams,
    instances.filter((i) => spoutNames.has(i.component)),
    bolts,
    dsps,
  );
}

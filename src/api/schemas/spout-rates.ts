import { DSPS_ADAPTERS } from '../../dsps/dsps-adapters.js';
import { badRate } from '../../dsps/rate-keys.js';
import { AppError } from '../../errors.js';
import type { PlannedInstance } from '../../topology/planned-instances.js';
import type { Dsps } from '../../topology/topology-ref.js';
import { DECIMAL_PATTERN } from './common-schemas.js';

/** Largest spout rate a request may ask for, tuples/s per instance: beyond any real stream, and finite in every model. */
const MAX_RATE_PER_SEC = 1e9;

/** A key naming instances rather than a component: a task id (`10`) or a Storm task range (`10-12`, `[10-12]`). */
const INSTANCE_KEY = /^\s*[[\d-]/;

/**
 * The spout rates of a request, by spout task id — a Storm executor by its first task — (stable when a
 * proposed plan renumbers its containers, which changes instance ids but not the canonical plan hash),
 * checked against the spouts of the plan modelled. Either every spout component by name (its rate applies to
 * each instance), or every spout instance: Heron by task id (`10=141`), Storm by the executor's task range
 * (`10-12=141`, or `11=…` for a one-task executor `[11-11]`). Storm ranges must match the executors
 * exactly: a malformed, unknown (no executor runs exactly those tasks), overlapping or missing range is a
 * 400 naming it. Not both styles, no unknown name, no spout left out, finite rates ≥ 0.
 * @param rateParams the query minus the topology query's own parameters
 * @param spoutInstances the modelled plan's spout instances
 * @param bolts bolt component names (to say a name is a bolt)
 * @returns rates by task id, tuples/s; undefined when no rate was given (measured traffic)
 * @throws AppError `BAD_REQUEST` naming the parameter
 */
export function normaliseSpoutRates(
  rateParams: Record<string, unknown>,
  spoutInstances: readonly PlannedInstance[],
  bolts: readonly string[],
  dsps: Dsps = 'heron',
): Record<string, number> | undefined {
  const keys = Object.keys(rateParams)
    .filter((k) => rateParams[k] !== undefined)
    .sort();
  if (keys.length === 0) return undefined;
  const spoutComponents = [...new Set(spoutInstances.map((i) => i.component))].sort();
  const byName = keys.filter((k) => spoutComponents.includes(k) || !INSTANCE_KEY.test(k));
  const byInstance = keys.filter((k) => !byName.includes(k));
  for (const name of byName) {
    if (!spoutComponents.includes(name)) {
      throw badRate(
        name,
        bolts.includes(name)
          ? `"${name}" is a bolt; rates are given for spouts (${spoutComponents.join(', ')})`
          : `unknown parameter or spout "${name}" (spouts: ${spoutComponents.join(', ')})`,
      );
    }
  }
  if (byInstance.length > 0 && byName.length > 0) {
    const instanceStyle = DSPS_ADAPTERS[dsps].rateKeyStyle;
    throw new AppError(
      'BAD_REQUEST',
      `query: give rates either by spout component (${byName.join(', ')}) or by ${instanceStyle} (${byInstance.join(', ')}), not both`,
      { details: { field: 'query', reason: 'mixed styles' } },
    );
  }
  const rateOf = (key: string): number => {
    const raw = rateParams[key];
    if (Array.isArray(raw)) throw badRate(key, 'given more than once');
    const text = String(raw).trim();
    const value = DECIMAL_PATTERN.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value))
      throw badRate(key, `rate must be a decimal number of tuples/s, got "${text}"`);
    if (value < 0) throw badRate(key, `rate must be ≥ 0, got ${value}`);
    if (value > MAX_RATE_PER_SEC)
      throw badRate(key, `rate must be at most ${MAX_RATE_PER_SEC} tuples/s, got ${value}`);
    return value;
  };
  const rates: Record<string, number> = {};
  if (byName.length > 0) {
    for (const spout of spoutComponents) {
      if (!byName.includes(spout)) throw badRate(spout, `no rate for spout "${spout}"`);
    }
    for (const name of byName) {
      const rate = rateOf(name);
      for (const i of spoutInstances) if (i.component === name) rates[String(i.taskId)] = rate;
    }
    return rates;
  }
  const matched = DSPS_ADAPTERS[dsps].matchRateKeys(byInstance, spoutInstances);
  for (const [key, instance] of matched) rates[String(instance.taskId)] = rateOf(key);
  return rates;
}

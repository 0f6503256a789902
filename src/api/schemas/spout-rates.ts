import { type ExecutorRange, findRangeOverlaps, readExecutorRange } from '../../dsps/storm/executor-range.js';
import { AppError } from '../../errors.js';
import type { PlannedInstance } from '../../jobs/handlers/proposed-plan.js';
import type { Dsps } from '../../topology/topology-ref.js';
import { DECIMAL_PATTERN } from './common-schemas.js';

/** Largest spout rate a request may ask for, tuples/s per instance: beyond any real stream, and finite in every model. */
const MAX_RATE_PER_SEC = 1e9;

const badRate = (field: string, reason: string, extra: Record<string, unknown> = {}) =>
  new AppError('BAD_REQUEST', `query.${field}: ${reason}`, {
    details: { field: `query.${field}`, reason, ...extra },
  });

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
    const instanceStyle = dsps === 'storm' ? 'task range' : 'task id';
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
  const matched =
    dsps === 'storm'
      ? matchExecutorRanges(byInstance, spoutInstances)
      : matchTaskIds(byInstance, spoutInstances);
  for (const [key, instance] of matched) rates[String(instance.taskId)] = rateOf(key);
  return rates;
}

/** Heron: each key a spout instance's task id; every spout instance named. */
function matchTaskIds(keys: string[], spouts: readonly PlannedInstance[]): Map<string, PlannedInstance> {
  const byTaskId = new Map(spouts.map((i) => [String(i.taskId), i]));
  const matched = new Map<string, PlannedInstance>();
  for (const key of keys) {
    if (!/^\d+$/.test(key)) {
      throw badRate(
        key,
        `"${key}" is not a task id; Heron spout instances are named by task id (e.g. 10=141)`,
      );
    }
    const instance = byTaskId.get(String(Number(key)));
    if (!instance) {
      const known = spouts.map((i) => i.taskId).join(', ');
      throw badRate(key, `no spout instance has task id ${key} (spout task ids: ${known})`);
    }
    matched.set(key, instance);
  }
  const named = new Set(matched.values());
  const missing = spouts.find((i) => !named.has(i));
  if (missing)
    throw badRate(
      String(missing.taskId),
      `no rate for spout instance ${missing.id} (task ${missing.taskId})`,
    );
  return matched;
}

/** Storm: each key exactly one spout executor's task range; ranges disjoint; every spout executor named. */
function matchExecutorRanges(
  keys: string[],
  spouts: readonly PlannedInstance[],
): Map<string, PlannedInstance> {
  const rangeOf = (i: PlannedInstance): ExecutorRange => ({
    startTask: i.taskId,
    endTask: i.lastTaskId ?? i.taskId,
  });
  const text = (r: ExecutorRange) => `${r.startTask}-${r.endTask}`;
  const executors = spouts.map((i) => text(rangeOf(i)));
  const given: Array<{ key: string; range: ExecutorRange }> = [];
  for (const key of keys) {
    const read = readExecutorRange(/^\d+$/.test(key) ? `${key}-${key}` : key);
    if (!read.ok) throw badRate(key, `malformed task range: ${read.reason}`, { executors });
    given.push({ key, range: read.range });
  }
  const overlaps = findRangeOverlaps(given.map((g) => ({ label: g.key, range: g.range })));
  if (overlaps.length > 0) {
    const pairs = overlaps.map((o) => `${o.first} and ${o.second}`).join('; ');
    throw badRate(overlaps[0]?.first ?? 'query', `task ranges overlap: ${pairs} share tasks`, { overlaps });
  }
  const byRange = new Map(spouts.map((i) => [text(rangeOf(i)), i]));
  const matched = new Map<string, PlannedInstance>();
  for (const { key, range } of given) {
    const instance = byRange.get(text(range));
    if (!instance) {
      const cut = spouts.find((i) => {
        const r = rangeOf(i);
        return r.startTask <= range.endTask && range.startTask <= r.endTask;
      });
      const why = cut
        ? `tasks ${text(range)} do not match an executor: spout executor ${cut.id} runs tasks ${text(rangeOf(cut))}`
        : `no spout executor runs tasks ${text(range)}`;
      throw badRate(key, `unknown task range: ${why} (spout executors: ${executors.join(', ')})`, {
        executors,
      });
    }
    matched.set(key, instance);
  }
  const named = new Set(matched.values());
  const missing = spouts.filter((i) => !named.has(i));
  if (missing.length > 0) {
    const list = missing.map((i) => text(rangeOf(i)));
    throw badRate(
      list[0] as string,
      `no rate for spout executor ${list.join(', ')} (${missing.map((i) => i.id).join(', ')})`,
      {
        missing: list,
      },
    );
  }
  return matched;
}

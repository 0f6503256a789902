import type { PlannedInstance } from '../../topology/planned-instances.js';
import { badRate } from '../rate-keys.js';
import { type ExecutorRange, findRangeOverlaps, readExecutorRange } from './executor-range.js';

/** Storm: each key exactly one spout executor's task range; ranges disjoint; every spout executor named. */
export function matchExecutorRanges(
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

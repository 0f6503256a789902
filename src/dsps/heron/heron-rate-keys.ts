import type { PlannedInstance } from '../../topology/planned-instances.js';
import { badRate } from '../rate-keys.js';

/** Heron: each key a spout instance's task id; every spout instance named. */
export function matchTaskIds(
  keys: string[],
  spouts: readonly PlannedInstance[],
): Map<string, PlannedInstance> {
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

import type { Redis } from 'ioredis';

/** Redis-side cost of a phase: commands by name and CPU seconds, from `INFO commandstats` and `INFO cpu`. */
export interface RedisCounters {
  calls: Record<string, number>;
  cpuSec: number;
}

export async function readRedisCounters(redis: Redis): Promise<RedisCounters> {
  const [commandstats, cpu] = await Promise.all([redis.info('commandstats'), redis.info('cpu')]);
  const calls: Record<string, number> = {};
  for (const match of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    calls[match[1] as string] = Number(match[2]);
  }
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(cpu)?.[1] ?? 0);
  return { calls, cpuSec: field('used_cpu_user') + field('used_cpu_sys') };
}

export interface RedisCostPerOp {
  /** Commands Redis ran per operation, by command (those ≥ 0.01 per op). */
  commandsPerOp: Record<string, number>;
  /** Redis CPU per operation, µs. */
  cpuUsPerOp: number;
}

/** What one operation cost Redis between two readings (the readings' own INFO calls excluded). */
export function redisCostPerOp(before: RedisCounters, after: RedisCounters, ops: number): RedisCostPerOp {
  const commandsPerOp: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after.calls)) {
    if (name === 'info') continue;
    const perOp = (calls - (before.calls[name] ?? 0)) / ops;
    if (perOp >= 0.01) commandsPerOp[name] = Math.round(perOp * 100) / 100;
  }
  return { commandsPerOp, cpuUsPerOp: Math.round(((after.cpuSec - before.cpuSec) * 1e6) / ops) };
}

/** Deletes every key under `pattern` (SCAN + UNLINK): what a run leaves behind on a Redis it does not own. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

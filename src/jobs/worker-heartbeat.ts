import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';

/**
 * Where workers say they are alive: one sorted set per queue, `<prefix>:workers:<queue>`, member a worker
 * id, score the time of its last beat (Unix ms). Counting the members with a recent score is one command,
 * and a dead worker drops out by itself as its score ages.
 */
export function heartbeatKey(prefix: string, queueName: string): string {
  return `${prefix}:workers:${queueName}`;
}

/** A worker's beats are missed for this many intervals before it counts as gone. */
export const MISSED_BEATS = 3;

/**
 * Beats every `intervalMs` until stopped. A beat that fails (Redis away) is skipped: the next one tries
 * again, and the worker shows as gone in the meantime, which is the truth.
 */
export function startHeartbeat(redis: Redis, key: string, intervalMs: number): { stop(): Promise<void> } {
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const beat = async () => {
    const now = Date.now();
    await redis.zadd(key, now, id);
    // Old members would only be skipped by the count; trimming keeps the set the size of the pool.
    await redis.zremrangebyscore(key, '-inf', now - MISSED_BEATS * intervalMs * 10);
    await redis.pexpire(key, MISSED_BEATS * intervalMs * 10);
  };
  const safeBeat = () => void beat().catch(() => {});
  // At once, and again whenever the connection comes (back) up: no waiting an interval to be seen.
  safeBeat();
  redis.on('ready', safeBeat);
  const timer = setInterval(safeBeat, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      redis.off('ready', safeBeat);
      await redis.zrem(key, id).catch(() => {});
    },
  };
}

/** Workers whose last beat is within MISSED_BEATS intervals. */
export async function countLiveWorkers(redis: Redis, key: string, intervalMs: number): Promise<number> {
  return redis.zcount(key, Date.now() - MISSED_BEATS * intervalMs, '+inf');
}

import { Redis } from 'ioredis';

/** A Redis connection a store uses: one it opened from a URL (and closes), or one it was handed (and leaves open). */
export interface StoreConnection {
  redis: Redis;
  owned: boolean;
}

/**
 * Opens `redis` when it is a URL — a few retries per command, then the command fails (so a store answers
 * QUEUE_UNAVAILABLE instead of hanging) — or takes the connection as it is.
 */
export function storeConnection(redis: string | Redis): StoreConnection {
  if (typeof redis !== 'string') return { redis, owned: false };
  const opened = new Redis(redis, { maxRetriesPerRequest: 3 });
  opened.on('error', () => {}); // surfaced by the failing command
  return { redis: opened, owned: true };
}

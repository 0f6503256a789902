import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** The URL of the Redis the global setup started (or `REDIS_URL`). */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/**
 * A name no other test uses, for a queue name or key prefix: `<name>-<random>`, in the characters the
 * config accepts for both (letters, digits, dot, dash, underscore).
 */
export function uniquePrefix(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
  return `t-${safe}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under `<prefix>:`, so a shared `REDIS_URL` is left as found. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

import { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { StoredResult } from './model-job.js';
import type { QueueLogger } from './queue-logger.js';
import type { ResultStore } from './result-store.js';

export interface RedisResultStoreOptions {
  url: string;
  /** Key prefix; results live at `<prefix>:result:<modelId>`. */
  prefix: string;
  /** How long a result stays retrievable, s. */
  ttlSec: number;
  logger: QueueLogger;
}

/**
 * Results as JSON strings in Redis with an expiry (`SET … EX`), so they outlive worker restarts and
 * are visible to every API and worker process sharing the Redis.
 */
export class RedisResultStore implements ResultStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ttlSec: number;

  constructor(options: RedisResultStoreOptions) {
    this.prefix = options.prefix;
    this.ttlSec = options.ttlSec;
    // A few retries only: an API request should fail with QUEUE_UNAVAILABLE rather than hang.
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 3 });
    this.redis.on('error', (err: Error) =>
      options.logger.warn({ err: err.message }, 'result store: Redis error'),
    );
  }

  /** `<prefix>:result:<modelId>`. */
  keyOf(modelId: string): string {
    return `${this.prefix}:result:${modelId}`;
  }

  async get(modelId: string): Promise<StoredResult | null> {
    const json = await this.call(() => this.redis.get(this.keyOf(modelId)));
    return json === null ? null : (JSON.parse(json) as StoredResult);
  }

  async put(modelId: string, result: StoredResult): Promise<void> {
    await this.call(() => this.redis.set(this.keyOf(modelId), JSON.stringify(result), 'EX', this.ttlSec));
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      throw new AppError('QUEUE_UNAVAILABLE', 'The result store is not reachable', { cause: err });
    }
  }
}

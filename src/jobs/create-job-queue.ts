import type { Config } from '../config/config-schema.js';
import { BullmqJobQueue } from './bullmq-job-queue.js';
import { EmbeddedJobQueue } from './embedded-job-queue.js';
import type { JobQueue } from './job-queue.js';
import type { QueueLogger } from './queue-logger.js';

export interface CreateJobQueueOptions {
  /** Where Redis connection errors are reported. @defaultValue consoleQueueLogger */
  logger?: QueueLogger;
}

/** The Redis (BullMQ) queue when `redis.url` is set, the in-process one otherwise. */
export function createJobQueue(config: Config, options: CreateJobQueueOptions = {}): JobQueue {
  return config.redis.url ? new BullmqJobQueue(config, options) : new EmbeddedJobQueue(config);
}

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.js';
import { createJobQueue } from '../../src/jobs/create-job-queue.js';
import { EmbeddedJobQueue } from '../../src/jobs/embedded-job-queue.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

describe('createJobQueue', () => {
  it('keeps jobs in process when no redis.url is configured', async () => {
    const queue = createJobQueue(parseConfig({}));
    try {
      expect(queue).toBeInstanceOf(EmbeddedJobQueue);
      expect(queue.mode).toBe('embedded');
    } finally {
      await queue.close();
    }
  });

  it('uses BullMQ on Redis when redis.url is configured', async () => {
    const config = parseConfig({ redis: { url: testRedisUrl(), prefix: uniquePrefix('create') } });
    const queue = createJobQueue(config, { logger: silentQueueLogger });
    try {
      expect(queue).toBeInstanceOf(BullmqJobQueue);
      expect(queue.mode).toBe('redis');
      await expect(queue.ping()).resolves.toBeUndefined();
    } finally {
      await queue.close();
    }
  });
});

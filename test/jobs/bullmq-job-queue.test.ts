import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ERRORS } from '../../src/errors.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.js';
import type { ModelJobData } from '../../src/jobs/model-job.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import {
  completeResultOf,
  describeJobQueueContract,
  isFinished,
  jobData,
  sleep,
  waitForStatus,
} from './job-queue-contract.js';

const prefixes: string[] = [];

describeJobQueueContract('bullmq', (config) => {
  prefixes.push(config.redis.prefix);
  return new BullmqJobQueue(config, { logger: silentQueueLogger });
});

describe('BullmqJobQueue on Redis', () => {
  const closers: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  function configFor(name: string, queue: Record<string, number> = {}): Config {
    const prefix = uniquePrefix(name);
    prefixes.push(prefix);
    return parseConfig({
      redis: { url: testRedisUrl(), prefix },
      queue: { name: uniquePrefix('models'), backoffMs: 20, ...queue },
    });
  }

  function open(config: Config): BullmqJobQueue {
    const queue = new BullmqJobQueue(config, { logger: silentQueueLogger });
    closers.push(() => queue.close());
    return queue;
  }

  function rawRedis(): Redis {
    const redis = new Redis(testRedisUrl());
    closers.push(async () => {
      await redis.quit();
    });
    return redis;
  }

  function rawQueue(config: Config): Queue<ModelJobData> {
    const queue = new Queue<ModelJobData>(config.queue.name, {
      connection: { url: testRedisUrl() },
      prefix: config.redis.prefix,
    });
    closers.push(() => queue.close());
    return queue;
  }

  it('keeps a result in Redis at <prefix>:result:<modelId>, expiring after resultTtlSec', async () => {
    const config = configFor('result-key', { resultTtlSec: 3600 });
    const queue = open(config);
    const job = jobData();
    queue.startWorker(async (data) => completeResultOf(data, { answer: 42 }));

    await queue.enqueue(job);
    await waitForStatus(queue, job.modelId, isFinished);

    const redis = rawRedis();
    const key = `${config.redis.prefix}:result:${job.modelId}`;
    expect(JSON.parse((await redis.get(key)) ?? 'null')).toEqual(completeResultOf(job, { answer: 42 }));
    const ttlSec = await redis.ttl(key);
    expect(ttlSec).toBeGreaterThan(3590);
    expect(ttlSec).toBeLessThanOrEqual(3600);
  });

  it('serves results to a queue opened later, and does not compute them again', async () => {
    const config = configFor('restart');
    const job = jobData();
    const first = new BullmqJobQueue(config, { logger: silentQueueLogger });
    first.startWorker(async (data) => completeResultOf(data, { by: 'first' }));
    await first.enqueue(job);
    await waitForStatus(first, job.modelId, isFinished);
    await first.close();

    const second = open(config);
    let calls = 0;
    second.startWorker(async (data) => {
      calls += 1;
      return completeResultOf(data, { by: 'second' });
    });
    await second.enqueue(job);
    await sleep(300);

    expect(calls).toBe(0);
    expect(await second.getStatus(job.modelId)).toEqual({
      state: 'complete',
      result: completeResultOf(job, { by: 'first' }),
    });
  });

  it('adds each job under its model id with the configured retries and retention', async () => {
    const config = configFor('job-options', { attempts: 4, backoffMs: 250, keepCompleted: 7, keepFailed: 9 });
    const queue = open(config);
    const job = jobData();

    await queue.enqueue(job);

    const added = await rawQueue(config).getJob(job.modelId);
    expect(added?.name).toBe('traffic');
    expect(added?.data).toEqual(job);
    expect(added?.opts).toMatchObject({
      attempts: 4,
      backoff: { type: 'exponential', delay: 250 },
      removeOnComplete: { count: 7 },
      removeOnFail: { count: 9 },
    });
  });

  it('reports a job that failed outside its processor (e.g. stalled too often) from BullMQ', async () => {
    const config = configFor('foreign-failure');
    const queue = open(config);
    const job = jobData();
    await queue.enqueue(job);

    // A bare BullMQ worker stands in for BullMQ failing the job itself: no stored result.
    const worker = new Worker(
      config.queue.name,
      async () => {
        throw new UnrecoverableError('job stalled more than allowable limit');
      },
      { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix: config.redis.prefix },
    );
    closers.push(() => worker.close());
    const status = await waitForStatus(queue, job.modelId, isFinished);

    expect(status).toMatchObject({
      state: 'failed',
      result: {
        model_id: job.modelId,
        created_at: job.createdAt,
        error: { code: 'WORKER_LOST', message: ERRORS.WORKER_LOST.message },
      },
    });
  });

  it('fails ping, enqueue and getStatus with QUEUE_UNAVAILABLE when Redis does not answer', async () => {
    const config = parseConfig({
      redis: { url: 'redis://127.0.0.1:1' },
      queue: { name: uniquePrefix('down') },
    });
    const queue = open(config);

    await expect(queue.ping()).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
    await expect(queue.getStatus(jobData().modelId)).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
    await expect(queue.enqueue(jobData())).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
  });

  it('needs redis.url', () => {
    expect(() => new BullmqJobQueue(parseConfig({}))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});

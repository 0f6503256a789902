import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../src/config/config-schema.js';
import { createJobQueue } from '../../src/jobs/create-job-queue.js';
import type { ModelJobData } from '../../src/jobs/model-job.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { augurJobOptions, trafficJobOf } from './augur-job.js';
import { closedLoop, measurePhase, type ThroughputResult } from './closed-loop.js';

export interface LoadShape {
  /** Measured operations. */
  total: number;
  /** Operations in flight at any time. */
  concurrency: number;
  /** Unmeasured operations first (connections, JIT, Lua script loading). */
  warmup: number;
  /** First `duration` value; each operation uses the next integer, so every job id is new. */
  firstDuration: number;
}

/** Payloads are built before timing starts: the baseline measures `queue.add` alone. */
function jobsFor(config: Readonly<Config>, shape: LoadShape): ModelJobData[] {
  return Array.from({ length: shape.warmup + shape.total }, (_, i) =>
    trafficJobOf(config, shape.firstDuration + i),
  );
}

/**
 * Baseline: BullMQ's `queue.add` from this process, with augur's queue name, job options and job payload,
 * on a queue of its own (`config.redis.prefix`), removed afterwards.
 */
export async function measureRawAdd(
  config: Readonly<Config>,
  redis: Redis,
  shape: LoadShape,
): Promise<ThroughputResult> {
  const url = config.redis.url as string;
  const queue = new Queue(config.queue.name, { connection: { url }, prefix: config.redis.prefix });
  try {
    const jobs = jobsFor(config, shape);
    const add = (job: ModelJobData) => queue.add(job.aspect, job, augurJobOptions(config, job.modelId));
    await closedLoop(shape.warmup, shape.concurrency, (i) => add(jobs[i] as ModelJobData));
    const result = await measurePhase(redis, () =>
      closedLoop(shape.total, shape.concurrency, (i) => add(jobs[shape.warmup + i] as ModelJobData)),
    );
    const counts = await queue.getJobCounts('waiting');
    if (counts.waiting !== shape.warmup + shape.total) {
      throw new Error(
        `raw add: expected ${shape.warmup + shape.total} waiting jobs, found ${counts.waiting}`,
      );
    }
    return result;
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/**
 * Diagnostic between the two: augur's own `JobQueue.enqueue` (what the route calls), without HTTP, so the
 * gap between raw add and the API splits into "queue wrapper" and "HTTP + validation + serialisation".
 */
export async function measureAugurEnqueue(
  config: Readonly<Config>,
  redis: Redis,
  shape: LoadShape,
): Promise<ThroughputResult> {
  const augurQueue = createJobQueue(config, { logger: silentQueueLogger });
  const inspect = new Queue(config.queue.name, {
    connection: { url: config.redis.url as string },
    prefix: config.redis.prefix,
  });
  try {
    const jobs = jobsFor(config, shape);
    await closedLoop(shape.warmup, shape.concurrency, (i) => augurQueue.enqueue(jobs[i] as ModelJobData));
    const result = await measurePhase(redis, () =>
      closedLoop(shape.total, shape.concurrency, (i) =>
        augurQueue.enqueue(jobs[shape.warmup + i] as ModelJobData),
      ),
    );
    const counts = await inspect.getJobCounts('waiting');
    if (counts.waiting !== shape.warmup + shape.total) {
      throw new Error(
        `augur enqueue: expected ${shape.warmup + shape.total} waiting jobs, found ${counts.waiting}`,
      );
    }
    return result;
  } finally {
    await inspect.obliterate({ force: true });
    await inspect.close();
    await augurQueue.close();
  }
}

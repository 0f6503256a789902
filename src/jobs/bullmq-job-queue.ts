import { once } from 'node:events';
import { type Job, type JobState, type JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../config/config-schema.js';
import { AppError, isAppError, toErrorBody } from '../errors.js';
import type { Aspect } from '../models/aspect.js';
import { errorBodyOfReason, failedResultOf, failureReasonOf, isRetryable } from './job-failure.js';
import type { JobContext, JobProcessor, JobQueue, WorkerHandle } from './job-queue.js';
import type { JobStatus, ModelJobData, StoredResult } from './model-job.js';
import { consoleQueueLogger, type QueueLogger } from './queue-logger.js';
import { RedisResultStore } from './redis-result-store.js';
import { clampPercent, runWithTimeout } from './run-with-timeout.js';
import { withDeadline } from './with-deadline.js';
import { countLiveWorkers, heartbeatKey, startHeartbeat } from './worker-heartbeat.js';

export interface BullmqJobQueueOptions {
  /**
   * Times a job may lose its worker (its lock lapsed: process killed, event loop blocked) and be taken
   * over by another worker before it fails for good.
   * @defaultValue config.queue.maxStalledCount
   */
  maxStalledCount?: number;
  /** @defaultValue consoleQueueLogger */
  logger?: QueueLogger;
}

type ModelJob = Job<ModelJobData, void, Aspect>;

/** BullMQ states of a job that waits for a worker: a retry waiting out its backoff is `delayed`. */
const PENDING_STATES: ReadonlySet<JobState | 'unknown'> = new Set([
  'waiting',
  'delayed',
  'prioritized',
  'waiting-children',
]);

/**
 * The job queue on BullMQ and Redis: one BullMQ queue named `queue.name` under the `redis.prefix`
 * keyspace, the model id as the BullMQ job id (so a request is computed once however often it is
 * posted), and results kept apart in `<prefix>:result:<modelId>` for `queue.resultTtlSec`, so they
 * outlive both worker restarts and the queue's count-based trimming of finished jobs.
 *
 * A worker stores the result before BullMQ marks the job completed or failed, so a poll never sees a
 * finished job without its result (except one that failed outside our code, e.g. stalled too often:
 * that one is reported from BullMQ's `failedReason`).
 */
export class BullmqJobQueue implements JobQueue {
  readonly mode = 'redis' as const;
  private readonly queue: Queue<ModelJobData, void, Aspect>;
  private readonly results: RedisResultStore;
  private readonly workers = new Set<Worker<ModelJobData, void, Aspect>>();
  private readonly heartbeats = new Set<{ stop(): Promise<void> }>();
  /** Heartbeats and their count (`/ready`): fail fast, as the producer's calls do. */
  private readonly beats: Redis;
  private readonly jobOptions: JobsOptions;
  private readonly url: string;
  private readonly logger: QueueLogger;
  private readonly maxStalledCount: number;
  /** The longest an enqueue, poll or ping may take, ms (`redis.requestDeadlineMs`). */
  private readonly deadlineMs: number;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly config: Config,
    options: BullmqJobQueueOptions = {},
  ) {
    if (!config.redis.url)
      throw new AppError('CONFIG_INVALID', 'redis.url is required for the Redis job queue');
    this.url = config.redis.url;
    this.logger = options.logger ?? consoleQueueLogger;
    this.maxStalledCount = options.maxStalledCount ?? config.queue.maxStalledCount;
    const q = config.queue;
    this.jobOptions = {
      attempts: q.attempts,
      backoff: { type: 'exponential', delay: q.backoffMs },
      removeOnComplete: { count: q.keepCompleted },
      removeOnFail: { count: q.keepFailed },
    };
    // Not `maxRetriesPerRequest: null` (retry forever) as for workers: a producer call should fail when Redis is gone.
    // Fail fast: no offline queue (a call while Redis is away fails at once) and a per-command timeout (a
    // hung Redis), so the API answers 503 instead of waiting.
    this.deadlineMs = config.redis.requestDeadlineMs;
    this.queue = new Queue(q.name, {
      connection: { url: this.url, enableOfflineQueue: false, commandTimeout: this.deadlineMs },
      prefix: config.redis.prefix,
    });
    this.queue.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'job queue: Redis error'));
    this.beats = new Redis(this.url, {
      enableOfflineQueue: false,
      commandTimeout: this.deadlineMs,
      maxRetriesPerRequest: 1,
    });
    this.beats.on('error', () => {}); // the queue's own connection reports Redis errors
    this.results = new RedisResultStore({
      url: this.url,
      prefix: config.redis.prefix,
      ttlSec: q.resultTtlSec,
      logger: this.logger,
    });
  }

  async enqueue(job: ModelJobData): Promise<void> {
    await this.unavailableOnError(async () => {
      // One round trip for both looks (they are independent), then the add.
      const [stored, existing] = await Promise.all([
        this.results.get(job.modelId),
        this.queue.getJob(job.modelId),
      ]);
      if (stored) return;
      if (existing) {
        const state = await existing.getState();
        if (!(await this.isFinishedAndForgotten(existing, state))) return;
        // A finished job whose result expired: clear it, or BullMQ would ignore the new job with its id.
        await existing.remove().catch(() => {});
      }
      await this.queue.add(job.aspect, job, { ...this.jobOptions, jobId: job.modelId });
    });
  }

  async getStatus(modelId: string): Promise<JobStatus | null> {
    return this.unavailableOnError(async () => {
      const stored = await this.results.get(modelId);
      if (stored) return finishedStatus(stored);
      const job = await this.queue.getJob(modelId);
      if (!job) return null;
      const state = await job.getState();
      const summary = { aspect: job.data.aspect, ref: job.data.ref, modelId: job.data.modelId };
      if (PENDING_STATES.has(state)) return { state: 'pending', progress: 0, job: summary };
      if (state === 'active') return { state: 'running', progress: progressOf(job), job: summary };
      // It finished since the first look, and its worker stored the result before finishing it.
      const late = await this.results.get(modelId);
      if (late) return finishedStatus(late);
      if (state === 'failed' && !this.failureExpired(job)) {
        const failedAt = new Date(job.finishedOn ?? Date.now());
        return {
          state: 'failed',
          result: failedResultOf(job.data, errorBodyOfReason(job.failedReason), failedAt),
        };
      }
      return null;
    });
  }

  startWorker(processor: JobProcessor): WorkerHandle {
    const q = this.config.queue;
    const worker = new Worker<ModelJobData, void, Aspect>(q.name, (job) => this.process(job, processor), {
      connection: { url: this.url, maxRetriesPerRequest: null },
      prefix: this.config.redis.prefix,
      concurrency: q.concurrency,
      lockDuration: q.lockDurationMs,
      stalledInterval: q.stalledIntervalMs,
      maxStalledCount: this.maxStalledCount,
    });
    worker.on('error', (err: Error) => this.logger.error({ err: err.message }, 'job worker: error'));
    this.workers.add(worker);
    const heartbeat = startHeartbeat(
      this.beats,
      heartbeatKey(this.config.redis.prefix, q.name),
      q.heartbeatIntervalMs,
    );
    this.heartbeats.add(heartbeat);
    return {
      close: async () => {
        await heartbeat.stop();
        this.heartbeats.delete(heartbeat);
        await worker.close();
        this.workers.delete(worker);
      },
    };
  }

  async liveWorkers(): Promise<number> {
    const { redis, queue } = this.config;
    return this.unavailableOnError(async () => {
      // Without an offline queue a command before the first connect fails: wait for it (within the deadline).
      if (this.beats.status !== 'ready') await once(this.beats, 'ready');
      return countLiveWorkers(this.beats, heartbeatKey(redis.prefix, queue.name), queue.heartbeatIntervalMs);
    });
  }

  async depth(): Promise<{ waiting: number; running: number }> {
    return this.unavailableOnError(async () => {
      const c = await this.queue.getJobCounts(
        'waiting',
        'delayed',
        'prioritized',
        'waiting-children',
        'active',
      );
      const running = c.active ?? 0;
      const all = Object.values(c).reduce((sum, n) => sum + n, 0);
      return { waiting: all - running, running };
    });
  }

  async ping(): Promise<void> {
    await this.unavailableOnError(() => this.results.ping());
  }

  /** Closes every worker started here (each waits for its active jobs), then the connections. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.heartbeats].map((heartbeat) => heartbeat.stop()));
      this.heartbeats.clear();
      await Promise.all([...this.workers].map((worker) => worker.close()));
      this.workers.clear();
      await this.queue.close();
      await this.results.close();
      this.beats.disconnect();
    })();
    return this.closing;
  }

  /**
   * One attempt. Throwing `UnrecoverableError` makes BullMQ fail the job at once; a plain error lets
   * it retry with backoff until `attempts` are used up.
   */
  private async process(job: ModelJob, processor: JobProcessor): Promise<void> {
    const data = job.data;
    const attempt = job.attemptsMade + 1;
    // A retry, or a job taken over from a killed worker, starts again from 0 %.
    if (job.progress !== 0) await this.reportProgress(job, 0);
    const ctx: JobContext = { attempt, reportProgress: (percent) => this.reportProgress(job, percent) };
    try {
      const result = await runWithTimeout(processor, data, ctx, this.config.queue.jobTimeoutMs);
      await this.results.put(data.modelId, result);
    } catch (err) {
      const retryable = isRetryable(err);
      if (!retryable || attempt >= (job.opts.attempts ?? 1)) await this.storeFailure(data, err);
      const reason = failureReasonOf(err);
      throw retryable ? new Error(reason, { cause: err }) : new UnrecoverableError(reason);
    }
  }

  private async storeFailure(data: ModelJobData, err: unknown): Promise<void> {
    const failed = failedResultOf(data, toErrorBody(err));
    try {
      await this.results.put(data.modelId, failed);
    } catch (storeErr) {
      // The poller then reads the failure from BullMQ's failedReason instead.
      this.logger.error(
        { modelId: data.modelId, err: String(storeErr) },
        'job queue: could not store a failure',
      );
    }
  }

  /** Progress is best effort: a lost update must not fail the model run. */
  private async reportProgress(job: ModelJob, percent: number): Promise<void> {
    try {
      await job.updateProgress(clampPercent(percent));
    } catch (err) {
      this.logger.warn({ modelId: job.id, err: String(err) }, 'job queue: could not update progress');
    }
  }

  /** A finished job whose result the store no longer has (checked again: it may have just finished). */
  private async isFinishedAndForgotten(job: ModelJob, state: JobState | 'unknown'): Promise<boolean> {
    if (state !== 'completed' && state !== 'failed') return state === 'unknown';
    if (await this.results.get(job.data.modelId)) return false;
    return state === 'completed' || this.failureExpired(job);
  }

  /** A failure known only from BullMQ expires like a stored result would. */
  private failureExpired(job: ModelJob): boolean {
    const finishedOn = job.finishedOn ?? Date.now();
    return finishedOn + this.config.queue.resultTtlSec * 1000 <= Date.now();
  }

  private async unavailableOnError<T>(operation: () => Promise<T>): Promise<T> {
    try {
      // One deadline for the whole call (an enqueue is several round trips), not only per command.
      return await withDeadline(
        operation(),
        this.deadlineMs,
        () => new AppError('QUEUE_UNAVAILABLE', `Redis did not answer within ${this.deadlineMs} ms`),
      );
    } catch (err) {
      if (isAppError(err)) throw err;
      throw new AppError('QUEUE_UNAVAILABLE', undefined, { cause: err });
    }
  }
}

function finishedStatus(result: StoredResult): JobStatus {
  return { state: result.status, result };
}

function progressOf(job: ModelJob): number {
  return typeof job.progress === 'number' ? clampPercent(job.progress) : 0;
}

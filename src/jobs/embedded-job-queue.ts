import type { Config } from '../config/config-schema.js';
import { AppError, toErrorBody } from '../errors.js';
import { failedResultOf, isRetryable } from './job-failure.js';
import type { JobContext, JobProcessor, JobQueue, WorkerHandle } from './job-queue.js';
import { MemoryResultStore } from './memory-result-store.js';
import type { JobStatus, ModelJobData, StoredResult } from './model-job.js';
import { runWithTimeout } from './run-with-timeout.js';

/** A job that has not finished yet; finished jobs leave only their result in the store. */
interface UnfinishedJob {
  data: ModelJobData;
  state: 'pending' | 'running';
  /** 0–100, reported by the running attempt. */
  progress: number;
  /** Attempts that failed so far. */
  attemptsMade: number;
  /** Set while a retry waits out its backoff. */
  retryTimer?: NodeJS.Timeout;
}

interface EmbeddedWorker {
  processor: JobProcessor;
  /** The attempts this worker is running; they never reject. */
  active: Set<Promise<void>>;
}

/**
 * The job queue in process, for `augur all` without Redis and for tests: the same contract as the
 * BullMQ queue (one job per model id, `queue.concurrency` jobs per worker, retries with exponential
 * backoff, a timeout per attempt, progress, results kept for `queue.resultTtlSec`), with nothing
 * surviving the process.
 */
export class EmbeddedJobQueue implements JobQueue {
  readonly mode = 'embedded' as const;
  private readonly jobs = new Map<string, UnfinishedJob>();
  /** Model ids waiting for a free worker slot, oldest first. */
  private readonly ready: string[] = [];
  private readonly workers = new Set<EmbeddedWorker>();
  private readonly results: MemoryResultStore;
  private closing: Promise<void> | undefined;

  constructor(private readonly config: Config) {
    this.results = new MemoryResultStore({ ttlSec: config.queue.resultTtlSec });
  }

  async enqueue(job: ModelJobData): Promise<void> {
    this.assertOpen();
    if (this.jobs.has(job.modelId) || (await this.results.get(job.modelId))) return;
    // Checked again: a concurrent call may have added it while this one looked at the results.
    if (this.jobs.has(job.modelId)) return;
    this.assertOpen();
    // A copy, as a job read back from Redis would be: the caller's object can change afterwards.
    const data = JSON.parse(JSON.stringify(job)) as ModelJobData;
    this.jobs.set(job.modelId, { data, state: 'pending', progress: 0, attemptsMade: 0 });
    this.ready.push(job.modelId);
    this.dispatch();
  }

  async getStatus(modelId: string): Promise<JobStatus | null> {
    const stored = await this.results.get(modelId);
    if (stored) return finishedStatus(stored);
    const job = this.jobs.get(modelId);
    if (job) {
      const summary = { aspect: job.data.aspect, ref: job.data.ref, modelId: job.data.modelId };
      return { state: job.state, progress: job.state === 'running' ? job.progress : 0, job: summary };
    }
    // It may have finished since the first look; its result is stored before it leaves `jobs`.
    const late = await this.results.get(modelId);
    return late ? finishedStatus(late) : null;
  }

  startWorker(processor: JobProcessor): WorkerHandle {
    this.assertOpen();
    const worker: EmbeddedWorker = { processor, active: new Set() };
    this.workers.add(worker);
    this.dispatch();
    let closed: Promise<void> | undefined;
    return {
      close: () => {
        closed ??= this.closeWorker(worker);
        return closed;
      },
    };
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async liveWorkers(): Promise<number> {
    return this.workers.size;
  }

  async depth(): Promise<{ waiting: number; running: number }> {
    let running = 0;
    for (const job of this.jobs.values()) if (job.state === 'running') running++;
    return { waiting: this.jobs.size - running, running };
  }

  /** Stops every worker (waiting for the attempts they run) and drops pending retries and results. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.workers].map((worker) => this.closeWorker(worker)));
      for (const job of this.jobs.values()) clearTimeout(job.retryTimer);
      await this.results.close();
    })();
    return this.closing;
  }

  private async closeWorker(worker: EmbeddedWorker): Promise<void> {
    this.workers.delete(worker);
    await Promise.all(worker.active);
  }

  /** Hands ready jobs to workers with a free slot. */
  private dispatch(): void {
    for (const worker of this.workers) {
      while (worker.active.size < this.config.queue.concurrency) {
        const modelId = this.ready.shift();
        if (modelId === undefined) return;
        const job = this.jobs.get(modelId);
        if (job) this.start(worker, job);
      }
    }
  }

  private start(worker: EmbeddedWorker, job: UnfinishedJob): void {
    const attempt: Promise<void> = this.runAttempt(worker.processor, job).finally(() => {
      worker.active.delete(attempt);
      this.dispatch();
    });
    worker.active.add(attempt);
  }

  private async runAttempt(processor: JobProcessor, job: UnfinishedJob): Promise<void> {
    const { queue } = this.config;
    job.state = 'running';
    job.progress = 0;
    const attempt = job.attemptsMade + 1;
    const ctx: JobContext = {
      attempt,
      reportProgress: async (percent) => {
        job.progress = percent;
      },
    };
    try {
      const result = await runWithTimeout(processor, job.data, ctx, queue.jobTimeoutMs);
      await this.finish(job, result);
    } catch (err) {
      job.attemptsMade = attempt;
      if (isRetryable(err) && attempt < queue.attempts) {
        this.scheduleRetry(job);
      } else {
        await this.finish(job, failedResultOf(job.data, toErrorBody(err)));
      }
    }
  }

  private async finish(job: UnfinishedJob, result: StoredResult): Promise<void> {
    await this.results.put(job.data.modelId, result);
    this.jobs.delete(job.data.modelId);
  }

  /** Exponential backoff as BullMQ computes it: `backoffMs · 2^(failed attempts − 1)`. */
  private scheduleRetry(job: UnfinishedJob): void {
    job.state = 'pending';
    job.progress = 0;
    const delayMs = this.config.queue.backoffMs * 2 ** (job.attemptsMade - 1);
    job.retryTimer = setTimeout(() => {
      job.retryTimer = undefined;
      this.ready.push(job.data.modelId);
      this.dispatch();
    }, delayMs);
  }

  private assertOpen(): void {
    if (this.closing) throw new AppError('QUEUE_UNAVAILABLE', 'The job queue is closed');
  }
}

function finishedStatus(result: StoredResult): JobStatus {
  return { state: result.status, result };
}

import type { CompleteResult, JobStatus, ModelJobData } from './model-job.js';

export interface JobContext {
  /** 1 for the first try, 2 for the first retry… */
  attempt: number;
  /** Reports progress, 0–100. */
  reportProgress(percent: number): Promise<void>;
  /** Aborted when the queue gives up on the attempt (its timeout): a processor that can stop, stops. */
  signal?: AbortSignal;
}

/**
 * Runs one model job and returns the complete result document. Throws an AppError: retryable codes are
 * retried with backoff, the others fail the job at once.
 */
export type JobProcessor = (job: ModelJobData, ctx: JobContext) => Promise<CompleteResult>;

export interface WorkerHandle {
  close(): Promise<void>;
}

/**
 * The contract between the API and the workers: enqueue a model job once per model id, run it with
 * retries, keep its result for a TTL, and tell its status. Two implementations pass the same contract
 * tests: BullMQ on Redis, and an in-process queue for embedded runs.
 */
export interface JobQueue {
  readonly mode: 'redis' | 'embedded';
  /** Adds the job unless a job or a stored result with its model id exists. */
  enqueue(job: ModelJobData): Promise<void>;
  /** The job's state, or null when the model id is unknown (or its result expired). */
  getStatus(modelId: string): Promise<JobStatus | null>;
  /** Starts consuming jobs in this process. */
  startWorker(processor: JobProcessor): WorkerHandle;
  /** Resolves when the backing store answers. */
  ping(): Promise<void>;
  /**
   * Worker processes alive: those whose heartbeat Redis saw within 3 × `queue.heartbeatIntervalMs` (the
   * embedded queue: its workers).
   */
  liveWorkers(): Promise<number>;
  /** Jobs waiting (queued, delayed or backing off) and running, over every worker of the queue. */
  depth(): Promise<{ waiting: number; running: number }>;
  close(): Promise<void>;
}

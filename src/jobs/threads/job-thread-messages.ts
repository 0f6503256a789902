import type { ErrorBody } from '../../errors.js';
import type { CompleteResult, ModelJobData } from '../model-job.js';

/** What the pool sends a job thread: one job at a time. */
export interface RunJobMessage {
  type: 'run';
  job: ModelJobData;
  attempt: number;
}

/** What a job thread answers: progress while the job runs, then its result or its failure. */
export type JobThreadMessage =
  /** The thread built its services (or failed to: each job then fails with that error). */
  | { type: 'ready' }
  | { type: 'progress'; percent: number }
  | { type: 'done'; result: CompleteResult }
  | {
      type: 'failed';
      /** The AppError's code, message and details; absent for any other error (a bug: INTERNAL). */
      error?: ErrorBody;
      /** The original error's name and message, for the operator's log (`failedReason`), never a client. */
      reason: string;
    };

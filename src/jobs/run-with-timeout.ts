import { AppError } from '../errors.js';
import type { JobContext, JobProcessor } from './job-queue.js';
import type { CompleteResult, ModelJobData } from './model-job.js';

/**
 * Runs one attempt of a job, failing it with JOB_TIMEOUT (retryable) after `timeoutMs`.
 *
 * The attempt's `signal` is aborted at the timeout: a processor that can stop (the job thread pool
 * terminates the thread) does; any other keeps running in the background until it settles, its later
 * progress reports dropped and its result ignored.
 */
export async function runWithTimeout(
  processor: JobProcessor,
  job: ModelJobData,
  ctx: JobContext,
  timeoutMs: number,
): Promise<CompleteResult> {
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const abort = new AbortController();
  const guarded: JobContext = {
    attempt: ctx.attempt,
    signal: abort.signal,
    reportProgress: (percent) => (timedOut ? Promise.resolve() : ctx.reportProgress(clampPercent(percent))),
  };
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
      reject(new AppError('JOB_TIMEOUT', `The model job took longer than its timeout of ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    // The async wrapper turns a synchronous throw into a rejection; the race keeps a late rejection handled.
    return await Promise.race([(async () => processor(job, guarded))(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Progress is a percentage: NaN and out-of-range reports are pinned to 0–100. */
export function clampPercent(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(100, Math.max(0, percent));
}

import { ERRORS, type ErrorBody, type ErrorCode, isAppError, toErrorBody } from '../errors.js';
import type { FailedResult, ModelJobData } from './model-job.js';

/**
 * Whether a failed attempt is worth another try: only an AppError whose code is marked retryable
 * (Tracker down, timeout, Redis unreachable). Anything else is bad input or a bug, which a retry
 * would only repeat.
 */
export function isRetryable(err: unknown): boolean {
  return isAppError(err) && err.retryable;
}

/** The document a client gets for a job that failed for good. */
export function failedResultOf(
  job: ModelJobData,
  error: ErrorBody,
  failedAt: Date = new Date(),
): FailedResult {
  return {
    model_id: job.modelId,
    status: 'failed',
    aspect: job.aspect,
    dsps: job.ref.dsps,
    topology_id: job.ref.topology,
    created_at: job.createdAt,
    failed_at: failedAt.toISOString(),
    error,
  };
}

/**
 * The text BullMQ keeps as a failed job's `failedReason`: `[CODE] message`. For a bug (not an
 * AppError) it names the original error, for operators; {@link errorBodyOfReason} never shows that
 * text to clients.
 */
export function failureReasonOf(err: unknown): string {
  const body = toErrorBody(err);
  if (isAppError(err)) return `[${body.code}] ${body.message}`;
  const original = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `[${body.code}] ${original}`;
}

const REASON_PATTERN = /^\[([A-Z_]+)\] (.*)$/s;
/** What BullMQ writes when a job's lock lapsed more than `maxStalledCount` times: its workers died. */
const STALLED_PATTERN = /stalled more than allowable limit/;

/**
 * Reads back a `failedReason` written by {@link failureReasonOf}. A reason BullMQ wrote itself (e.g.
 * "job stalled more than allowable limit": `WORKER_LOST`) or an INTERNAL one becomes INTERNAL with its generic
 * message.
 */
export function errorBodyOfReason(reason: string | undefined): ErrorBody {
  if (STALLED_PATTERN.test(reason ?? '')) return { code: 'WORKER_LOST', message: ERRORS.WORKER_LOST.message };
  const match = REASON_PATTERN.exec(reason ?? '');
  const code = match?.[1];
  if (match && code && code !== 'INTERNAL' && isErrorCode(code)) return { code, message: match[2] ?? '' };
  return { code: 'INTERNAL', message: ERRORS.INTERNAL.message };
}

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

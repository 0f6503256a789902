import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors.js';

/** What to do with one HTTP answer: use it, fail for good, or try again. */
export type AnswerVerdict<T> = { kind: 'ok'; value: T } | { kind: 'fail'; error: Error } | { kind: 'retry' };

export interface GetWithRetryOptions {
  /** Per-request timeout, ms. */
  timeoutMs: number;
  /** Retries after a connection failure, a timeout or a `retry` verdict. */
  retries: number;
  /** First retry delay, ms; doubles each retry. */
  retryDelayMs: number;
  /** Names the server in messages, e.g. `The Heron Tracker`. */
  what: string;
  /** The fetch to use (tests). @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * GETs a JSON API of a metrics server (Heron Tracker, Storm UI, Prometheus, Graphite) with a timeout and
 * bounded retries with doubling delay. `judge` decides on each answer; connection failures and timeouts are
 * always retried. When retries run out: `METRICS_UNAVAILABLE` (transient), naming the server and path.
 */
export async function getWithRetry<T>(
  url: string,
  options: GetWithRetryOptions,
  judge: (status: number, text: string) => AnswerVerdict<T>,
): Promise<T> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const path = new URL(url).pathname;
  let problem = 'no attempt made';
  let cause: unknown;
  for (let attempt = 0; attempt <= options.retries; attempt += 1) {
    if (attempt > 0) await sleep(options.retryDelayMs * 2 ** (attempt - 1));
    let status: number;
    let text: string;
    try {
      const response = await fetchImpl(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (err) {
      cause = err;
      problem = isTimeout(err)
        ? `timed out after ${options.timeoutMs} ms`
        : `connection failed: ${describe(err)}`;
      continue;
    }
    const verdict = judge(status, text);
    if (verdict.kind === 'ok') return verdict.value;
    if (verdict.kind === 'fail') throw verdict.error;
    problem = `HTTP ${status}`;
    cause = undefined;
  }
  throw new AppError(
    'METRICS_UNAVAILABLE',
    `${options.what} did not answer ${path} after ${options.retries + 1} attempt(s) (${problem})`,
    { cause, details: { server: options.what, endpoint: path, attempts: options.retries + 1 } },
  );
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : err.message;
}

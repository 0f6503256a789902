import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors.js';

export interface MetricsHttpOptions {
  /** Per-request timeout, ms. */
  timeoutMs: number;
  /** Retries after a connection failure, timeout or 5xx answer. */
  retries: number;
  /** First retry delay, ms; doubles each retry. @defaultValue 200 */
  retryDelayMs?: number;
  /** Names the server in messages, e.g. `Prometheus`. */
  what: string;
  /** The fetch to use (tests). @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

/** An answer with its HTTP status and parsed JSON (`undefined` when the body is not JSON). */
export interface MetricsHttpAnswer {
  status: number;
  json: unknown;
  text: string;
}

/**
 * GETs a metrics server's JSON API like the Tracker client does: connection failures, timeouts and 5xx
 * answers are retried with doubling delay, then `TRACKER_UNAVAILABLE` (transient; the message names the
 * server). Any other answer is returned for the caller to judge.
 */
export async function getMetricsJson(url: string, options: MetricsHttpOptions): Promise<MetricsHttpAnswer> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const path = new URL(url).pathname;
  let problem = 'no attempt made';
  let cause: unknown;
  for (let attempt = 0; attempt <= options.retries; attempt += 1) {
    if (attempt > 0) await sleep((options.retryDelayMs ?? 200) * 2 ** (attempt - 1));
    try {
      const response = await fetchImpl(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      if (response.status >= 500) {
        problem = `HTTP ${response.status}`;
        cause = undefined;
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text };
    } catch (err) {
      cause = err;
      const name = err instanceof Error ? err.name : '';
      problem =
        name === 'TimeoutError' || name === 'AbortError'
          ? `timed out after ${options.timeoutMs} ms`
          : `connection failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  throw new AppError(
    'TRACKER_UNAVAILABLE',
    `${options.what} did not answer ${path} after ${options.retries + 1} attempt(s) (${problem})`,
    { cause, details: { server: options.what, endpoint: path, attempts: options.retries + 1 } },
  );
}

/** A Heron metric name split at its first `/`: `__emit-count/default` → family `__emit-count`, stream `default`. */
export function splitMetricName(metric: string): { family: string; stream: string } {
  const slash = metric.indexOf('/');
  return slash < 0
    ? { family: metric, stream: '' }
    : { family: metric.slice(0, slash), stream: metric.slice(slash + 1) };
}

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, key: string) => values[key] ?? whole);
}

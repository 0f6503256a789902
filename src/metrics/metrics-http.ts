import { getWithRetry } from '../http/get-with-retry.js';

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
 * answers are retried with doubling delay, then `METRICS_UNAVAILABLE` (transient; the message names the
 * server). Any other answer is returned for the caller to judge.
 */
export function getMetricsJson(url: string, options: MetricsHttpOptions): Promise<MetricsHttpAnswer> {
  return getWithRetry<MetricsHttpAnswer>(
    url,
    { ...options, retryDelayMs: options.retryDelayMs ?? 200 },
    (status, text) => {
      if (status >= 500) return { kind: 'retry' };
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { kind: 'ok', value: { status, json, text } };
    },
  );
}

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * A client of augur's public HTTP API, shared by the console (browser) and the `augur model` CLI: every
 * modelling call answers 202 + `status_url`; the client polls it, reporting the job's progress (percent),
 * until the result is complete or failed. Errors carry the API's `code` and `message`.
 */

/** An error answer of the API (`{statusCode, code, error, message}`) or a failed job's `error`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For a shed request (503, 429): the answer's Retry-After, s. */
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A model result document as the API answers it (complete). */
export interface ResultDocument {
  model_id: string;
  status: 'complete';
  aspect: string;
  dsps: string;
  topology_id: string;
  request: Record<string, unknown>;
  created_at: string;
  completed_at?: string;
  model_results: Array<{ model_name: string; results: Record<string, unknown> }>;
  [key: string]: unknown;
}

export interface RunOptions {
  method?: 'GET' | 'POST';
  body?: string | Uint8Array;
  contentType?: string;
  /** Called with the job's progress, percent (0–100), each time the API reports it. */
  onProgress?: (percent: number, status: string) => void;
  /** Called once with the model id as soon as the request is accepted. */
  onAccepted?: (modelId: string, statusUrl: string) => void;
  /** Poll interval, ms. @defaultValue 250 */
  pollMs?: number;
  /** Give up after this long, ms. @defaultValue 120000 */
  timeoutMs?: number;
}

const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  const retryAfter = Number(res.headers.get('retry-after'));
  const retryAfterSec =
    (res.status === 503 || res.status === 429) && Number.isFinite(retryAfter) && retryAfter >= 0
      ? retryAfter
      : undefined;
  try {
    const body = JSON.parse(text) as { code?: string; message?: string };
    return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? text, retryAfterSec);
  } catch {
    return new ApiError(res.status, `HTTP_${res.status}`, text || res.statusText, retryAfterSec);
  }
}

let apiKey: string | undefined;

/** The API key every later request sends (`Authorization: Bearer …`); undefined sends none. */
export function useApiKey(key: string | undefined): void {
  apiKey = key?.trim() || undefined;
}

/** Fetches a path; a non-2xx answer throws an ApiError with the API's code and message. */
async function send(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  const headers = new Headers(init.headers);
  if (apiKey) headers.set('authorization', `Bearer ${apiKey}`);
  try {
    res = await fetch(joinUrl(base, path), { ...init, headers });
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : '';
    throw new ApiError(0, 'UNREACHABLE', `augur at ${base} did not answer (${reason})`);
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** Times a shed request (503, 429 with Retry-After) is asked again before its error is thrown. */
const RETRIES_WHEN_SHED = 5;

/** {@link send}, asking again after a 503 or 429 that says when to retry (at most 10 s each time). */
async function sendRetryingWhenShed(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(base, path, init);
    } catch (err) {
      const waitSec = err instanceof ApiError ? err.retryAfterSec : undefined;
      if (waitSec === undefined || waitSec > 10 || attempt >= RETRIES_WHEN_SHED) throw err;
      await sleep(waitSec * 1000);
    }
  }
}

/** GETs (or sends) JSON; a non-2xx answer throws an ApiError with the API's code and message. */
export async function requestJson<T>(base: string, path: string, init?: RequestInit): Promise<T> {
  return (await (await sendRetryingWhenShed(base, path, init)).json()) as T;
}

/** GETs a page (the HTML report); a non-2xx answer throws an ApiError with the API's code and message. */
export async function requestText(base: string, path: string): Promise<string> {
  return (await sendRetryingWhenShed(base, path)).text();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a model request, polls its `status_url` and resolves with the complete result document. */
export async function runModel(
  base: string,
  path: string,
  options: RunOptions = {},
): Promise<ResultDocument> {
  const init: RequestInit = { method: options.method ?? 'GET' };
  if (options.body !== undefined) {
    init.body = options.body as BodyInit;
    init.headers = { 'content-type': options.contentType ?? 'application/json' };
  }
  const accepted = await requestJson<{ model_id: string; status_url: string }>(base, path, init);
  options.onAccepted?.(accepted.model_id, accepted.status_url);
  return pollResult(base, accepted.status_url, options);
}

/** Polls a status URL until the result is complete (resolves) or failed (throws the job's error). */
export async function pollResult(
  base: string,
  statusUrl: string,
  options: Pick<RunOptions, 'onProgress' | 'pollMs' | 'timeoutMs'> = {},
): Promise<ResultDocument> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const doc = await requestJson<{
      status: string;
      progress?: number;
      error?: { code: string; message: string };
    }>(base, statusUrl);
    if (doc.status === 'complete') {
      options.onProgress?.(100, 'complete');
      return doc as unknown as ResultDocument;
    }
    if (doc.status === 'failed') {
      throw new ApiError(
        200,
        doc.error?.code ?? 'MODEL_FAILED',
        doc.error?.message ?? 'the model job failed',
      );
    }
    options.onProgress?.(doc.progress ?? 0, doc.status);
    if (Date.now() > deadline) throw new ApiError(0, 'CLIENT_TIMEOUT', `no result at ${statusUrl} in time`);
    await sleep(options.pollMs ?? 250);
  }
}

/** The poll path of a model id: its aspect is the id's prefix. */
export function statusPathOf(modelId: string, dsps: string, topology: string): string {
  const aspect = modelId.split('-', 1)[0];
  const topo = encodeURIComponent(topology);
  const id = encodeURIComponent(modelId);
  if (aspect === 'topology') return `/model/topology/${dsps}/${topo}?model_id=${id}`;
  if (aspect === 'traffic' || aspect === 'scaling' || aspect === 'graph') {
    return `/model/${aspect}/${dsps}/${topo}?model_id=${id}`;
  }
  throw new ApiError(
    400,
    'BAD_REQUEST',
    `model id ${modelId} does not start with traffic-, topology-, scaling- or graph-`,
  );
}

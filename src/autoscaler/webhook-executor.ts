import type { ExecutorRun, PlannedRun } from './evaluation.js';
import {
  type ExecutionOutcome,
  type ExecutionRequest,
  OUTPUT_TAIL_BYTES,
  type ScalingExecutor,
} from './scaling-executor.js';

export interface WebhookExecutorOptions {
  url: string;
  /** Extra request headers; never recorded. */
  headers?: Readonly<Record<string, string>>;
  /** The whole request (answer body included) is abandoned after this, ms. */
  timeoutMs: number;
}

/** The JSON body POSTed to the webhook. */
export interface WebhookBody {
  /** `apply`: the change; `rollback`: back to the previous plan after a failed change. */
  purpose: 'apply' | 'rollback';
  evaluation_id: string;
  dsps: string;
  cluster: string;
  environ: string;
  role?: string;
  topology: string;
  components: Array<{ component: string; from: number; to: number }>;
  plan: unknown;
}

/**
 * POSTs the plan as JSON to a URL (`{topology, components, plan, …}`, see {@link WebhookBody}); a 2xx answer
 * within `timeoutMs` is success, anything else (3xx included: redirects are not followed) a failure. The
 * answer's last bytes are kept; the configured headers and the URL's query are never recorded.
 */
export class WebhookExecutor implements ScalingExecutor {
  readonly type = 'webhook' as const;
  readonly needsPlan = true;
  private readonly options: WebhookExecutorOptions;
  private readonly shownUrl: string;

  constructor(options: WebhookExecutorOptions) {
    this.options = options;
    const url = new URL(options.url);
    this.shownUrl = `${url.origin}${url.pathname}`;
  }

  describe(request: ExecutionRequest): PlannedRun[] {
    if (request.changes.length === 0) return [];
    return [
      { purpose: request.purpose, executor: 'webhook', changes: [...request.changes], url: this.shownUrl },
    ];
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    if (request.changes.length === 0) return { ok: true, runs: [], attempted: [] };
    const { ref } = request;
    const body: WebhookBody = {
      purpose: request.purpose,
      evaluation_id: request.evaluationId,
      dsps: ref.dsps,
      cluster: ref.cluster,
      environ: ref.environ,
      ...(ref.role ? { role: ref.role } : {}),
      topology: ref.topology,
      components: request.changes.map((c) => ({ component: c.component, from: c.from, to: c.to })),
      plan: request.plan ?? null,
    };
    const startedMs = Date.now();
    const base = {
      purpose: request.purpose,
      executor: 'webhook' as const,
      changes: [...request.changes],
      url: this.shownUrl,
      started_at: new Date(startedMs).toISOString(),
    };
    let run: ExecutorRun;
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.options.headers },
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const answer = await readTail(res, OUTPUT_TAIL_BYTES);
      const ok = res.status >= 200 && res.status < 300;
      run = {
        ...base,
        duration_ms: Date.now() - startedMs,
        ok,
        http_status: res.status,
        timed_out: false,
        ...(ok ? {} : { error: `the webhook answered ${res.status}` }),
        stdout_tail: answer,
      };
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      run = {
        ...base,
        duration_ms: Date.now() - startedMs,
        ok: false,
        timed_out: timedOut,
        error: timedOut ? `no answer within ${this.options.timeoutMs} ms` : describeFetchError(err),
      };
    }
    return { ok: run.ok, runs: [run], attempted: [...request.changes] };
  }
}

/** The last `maxBytes` of an answer's body, reading at most 16× that before giving up on the rest. */
async function readTail(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (total > 16 * maxBytes) {
        await reader.cancel();
        break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  const all = Buffer.concat(chunks);
  return all.subarray(Math.max(0, all.length - maxBytes)).toString('utf8');
}

/** `fetch failed` says nothing; its cause (ECONNREFUSED, ENOTFOUND…) does. */
function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause?.code ? `${err.message}: ${cause.code}` : err.message;
}

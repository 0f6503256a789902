import { createHmac } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config-schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { AppDependencies } from './app-dependencies.js';

/** How often a callback's job is looked at, ms. */
const WATCH_INTERVAL_MS = 250;

/**
 * The signature header of a callback: `t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`
 * (Stripe's scheme: the timestamp is signed too, so a receiver can refuse replays).
 * @example signCallback('0123456789abcdef', 1793620800, '{}') // 't=1793620800,v1=…'
 */
export function signCallback(secret: string, timestampSec: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
  return `t=${timestampSec},v1=${mac}`;
}

/**
 * Delivers results to the `callback_url` of the requests that asked: the API replica that accepted the
 * request waits for the job (through the queue, so workers may run elsewhere) and POSTs the result document
 * — complete or failed — signed, retried with exponential backoff on a network error or a non-2xx answer.
 * Best effort: a callback pending when the API stops is not delivered (the result stays pollable).
 */
export class ResultCallbacks {
  private readonly abort = new AbortController();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly queue: JobQueue,
    private readonly settings: Readonly<Config['callbacks']>,
  ) {}

  /** Starts watching a job for its callback; returns at once. */
  deliverWhenDone(modelId: string, url: string, log: FastifyBaseLogger): void {
    const delivery = this.deliver(modelId, url, log).catch((err: Error) =>
      log.warn({ model_id: modelId, err: err.message }, 'callback not delivered'),
    );
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  /** Stops every pending callback. */
  async close(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.pending]);
  }

  private async deliver(modelId: string, url: string, log: FastifyBaseLogger): Promise<void> {
    const { secret, attempts, backoffMs, timeoutMs, maxWaitMs } = this.settings;
    if (!secret) throw new Error('callbacks.secret is not set');
    const deadline = Date.now() + maxWaitMs;
    let result: unknown;
    for (;;) {
      const status = await this.queue.getStatus(modelId);
      if (status && 'result' in status) {
        result = status.result;
        break;
      }
      if (!status || Date.now() > deadline) throw new Error(status ? 'job still not done' : 'job gone');
      await this.sleep(WATCH_INTERVAL_MS);
    }
    const body = JSON.stringify(result);
    for (let attempt = 1; ; attempt++) {
      const signature = signCallback(secret, Math.floor(Date.now() / 1000), body);
      let outcome: string;
      try {
        const res = await fetch(url, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            'x-augur-model-id': modelId,
            'x-augur-signature': signature,
            'x-augur-attempt': String(attempt),
          },
          redirect: 'manual',
          signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeoutMs)]),
        });
        await res.body?.cancel();
        if (res.ok) {
          log.info({ model_id: modelId, attempt }, 'callback delivered');
          return;
        }
        outcome = `HTTP ${res.status}`;
      } catch (err) {
        if (this.abort.signal.aborted) throw new Error('the API stopped');
        outcome = (err as Error).message;
      }
      if (attempt >= attempts) throw new Error(`${attempts} tries failed, the last: ${outcome}`);
      log.debug({ model_id: modelId, attempt, outcome }, 'callback retried');
      await this.sleep(backoffMs * 2 ** (attempt - 1));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.abort.signal.aborted) return reject(new Error('the API stopped'));
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new Error('the API stopped'));
        },
        { once: true },
      );
    });
  }
}

const perApp = new WeakMap<AppDependencies, ResultCallbacks>();

/** The app's callback deliveries, made on first use. */
export function resultCallbacksOf(deps: AppDependencies): ResultCallbacks {
  let callbacks = perApp.get(deps);
  if (!callbacks) {
    callbacks = new ResultCallbacks(deps.queue, deps.config.callbacks);
    perApp.set(deps, callbacks);
  }
  return callbacks;
}

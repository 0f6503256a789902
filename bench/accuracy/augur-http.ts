import { setTimeout as sleep } from 'node:timers/promises';

// biome-ignore lint/suspicious/noExplicitAny: augur's result documents are JSON read field by field
export type Json = any;

/** One modelling request through augur's public API: the 202, then its status_url polled until done. */
export async function requestModel(
  apiUrl: string,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
  timeoutMs = 120_000,
): Promise<Json> {
  // A shed request (503 with Retry-After, e.g. while a model holds the event loop) is asked again.
  const ask = () =>
    fetch(`${apiUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body !== undefined
        ? { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
  let accepted = await ask();
  for (let retry = 0; accepted.status === 503 && retry < 20; retry++) {
    await accepted.arrayBuffer();
    await sleep(Number(accepted.headers.get('retry-after') ?? 1) * 1000);
    accepted = await ask();
  }
  const body = (await accepted.json()) as Json;
  if (accepted.status !== 202 || !body.status_url) {
    throw new Error(`${path}: expected 202, got ${accepted.status} ${JSON.stringify(body)}`);
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${apiUrl}${body.status_url}`);
    if (res.status === 200) {
      const result = (await res.json()) as Json;
      if (result.status !== 'complete') throw new Error(`${path}: ${JSON.stringify(result.error ?? result)}`);
      return result;
    }
    await res.arrayBuffer();
    if (res.status === 503) {
      await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
      continue;
    }
    if (res.status !== 202) throw new Error(`${path}: poll answered ${res.status}`);
    if (Date.now() > deadline) throw new Error(`${path}: still pending after ${timeoutMs} ms`);
    await sleep(20);
  }
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, requestJson } from '../../src/ui/shared/api-client.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that sheds the first `shed` requests with `status` and `Retry-After: retryAfter`, then answers. */
async function shedding(
  shed: number,
  status: number,
  retryAfter: string,
): Promise<{ url: string; seen: () => number }> {
  let seen = 0;
  server = createServer((_req, res) => {
    seen++;
    if (seen <= shed) {
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': retryAfter });
      res.end(
        JSON.stringify({
          statusCode: status,
          code: status === 429 ? 'RATE_LIMITED' : 'OVERLOADED',
          message: 'shed',
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen };
}

describe('the API client when augur sheds load', () => {
  it('asks again after a 503 or 429 that says when, and gets the answer', async () => {
    const overloaded = await shedding(2, 503, '0');
    expect(await requestJson(overloaded.url, '/x')).toEqual({ ok: true });
    expect(overloaded.seen()).toBe(3);
  });

  it('gives up at once when the wait is long, with the code and the wait', async () => {
    const limited = await shedding(1, 429, '60');
    const error = await requestJson(limited.url, '/x').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSec: 60 });
    expect(limited.seen()).toBe(1);
  });
});

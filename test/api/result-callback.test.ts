import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback } from '../../src/api/result-callbacks.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

const SECRET = 'callback-secret-for-tests';

/** A receiver that answers 500 to the first `failFirst` tries of each model id, then 204. */
function receiver(failFirst: number) {
  const calls: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      calls.push({ headers: req.headers, body });
      const tries = calls.filter((c) => c.headers['x-augur-model-id'] === req.headers['x-augur-model-id']);
      res.statusCode = tries.length <= failFirst ? 500 : 204;
      res.end();
    });
  });
  return {
    calls,
    server,
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    },
  };
}

async function until(check: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('callback_url: the result POSTed, signed and retried, when the job is done', () => {
  let t: TestApp;
  let off: TestApp;
  const hook = receiver(1);
  let url: string;
  beforeAll(async () => {
    url = await hook.listen();
    const models = {
      model: {
        traffic: { heron: ['summary'], storm: ['summary'] },
        topology: {
          heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] },
          storm: { current: ['queueing-theory'], proposed: ['queueing-theory'] },
        },
      },
    };
    t = await buildTestApp({ ...models, callbacks: { secret: SECRET, backoffMs: 20 } });
    off = await buildTestApp(models, { worker: false });
  });
  afterAll(async () => {
    await t?.close();
    await off?.close();
    hook.server.close();
  });

  it.each([
    '/model/traffic/heron/WordCountTopology?duration=30',
    '/model/topology/heron/current/WordCountTopology?sentence=150',
    '/model/scaling/storm/storm-word-count?sentence=600',
    '/model/graph/heron/WordCountTopology?sentence=150',
  ])('%s', async (path) => {
    const accepted = await t.app.inject({
      method: 'GET',
      url: `${path}&callback_url=${encodeURIComponent(url)}`,
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const { model_id: modelId, status_url: statusUrl } = accepted.json();
    const mine = () => hook.calls.filter((c) => c.headers['x-augur-model-id'] === modelId);
    // the first try answered 500, so a second one came
    await until(() => mine().length >= 2);
    const [first, second] = mine();
    expect(first?.headers['x-augur-attempt']).toBe('1');
    expect(second?.headers['x-augur-attempt']).toBe('2');
    const delivered = second as { headers: IncomingHttpHeaders; body: string };
    expect(delivered.headers['content-type']).toBe('application/json');
    // the signature: HMAC-SHA256 of "<t>.<body>" under the secret
    const signature = String(delivered.headers['x-augur-signature']);
    const t0 = Number(/^t=(\d+),/.exec(signature)?.[1]);
    expect(signature).toBe(signCallback(SECRET, t0, delivered.body));
    expect(Math.abs(Date.now() / 1000 - t0)).toBeLessThan(60);
    // the body is the result a poll gives; the callback URL is not part of the model id
    const polled = await t.app.inject({ method: 'GET', url: statusUrl });
    expect(JSON.parse(delivered.body)).toEqual(polled.json());
    expect(polled.json().status).toBe('complete');
    const again = await t.app.inject({ method: 'GET', url: path });
    expect(again.json().model_id).toBe(modelId);
  });

  it.each([
    [
      'an unconfigured secret',
      () => off,
      `/model/traffic/heron/WordCountTopology?callback_url=${encodeURIComponent('http://127.0.0.1:1/x')}`,
      /callback_url: callbacks are off/,
    ],
    [
      'a URL that is not http(s)',
      () => t,
      '/model/traffic/heron/WordCountTopology?callback_url=ftp%3A%2F%2Fexample.org%2Fx',
      /callback_url must be an absolute http or https URL/,
    ],
    [
      'a poll with a callback_url',
      () => t,
      `/model/traffic/heron/WordCountTopology?model_id=traffic-AAAAAAAAAAAAAAAAAAAAAA&callback_url=${encodeURIComponent('http://127.0.0.1:1/x')}`,
      /model_id cannot be combined with other parameters \(callback_url\)/,
    ],
  ])('refuses %s with a 400 naming callback_url', async (_what, app, path, message) => {
    const res = await app().app.inject({ method: 'GET', url: path });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('BAD_REQUEST');
    expect(res.json().message).toMatch(message);
  });
});

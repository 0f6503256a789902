import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionRequest } from '../../src/autoscaler/scaling-executor.js';
import { type WebhookBody, WebhookExecutor } from '../../src/autoscaler/webhook-executor.js';
import { WORD_COUNT_REF } from './autoscaler-fixtures.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: WebhookBody;
}

describe('webhook executor: POSTs the plan as JSON', () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];
  /** How the server answers the next requests: status and delay. */
  let answer = { status: 200, delayMs: 0, body: '{"accepted":true}' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          path: req.url ?? '',
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody,
        });
        setTimeout(() => res.writeHead(answer.status).end(answer.body), answer.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
    answer = { status: 200, delayMs: 0, body: '{"accepted":true}' };
  });

  const request: ExecutionRequest = {
    purpose: 'apply',
    evaluationId: 'e1',
    ref: WORD_COUNT_REF,
    changes: [{ component: 'split', from: 2, to: 4 }],
    plan: { id: 'new', containers: [] },
  };

  it('sends {topology, components, plan} with the configured headers; 2xx is success', async () => {
    const executor = new WebhookExecutor({
      url: `${base}/apply?token=secret`,
      headers: { authorization: 'Bearer s3cret' },
      timeoutMs: 5000,
    });
    const outcome = await executor.execute(request);
    expect(outcome.ok).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe('/apply?token=secret');
    expect(received[0]?.headers.authorization).toBe('Bearer s3cret');
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(received[0]?.body).toEqual({
      purpose: 'apply',
      evaluation_id: 'e1',
      dsps: 'heron',
      cluster: 'local',
      environ: 'default',
      role: 'augur',
      topology: 'WordCountTopology',
      components: [{ component: 'split', from: 2, to: 4 }],
      plan: { id: 'new', containers: [] },
    });
    expect(outcome.runs[0]).toMatchObject({
      ok: true,
      http_status: 200,
      timed_out: false,
      stdout_tail: '{"accepted":true}',
      url: `${base}/apply`, // no query, no headers recorded
    });
    expect(JSON.stringify(outcome.runs)).not.toContain('s3cret');
    expect(JSON.stringify(outcome.runs)).not.toContain('token=secret');
  });

  it.each([
    [500, 'the webhook answered 500'],
    [302, 'the webhook answered 302'],
  ])('a %i answer is a failure', async (status, error) => {
    answer = { status, delayMs: 0, body: 'nope' };
    const outcome = await new WebhookExecutor({ url: `${base}/apply`, timeoutMs: 5000 }).execute(request);
    expect(outcome.ok).toBe(false);
    expect(outcome.attempted).toEqual(request.changes);
    expect(outcome.runs[0]).toMatchObject({ ok: false, http_status: status, error, stdout_tail: 'nope' });
  });

  it('gives up after its timeout', async () => {
    answer = { status: 200, delayMs: 2000, body: '' };
    const started = Date.now();
    const outcome = await new WebhookExecutor({ url: `${base}/slow`, timeoutMs: 200 }).execute(request);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(outcome.ok).toBe(false);
    expect(outcome.runs[0]).toMatchObject({ ok: false, timed_out: true, error: 'no answer within 200 ms' });
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await new WebhookExecutor({ url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }).execute(
      request,
    );
    expect(outcome.runs[0]).toMatchObject({ ok: false, timed_out: false });
    expect(outcome.runs[0]?.error).toContain('ECONNREFUSED');
  });
});

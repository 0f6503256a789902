import { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ERRORS, type ErrorCode } from '../../src/errors.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

interface Answer {
  statusCode: number;
  body: string;
}

/** Asserts an error answer is in the table's form: a documented code with its HTTP status, naming `field`. */
function expectTableError(label: string, res: Answer, code: ErrorCode, field?: string) {
  expect(res.statusCode, `${label}: ${res.body}`).toBe(ERRORS[code].httpStatus);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(Object.keys(ERRORS), `${label}: ${res.body}`).toContain(body.code);
  expect(body, label).toMatchObject({
    statusCode: res.statusCode,
    code,
    error: STATUS_CODES[res.statusCode],
    message: expect.any(String),
  });
  if (field) expect(body.message, label).toContain(field);
}

/** Sends raw bytes (what curl sends for a URL pasted with `…`) and reads the answer. */
function rawRequest(port: number, requestLine: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => {
      data += d;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ statusCode: Number(head.split(' ')[1]), body });
    });
    socket.write(Buffer.concat([requestLine, Buffer.from('\r\nHost: x\r\n\r\n')]));
  });
}

describe('every error answer has a code from the table and names the field', () => {
  let t: TestApp;
  let routes: Array<{ method: string; path: string }>;
  beforeAll(async () => {
    // The shipped models, so every route gets as far as validating its input.
    t = await buildTestApp({ model: loadConfig({ dir: 'config', env: {} }).model }, { worker: false });
    await t.app.ready();
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const fill = (path: string, dsps = 'heron', topology = 'WordCountTopology') =>
    path.replace('{dsps}', dsps).replace('{topology}', topology);
  const send = (method: string, url: string, extra: Record<string, unknown> = {}) =>
    t.app.inject({ method: method as 'GET', url, ...extra });

  it('an unknown DSPS is UNKNOWN_DSPS on every route that takes one', async () => {
    const withDsps = routes.filter((r) => r.path.includes('{dsps}'));
    expect(withDsps.length).toBeGreaterThanOrEqual(10);
    for (const r of withDsps) {
      const res = await send(r.method, fill(r.path, 'kafka'));
      expectTableError(`${r.method} ${r.path}`, res, 'UNKNOWN_DSPS', 'params.dsps');
    }
  });

  it('an illegal topology name is BAD_REQUEST naming params.topology on every route that takes one', async () => {
    for (const r of routes.filter((x) => x.path.includes('{topology}'))) {
      const res = await send(r.method, fill(r.path, 'heron', 'no%20spaces'));
      expectTableError(`${r.method} ${r.path}`, res, 'BAD_REQUEST', 'params.topology');
    }
  });

  it('a malformed model_id is BAD_REQUEST naming query.model_id on every poll route', async () => {
    const polls = routes.filter(
      (r) => r.method === 'GET' && /\/model\/[a-z]+\/\{dsps\}\/\{topology\}/.test(r.path),
    );
    expect(polls.length).toBe(5);
    for (const r of polls) {
      const res = await send(r.method, `${fill(r.path)}?model_id=traffic-abc`);
      expectTableError(`${r.path}`, res, 'BAD_REQUEST', 'query.model_id');
    }
  });

  it('an unknown query parameter is a 400 naming it on every route with a query', async () => {
    const withQuery = routes.filter((r) => r.path.includes('{topology}'));
    for (const r of withQuery) {
      const res = await send(r.method, `${fill(r.path)}?nope=1`);
      // The proposed-plan route checks its (missing) body first.
      const field = r.path.includes('/proposed') ? 'body' : 'nope';
      expectTableError(`${r.method} ${r.path}`, res, 'BAD_REQUEST', field);
    }
  });

  it('Fastify’s own body errors on the proposed-plan route are in the table’s form', async () => {
    const url = `${fill('/model/topology/{dsps}/proposed/{topology}')}?sentence=150`;
    const json = { 'content-type': 'application/json' };
    expectTableError(
      'bad JSON',
      await send('POST', url, { headers: json, payload: '{bad' }),
      'BAD_REQUEST',
      'body',
    );
    expectTableError(
      'empty JSON',
      await send('POST', url, { headers: json, payload: '' }),
      'BAD_REQUEST',
      'body',
    );
    expectTableError(
      'xml',
      await send('POST', url, { headers: { 'content-type': 'application/xml' }, payload: '<plan/>' }),
      'UNSUPPORTED_MEDIA_TYPE',
      'content-type',
    );
    expectTableError(
      'too large',
      await send('POST', url, {
        headers: { 'content-type': 'application/x-protobuf' },
        payload: Buffer.alloc(20 * 1024 * 1024),
      }),
      'PAYLOAD_TOO_LARGE',
      'body',
    );
    expectTableError('no body', await send('POST', url), 'BAD_REQUEST', 'body');
  });

  it('a JSON body too large for a route without a plan is PAYLOAD_TOO_LARGE', async () => {
    const res = await send('POST', '/scaling/heron/WordCountTopology/evaluate', {
      headers: { 'content-type': 'application/json' },
      payload: `{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`,
    });
    expectTableError('evaluate', res, 'PAYLOAD_TOO_LARGE', 'body');
  });

  it('an unknown route is ROUTE_NOT_FOUND, a known one asked with another method METHOD_NOT_ALLOWED', async () => {
    expectTableError('route', await send('GET', '/model/nothing'), 'ROUTE_NOT_FOUND', '/model/nothing');
    expectTableError(
      'method',
      await send('DELETE', '/health'),
      'METHOD_NOT_ALLOWED',
      'DELETE is not a method of /health',
    );
  });

  it('the README poll example pasted literally (`model_id=traffic-…`) is a 400 naming model_id', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const line = Buffer.from(
      'GET /model/traffic/heron/WordCountTopology?model_id=traffic-\u2026 HTTP/1.1',
      'utf8',
    );
    const res = await rawRequest(port, line);
    expectTableError('pasted', res, 'BAD_REQUEST', 'query.model_id');
    expect(JSON.parse(res.body).message).toContain('traffic-\u2026');
    const spaced = await rawRequest(port, Buffer.from('GET /topologies/heron?role=a b HTTP/1.1'));
    expectTableError('space', spaced, 'BAD_REQUEST');
  });
});

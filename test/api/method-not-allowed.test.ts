import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

describe('a known path with another method', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({}, { worker: false });
  });
  afterAll(() => t.close());

  it('answers 405 METHOD_NOT_ALLOWED with the methods it takes in Allow', async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/model/topology/heron/current/WordCountTopology',
    });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED', details: { allowed: ['GET', 'HEAD'] } });
    const post = await t.app.inject({ method: 'PUT', url: '/model/graph/storm/x/proposed' });
    expect(post.headers.allow).toBe('POST');
  });

  it('still answers 404 ROUTE_NOT_FOUND for a path no route serves', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/model/nothing/here' });
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('says in the spec that keys are optional where the API is open (loopback) and probes need none', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(spec.security).toEqual([{}, { bearer: [] }, { apiKey: [] }]);
    expect(spec.paths['/health'].get.security).toEqual([]);
  });
});

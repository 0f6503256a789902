import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

/** `?model_id=…&wait=N`: a poll that answers when the job is done, or after N seconds with the 202. */
describe('long-poll with wait', () => {
  let working: TestApp;
  let idle: TestApp;
  beforeAll(async () => {
    const models = {
      model: {
        traffic: { heron: ['summary'], storm: ['summary'] },
        topology: {
          heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] },
          storm: { current: ['queueing-theory'], proposed: ['queueing-theory'] },
        },
      },
    };
    working = await buildTestApp(models);
    idle = await buildTestApp(models, { worker: false });
  });
  afterAll(async () => {
    await working?.close();
    await idle?.close();
  });

  const submit = async (t: TestApp, url: string, payload?: object) => {
    const res = await t.app.inject({
      method: payload ? 'POST' : 'GET',
      url,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().status_url as string;
  };

  it.each([
    '/model/traffic/heron/WordCountTopology?duration=30',
    '/model/traffic/heron/WordCountTopology/backtest?horizon=10',
    '/model/topology/heron/current/WordCountTopology?sentence=150',
    '/model/scaling/heron/WordCountTopology?sentence=300',
    '/model/graph/heron/WordCountTopology?sentence=150',
    '/model/topology/storm/current/storm-word-count?sentence=150',
  ])('%s: one poll with wait=20 answers 200 with the complete result', async (url) => {
    const statusUrl = await submit(working, url);
    const started = Date.now();
    const res = await working.app.inject({ method: 'GET', url: `${statusUrl}&wait=20` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('complete');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('answers the 202 after the wait when the job is still queued', async () => {
    const statusUrl = await submit(idle, '/model/traffic/heron/WordCountTopology?duration=20');
    const started = Date.now();
    const res = await idle.app.inject({ method: 'GET', url: `${statusUrl}&wait=0.5` });
    const elapsed = Date.now() - started;
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'pending' });
    expect(res.headers['retry-after']).toBe('1');
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('answers an unknown model_id at once, without waiting', async () => {
    const started = Date.now();
    const res = await idle.app.inject({
      method: 'GET',
      url: '/model/traffic/heron/WordCountTopology?model_id=traffic-AAAAAAAAAAAAAAAAAAAAAA&wait=10',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('MODEL_NOT_FOUND');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['/model/traffic/heron/WordCountTopology?wait=5', /wait: only a poll/],
    ['/model/scaling/heron/WordCountTopology?wait=5', /wait: only a poll/],
    ['/model/graph/heron/WordCountTopology?wait=5', /wait: only a poll/],
    ['/model/traffic/heron/WordCountTopology?model_id=traffic-AAAAAAAAAAAAAAAAAAAAAA&wait=31', /wait/],
    ['/model/topology/heron/WordCountTopology?model_id=topology-AAAAAAAAAAAAAAAAAAAAAA&wait=-1', /wait/],
    ['/model/topology/heron/WordCountTopology?model_id=topology-AAAAAAAAAAAAAAAAAAAAAA&wait=soon', /wait/],
  ])('%s is a 400 naming wait', async (url, message) => {
    const res = await idle.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST' });
    expect(res.json().message).toMatch(message);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

const TOPOLOGY = 'WordCountTopology';
const BASE = `/model/traffic/heron/${TOPOLOGY}`;

describe('traffic routes (embedded queue, shipped example snapshot)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts a request with 202 and a Location to poll, then answers the summary', async () => {
    const accepted = await t.app.inject({ method: 'GET', url: `${BASE}?duration=2&units=h` });
    expect(accepted.statusCode).toBe(202);
    const body = accepted.json();
    expect(body).toMatchObject({ status: 'pending', model_id: expect.stringMatching(/^traffic-/) });
    expect(accepted.headers.location).toBe(body.status_url);
    expect(body.status_url).toBe(`${BASE}?model_id=${body.model_id}`);

    const done = await pollUntilDone(t.app, body.status_url);
    expect(done.statusCode).toBe(200);
    const result = done.json();
    expect(result).toMatchObject({
      model_id: body.model_id,
      status: 'complete',
      aspect: 'traffic',
      dsps: 'heron',
      topology_id: TOPOLOGY,
      prediction_duration: 120,
      request: { duration: 2, units: 'h', duration_minutes: 120, source_hours: 3, model: ['summary'] },
    });
    const [summary] = result.model_results;
    expect(summary.model_name).toBe('summary');
    expect(summary.calculation_time).toBeGreaterThanOrEqual(0);
    const { arrival_rate, components, instances, history } = summary.results;
    expect(arrival_rate.units).toBe('tuples/s');
    expect(arrival_rate.min).toBeLessThanOrEqual(arrival_rate.median);
    expect(arrival_rate.median).toBeLessThanOrEqual(arrival_rate.max);
    expect(Object.keys(components)).toEqual(['sentence']);
    const spoutInstances = Object.keys(instances);
    expect(spoutInstances.length).toBe(3);
    // the example's spouts report every minute, so the component's mean is the sum of its instances' means
    expect(history.complete).toBe(true);
    const instanceMeans = spoutInstances.map((id) => instances[id].default.mean as number);
    expect(components.sentence.default.mean).toBeCloseTo(
      instanceMeans.reduce((a, b) => a + b, 0),
      9,
    );
    expect(arrival_rate.mean).toBeCloseTo(components.sentence.default.mean, 9);
    expect(history.used_minutes).toBe(180);
    expect(history.requested_minutes).toBe(180);
  });

  it('gives the same request within a minute the same model_id', async () => {
    const a = await t.app.inject({ method: 'GET', url: `${BASE}?duration=30` });
    const b = await t.app.inject({ method: 'GET', url: `${BASE}?units=m&duration=30.0` });
    expect(a.json().model_id).toBe(b.json().model_id);
    const c = await t.app.inject({ method: 'GET', url: `${BASE}?duration=31` });
    expect(c.json().model_id).not.toBe(a.json().model_id);
  });

  it('answers 404 for a model_id of another topology or aspect, and for an unknown one', async () => {
    const { model_id } = (await t.app.inject({ method: 'GET', url: BASE })).json();
    await pollUntilDone(t.app, `${BASE}?model_id=${model_id}`);
    const other = await t.app.inject({
      method: 'GET',
      url: `/model/traffic/heron/Other?model_id=${model_id}`,
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('MODEL_NOT_FOUND');
    const aspect = await t.app.inject({
      method: 'GET',
      url: `/model/topology/heron/${TOPOLOGY}?model_id=${model_id}`,
    });
    expect(aspect.statusCode).toBe(404);
    const unknown = await t.app.inject({
      method: 'GET',
      url: `${BASE}?model_id=traffic-AAAAAAAAAAAAAAAAAAAAAA`,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('answers a topology the metrics source does not know with 404 at request time', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/model/traffic/heron/NoSuchTopology' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      code: 'TOPOLOGY_NOT_FOUND',
      message: expect.stringContaining('NoSuchTopology'),
    });
  });

  it.each([
    ['unknown dsps', '/model/traffic/flink/T', 400, /params\.dsps: unknown stream-processing system "flink"/],
    [
      'illegal topology name',
      '/model/traffic/heron/bad$name',
      400,
      /params\.topology: topology name must be/,
    ],
    [
      'non-numeric duration',
      `${BASE}?duration=abc`,
      400,
      /query\.duration: duration must be a decimal number/,
    ],
    ['negative duration', `${BASE}?duration=-5`, 400, /query\.duration: duration must be greater than 0/],
    ['zero duration', `${BASE}?duration=0`, 400, /query\.duration/],
    ['infinite duration', `${BASE}?duration=Infinity`, 400, /query\.duration/],
    ['huge duration', `${BASE}?duration=1000&units=h`, 400, /duration must be at most 43200 minutes/],
    ['unknown units', `${BASE}?units=d`, 400, /query\.units: units must be h, m or s, not "d"/],
    ['unknown model', `${BASE}?model=prophet`, 400, /model: unknown traffic model "prophet"/],
    ['malformed model_id', `${BASE}?model_id=12345`, 400, /query\.model_id: model_id must look like/],
    [
      'model_id with other parameters',
      `${BASE}?model_id=traffic-AAAAAAAAAAAAAAAAAAAAAA&duration=5`,
      400,
      /cannot be combined.*duration/,
    ],
    ['unknown query parameter', `${BASE}?durration=5`, 400, /query: unknown parameter "durration"/],
    [
      'too much history',
      `${BASE}?source_hours=100000`,
      400,
      /query\.source_hours: source_hours must be at most 336/,
    ],
    ['illegal cluster', `${BASE}?cluster=a%20b`, 400, /query\.cluster: cluster must be/],
  ])('%s → %i naming the problem', async (_what, url, status, message) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toMatch(message);
    expect(res.json().statusCode).toBe(status);
  });

  it('lists the configured traffic models', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/model/traffic/heron/model_info' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ name: 'summary', description: expect.stringContaining('tuples/s') }]);
  });

  it('lists the topologies the metrics source knows', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/topologies/heron' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toContainEqual(
      expect.objectContaining({ cluster: 'local', environ: 'default', name: TOPOLOGY }),
    );
  });

  it('is alive and ready', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });

  it('answers unknown routes with a 404 error body', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

const BASE = '/model/traffic/heron/WordCountTopology/backtest';

describe('GET /model/traffic/heron/{topology}/backtest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ model: { traffic: { heron: ['summary', 'forecast'] } } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('scores every traffic model and the baselines on rolling origins of the example history', async () => {
    const accepted = await t.app.inject({ method: 'GET', url: `${BASE}?horizon=30&origins=6` });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json().status_url).toMatch(new RegExp(`^${BASE}\\?model_id=traffic-`));
    const done = await pollUntilDone(t.app, accepted.json().status_url, 60_000);
    const result = done.json();
    expect(result.status).toBe('complete');
    expect(result.request).toMatchObject({
      kind: 'backtest',
      horizon_minutes: 30,
      origins: 6,
      source_hours: 3,
    });
    const [entry] = result.model_results;
    expect(entry.model_name).toBe('backtest');
    const { topology, components } = entry.results;
    expect(Object.keys(topology.methods)).toEqual(expect.arrayContaining(['forecast', 'summary', 'naive']));
    expect(topology.origins).toBe(6);
    const scored = Object.entries(
      topology.methods as Record<string, { mase: number | null; origins: number }>,
    ).filter(([, m]) => m.origins > 0);
    // with 3 hours of 1-minute history the MASE scale is the naive forecast (no full day before an origin)
    expect(topology.mase.scale).toMatch(/period 1 steps/);
    expect(scored.map(([name]) => name)).toEqual(expect.arrayContaining(['forecast', 'summary', 'naive']));
    for (const [, method] of scored) expect(method.mase).toBeGreaterThan(0);
    expect(topology.methods.forecast.coverage80).toBeGreaterThanOrEqual(0);
    expect(topology.methods.forecast.coverage80).toBeLessThanOrEqual(1);
    expect(Object.keys(components)).toEqual(['sentence']);
  });

  it.each([
    [`${BASE}?horizon=2&units=h`, /horizon \(120 min\) must be less than half of source_hours \(3 h\)/],
    [`${BASE}?origins=0`, /query\.origins: origins must be at least 1/],
    [`${BASE}?horizon=-1`, /query\.horizon: horizon must be greater than 0/],
    [`${BASE}?duration=5`, /query: unknown parameter "duration"/],
  ])('%s → 400', async (url, message) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('does not serve a backtest id on the plain traffic URL of another topology', async () => {
    const { model_id } = (await t.app.inject({ method: 'GET', url: `${BASE}?horizon=10&origins=2` })).json();
    const res = await t.app.inject({
      method: 'GET',
      url: `/model/traffic/heron/Other/backtest?model_id=${model_id}`,
    });
    expect(res.statusCode).toBe(404);
  });
});

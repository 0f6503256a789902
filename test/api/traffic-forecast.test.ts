import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

describe('GET /model/traffic/heron/{topology}?model=forecast', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ model: { traffic: { heron: ['summary', 'forecast'] } } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('forecasts the spouts over the requested duration with bands, from the example history', async () => {
    const accepted = await t.app.inject({
      method: 'GET',
      url: '/model/traffic/heron/WordCountTopology?duration=2&units=h&model=forecast',
    });
    expect(accepted.statusCode).toBe(202);
    const done = await pollUntilDone(t.app, accepted.json().status_url, 60_000);
    const result = done.json();
    expect(result.status).toBe('complete');
    expect(result.model_results.map((m: { model_name: string }) => m.model_name)).toEqual(['forecast']);
    const { results } = result.model_results[0];
    const topology = results.arrival_rate;
    expect(Object.keys(results.components)).toEqual(['sentence']);
    const { series, summary } = topology;
    expect(series.timestamps.length).toBeGreaterThan(0);
    // the first forecast point is the minute after the history window ends
    expect(series.timestamps[0]).toBe(new Date(Date.parse(result.metrics.window_end)).toISOString());
    for (let i = 0; i < series.mean.length; i++) {
      expect(series.lower95[i]).toBeLessThanOrEqual(series.mean[i]);
      expect(series.upper95[i]).toBeGreaterThanOrEqual(series.mean[i]);
    }
    expect(summary.min).toBeLessThanOrEqual(summary.max);
    expect(topology.units).toBe('tuples/s');
  });

  it('lists both traffic models', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/model/traffic/heron/model_info' });
    expect(res.json().map((m: { name: string }) => m.name)).toEqual(['summary', 'forecast']);
  });
});

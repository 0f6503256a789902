import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

/**
 * Every Storm question on the shipped synthetic example (examples/snapshots/storm-word-count), as a fresh
 * `npm start` serves it: the default configuration's Storm source, models as config/storm.yaml sets them.
 */
const TOPOLOGY = 'storm-word-count';

// biome-ignore lint/suspicious/noExplicitAny: result documents are JSON read by the assertions
type Json = any;

describe('Storm endpoints on the shipped example (embedded queue)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      model: {
        traffic: { storm: ['summary', 'forecast'] },
        topology: { storm: { current: ['queueing-theory'], proposed: ['queueing-theory'] } },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function run(url: string): Promise<Json> {
    const accepted = await t.app.inject({ method: 'GET', url });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await pollUntilDone(t.app, accepted.json().status_url, 30_000);
    const result = done.json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    return result;
  }

  it('lists the example topology', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/topologies/storm' });
    expect(res.json()).toEqual([{ cluster: 'local', environ: 'default', name: TOPOLOGY }]);
  });

  it('forecasts the traffic of each spout executor from the recorded history', async () => {
    const result = await run(`/model/traffic/storm/${TOPOLOGY}?duration=1&units=h`);
    expect(result.metrics.source).toBe('storm-snapshot');
    const summary = result.model_results.find((m: Json) => m.model_name === 'summary').results;
    expect(Object.keys(summary.instances).sort()).toEqual(['sentence:[1-2]', 'sentence:[3-4]']);
    expect(summary.history.used_minutes).toBe(180);
    // the example's spouts emit 127–170 tuples/s per executor
    expect(summary.arrival_rate.mean).toBeGreaterThan(2 * 120);
    expect(summary.arrival_rate.mean).toBeLessThan(2 * 180);
    const forecast = result.model_results.find((m: Json) => m.model_name === 'forecast').results;
    expect(forecast.arrival_rate.series.mean).toHaveLength(60);
  });

  it('models the running assignment at measured rates with worker-slot capacities', async () => {
    const result = await run(`/model/topology/storm/current/${TOPOLOGY}`);
    expect(result.plan).toMatchObject({
      parallelism: { sentence: 2, split: 3, count: 4 },
      container_capacity: 'packing-plan',
    });
    const r = result.model_results[0].results;
    expect(r.status).toBe('solved');
    // Storm reports split at capacity ≈ 0.48 over its last 10 minutes; the model reads 30 minutes of spout rates
    for (const id of ['split:[5-6]', 'split:[7-8]', 'split:[9-10]'])
      expect(r.instances[id].utilisation).toBeGreaterThan(0.4);
  });
});

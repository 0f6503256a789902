import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrafficInput } from '../../src/jobs/handlers/load-traffic-input.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { forecastModel, forecastTraffic } from '../../src/models/traffic/forecast-model.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

const TOPOLOGY = 'WordCountTopology';
const CURRENT = `/model/topology/heron/current/${TOPOLOGY}`;
const PROPOSED = `/model/topology/heron/proposed/${TOPOLOGY}`;
const EXAMPLE = 'examples/snapshots/word-count';
const SNAPSHOT = `${EXAMPLE}/local/default/WordCountTopology`;
const REF: TopologyRef = { dsps: 'heron', cluster: 'local', environ: 'default', topology: TOPOLOGY };

/** The example snapshot's packing plan as the Tracker states it (a JSON body the endpoint accepts). */
const trackerPlan = () => JSON.parse(readFileSync(`${SNAPSHOT}/packingplan.json`, 'utf8')).result;

/** The forecast computed directly: the spouts' history of `sourceHours` before the capture, `minutes` ahead. */
async function directForecast(sourceHours: number, minutes: number) {
  const source = new SnapshotMetricsSource(EXAMPLE);
  const endSec = source.windowEndSec(0);
  const input = await loadTrafficInput(
    source,
    REF,
    { startSec: endSec - sourceHours * 3600, endSec },
    minutes,
    async () => {},
  );
  return forecastTraffic(input, forecastModel.settingsSchema.parse({}));
}

describe('topology routes with traffic=forecast (BullMQ on Redis, shipped example snapshot)', () => {
  let t: TestApp;
  const prefix = uniquePrefix('topology-forecast');
  beforeAll(async () => {
    t = await buildTestApp({
      redis: { url: testRedisUrl(), prefix },
      model: {
        traffic: { heron: ['summary'] },
        topology: { heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] } },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  async function run(url: string, body?: unknown) {
    const accepted = await t.app.inject({
      method: body === undefined ? 'GET' : 'POST',
      url,
      ...(body !== undefined ? { payload: body as string } : {}),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await pollUntilDone(t.app, accepted.json().status_url);
    expect(done.statusCode).toBe(200);
    const result = done.json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    return { id: accepted.json().model_id as string, result };
  }

  it("current plan: each spout instance offers its forecast median path's maximum; CPU headroom from the packing plan", async () => {
    const { id, result } = await run(`${CURRENT}?traffic=forecast&duration=1&units=h&source_hours=3`);
    expect(result.request).toMatchObject({
      traffic: 'forecast',
      forecast: { duration: 1, units: 'h', duration_minutes: 60, source_hours: 3, peak: 'max' },
    });
    expect(result.traffic).toMatchObject({ source: 'forecast', peak: 'max', horizon: { minutes: 60 } });
    expect(result.traffic.note).toMatch(/largest value of its forecast median path/);
    const expected = await directForecast(3, 60);
    expect(result.traffic.horizon.from).toBe(expected.horizon.from);
    const instances = Object.keys(result.traffic.spout_rates).sort();
    expect(instances).toEqual(['container_1_sentence_7', 'container_2_sentence_5', 'container_3_sentence_6']);
    for (const instance of instances) {
      expect(result.traffic.spout_rates[instance]).toBeCloseTo(
        expected.instances[instance]?.default?.summary.max ?? Number.NaN,
        9,
      );
    }
    // the current plan's containers have the packing plan's CPU capacity
    expect(result.plan.container_capacity).toBe('packing-plan');
    const qt = result.model_results.find((m: { model_name: string }) => m.model_name === 'queueing-theory');
    expect(qt.results.cpu.headroom).toBeGreaterThan(0);

    // another statistic is another request
    const p95 = await run(`${CURRENT}?traffic=forecast&duration=1&units=h&source_hours=3&peak=p95`);
    expect(p95.id).not.toBe(id);
    for (const instance of instances) {
      expect(p95.result.traffic.spout_rates[instance]).toBeCloseTo(
        expected.instances[instance]?.default?.summary.quantiles.p95 ?? Number.NaN,
        9,
      );
      expect(p95.result.traffic.spout_rates[instance]).toBeLessThanOrEqual(
        result.traffic.spout_rates[instance] + 1e-9,
      );
    }
  });

  it("proposed plan: each spout component's forecast peak spread evenly over its planned instances", async () => {
    const { result } = await run(`${PROPOSED}?traffic=forecast&duration=30&source_hours=3`, trackerPlan());
    expect(result.traffic).toMatchObject({ source: 'forecast', horizon: { minutes: 30 } });
    const expected = await directForecast(3, 30);
    const total = expected.components.sentence?.default?.summary.max ?? Number.NaN;
    const rates = Object.values(result.traffic.spout_rates) as number[];
    expect(rates).toHaveLength(3);
    for (const rate of rates) expect(rate).toBeCloseTo(total / 3, 9);
    expect(result.plan.container_capacity).toBe('plan');
  });

  it.each([
    [
      'forecast with spout rates',
      `${CURRENT}?traffic=forecast&sentence=100`,
      /cannot be mixed.*\(sentence\)/,
    ],
    ['forecast with task rates', `${CURRENT}?traffic=forecast&5=1&6=1&7=1`, /cannot be mixed.*\(5, 6, 7\)/],
    ['measured with rates', `${CURRENT}?traffic=measured&sentence=100`, /cannot be mixed.*\(sentence\)/],
    ['a negative duration', `${CURRENT}?traffic=forecast&duration=-1`, /duration must be greater than 0/],
    [
      'a non-numeric duration',
      `${CURRENT}?traffic=forecast&duration=soon`,
      /duration must be a decimal number/,
    ],
    ['unknown units', `${CURRENT}?traffic=forecast&duration=1&units=d`, /units must be h, m or s/],
    ['too long a duration', `${CURRENT}?traffic=forecast&duration=1000&units=h`, /duration must be at most/],
    ['an unknown peak', `${CURRENT}?traffic=forecast&peak=p50`, /peak must be one of/],
    [
      'duration without forecast',
      `${CURRENT}?sentence=100&duration=1`,
      /may only be given with traffic=forecast/,
    ],
    ['an unknown traffic', `${CURRENT}?traffic=guess`, /traffic must be measured or forecast/],
  ])('%s → 400', async (_what, url, message) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('proposed: forecast with rates → 400 naming them', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${PROPOSED}?traffic=forecast&sentence=1`,
      payload: trackerPlan(),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(/cannot be mixed.*\(sentence\)/);
  });
});

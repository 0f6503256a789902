import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heronMessageType } from '../../src/dsps/heron/heron-proto.js';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

const TOPOLOGY = 'WordCountTopology';
const CURRENT = `/model/topology/heron/current/${TOPOLOGY}`;
const PROPOSED = `/model/topology/heron/proposed/${TOPOLOGY}`;
const SNAPSHOT = 'examples/snapshots/word-count/local/default/WordCountTopology';

interface ResourceJson {
  cpu: number;
  ram: number;
  disk: number;
}
interface PlanJson {
  id: string;
  container_plans: Array<{
    id: number;
    instance_plans: Array<{
      component_name: string;
      task_id: number;
      component_index: number;
      resource: ResourceJson;
    }>;
    requiredResource: ResourceJson;
  }>;
}

/** The example snapshot's packing plan, in the protobuf message's JSON form. */
function currentPlanJson(): PlanJson {
  const tracker = JSON.parse(readFileSync(`${SNAPSHOT}/packingplan.json`, 'utf8')).result;
  return {
    id: tracker.id,
    container_plans: tracker.container_plans.map(
      (c: {
        id: number;
        instances: Array<{
          component_name: string;
          task_id: number;
          component_index: number;
          instance_resources: ResourceJson;
        }>;
        required_resources: ResourceJson;
      }) => ({
        id: c.id,
        instance_plans: c.instances.map((i) => ({
          component_name: i.component_name,
          task_id: i.task_id,
          component_index: i.component_index,
          resource: i.instance_resources,
        })),
        requiredResource: c.required_resources,
      }),
    ),
  };
}

/** The plan with `extra` more `split` instances in a new container. */
function withMoreSplits(plan: PlanJson, extra: number): PlanJson {
  const maxTask = Math.max(...plan.container_plans.flatMap((c) => c.instance_plans.map((i) => i.task_id)));
  const splits = plan.container_plans
    .flatMap((c) => c.instance_plans)
    .filter((i) => i.component_name === 'split');
  const resource = { cpu: 0.75, ram: 805306368, disk: 1073741824 };
  return {
    ...plan,
    container_plans: [
      ...plan.container_plans,
      {
        id: 4,
        instance_plans: Array.from({ length: extra }, (_, k) => ({
          component_name: 'split',
          task_id: maxTask + 1 + k,
          component_index: splits.length + k,
          resource,
        })),
        requiredResource: { cpu: 4, ram: 4294967296, disk: 4294967296 },
      },
    ],
  };
}

function protobufBytes(plan: PlanJson): Buffer {
  const type = heronMessageType('heron.proto.system.PackingPlan');
  return Buffer.from(type.encode(type.fromObject(plan)).finish());
}

describe('topology routes (BullMQ on Redis, shipped example snapshot)', () => {
  let t: TestApp;
  const prefix = uniquePrefix('topology-routes');
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

  async function run(url: string, init: { method?: 'GET' | 'POST'; body?: unknown; type?: string } = {}) {
    const accepted = await t.app.inject({
      method: init.method ?? 'GET',
      url,
      ...(init.body !== undefined
        ? {
            payload: init.body as string,
            headers: { 'content-type': init.type ?? 'application/json' },
          }
        : {}),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await pollUntilDone(t.app, accepted.json().status_url);
    expect(done.statusCode).toBe(200);
    const result = done.json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    return { id: accepted.json().model_id as string, result };
  }

  // biome-ignore lint/suspicious/noExplicitAny: the result document is JSON read by the assertions
  type Json = any;
  const qt = (result: { model_results: Array<{ model_name: string; results: Json }> }): Json => {
    const entry = result.model_results.find((m) => m.model_name === 'queueing-theory');
    expect(entry).toBeDefined();
    return entry?.results;
  };

  it('models the current plan at requested rates; doubling them halves the headroom', async () => {
    const { id, result } = await run(`${CURRENT}?sentence=150`);
    expect(id).toMatch(/^topology-/);
    expect(result).toMatchObject({
      aspect: 'topology',
      topology_id: TOPOLOGY,
      request: {
        plan_kind: 'current',
        traffic: 'requested',
        window_minutes: 30,
        model: ['queueing-theory'],
        spout_rates: { 5: 150, 6: 150, 7: 150 },
      },
      traffic: {
        source: 'requested',
        units: 'tuples/s',
        spout_rates: {
          container_1_sentence_7: 150,
          container_2_sentence_5: 150,
          container_3_sentence_6: 150,
        },
      },
      plan: { kind: 'current', parallelism: { sentence: 3, split: 4, count: 4 } },
      metrics: { source: 'snapshot' },
    });
    const r = qt(result);
    expect(r.status).toBe('solved');
    expect(r.latency.units).toBe('ms');
    for (const k of ['mean', 'max', 'min']) expect(r.latency[k]).toBeGreaterThan(0);
    expect(r.latency.min).toBeLessThanOrEqual(r.latency.mean);
    expect(r.latency.mean).toBeLessThanOrEqual(r.latency.max);
    expect(r.throughput).toMatchObject({ units: 'tuples/s', total: expect.closeTo(450, 6) });
    expect(r.backpressure.active).toBe(false);
    expect(r.saturation.headroom).toBeGreaterThan(1);
    expect(Object.keys(r.instances)).toHaveLength(11);

    const doubled = qt((await run(`${CURRENT}?sentence=300`)).result);
    expect(doubled.saturation.headroom).toBeLessThan(r.saturation.headroom);
    expect(doubled.saturation.headroom).toBeCloseTo(r.saturation.headroom / 2, 6);
  });

  it('takes rates per task id, and measured rates when none are given (and says so)', async () => {
    const byTask = await run(`${CURRENT}?5=100&6=110&7=120`);
    expect(byTask.result.request.spout_rates).toEqual({ 5: 100, 6: 110, 7: 120 });
    expect(byTask.result.traffic.spout_rates).toEqual({
      container_2_sentence_5: 100,
      container_3_sentence_6: 110,
      container_1_sentence_7: 120,
    });
    const measured = await run(CURRENT);
    expect(measured.result.request.traffic).toBe('measured');
    expect(measured.result.traffic.source).toBe('measured');
    expect(measured.result.traffic.note).toMatch(/measured/);
    const rates = Object.values(measured.result.traffic.spout_rates) as number[];
    expect(rates).toHaveLength(3);
    // the example's spouts emit 150 + 50·sin(…) ≈ 170–200 tuples/s each around 11:30–12:00
    for (const rate of rates) expect(rate).toBeGreaterThan(150);
    expect(qt(measured.result).status).toBe('solved');
  });

  it('gives the same request the same model_id, whichever style or order', async () => {
    const a = await t.app.inject({ method: 'GET', url: `${CURRENT}?sentence=150` });
    const b = await t.app.inject({ method: 'GET', url: `${CURRENT}?7=150&5=150.0&6=150` });
    expect(a.json().model_id).toBe(b.json().model_id);
  });

  it.each([
    [
      'a spout left out (task ids)',
      `${CURRENT}?5=100&6=110`,
      /query\.7: no rate for spout instance container_1_sentence_7/,
    ],
    ['mixed styles', `${CURRENT}?sentence=100&5=100`, /by spout component \(sentence\) or by task id \(5\)/],
    ['unknown name', `${CURRENT}?sentense=100`, /query\.sentense: unknown parameter or spout "sentense"/],
    ['a bolt', `${CURRENT}?split=100`, /query\.split: "split" is a bolt/],
    ['unknown task id', `${CURRENT}?5=1&6=1&7=1&99=1`, /query\.99: no spout instance has task id 99/],
    ['a bolt task id', `${CURRENT}?5=1&6=1&7=1&8=1`, /query\.8: no spout instance has task id 8/],
    ['negative rate', `${CURRENT}?sentence=-5`, /query\.sentence: rate must be ≥ 0/],
    [
      'non-numeric rate',
      `${CURRENT}?sentence=fast`,
      /query\.sentence: rate must be a decimal number of tuples\/s, got "fast"/,
    ],
    ['infinite rate', `${CURRENT}?sentence=Infinity`, /query\.sentence: rate must be a decimal number/],
    ['repeated rate', `${CURRENT}?sentence=1&sentence=2`, /query\.sentence: given more than once/],
    ['hexadecimal rate', `${CURRENT}?sentence=0x10`, /query\.sentence: rate must be a decimal number/],
    [
      'absurd rate',
      `${CURRENT}?sentence=1e308`,
      /query\.sentence: rate must be at most 1000000000 tuples\/s/,
    ],
    ['unknown model', `${CURRENT}?model=nope`, /model: unknown topology model "nope"/],
    ['illegal cluster', `${CURRENT}?cluster=a%20b`, /query\.cluster: cluster must be/],
  ])('current: %s → 400 naming it', async (_what, url, message) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('answers 404 for a topology the source does not know', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/model/topology/heron/current/Nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TOPOLOGY_NOT_FOUND');
  });

  it('models a proposed plan posted as protobuf bytes, keyed on the canonical plan hash', async () => {
    const plan = currentPlanJson();
    const bytes = protobufBytes(plan);
    const fromBytes = await run(`${PROPOSED}?sentence=150`, {
      method: 'POST',
      body: bytes,
      type: 'application/x-protobuf',
    });
    expect(fromBytes.result.request).toMatchObject({
      plan_kind: 'proposed',
      plan_hash: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect(fromBytes.result.request.plan).toBeUndefined();
    expect(fromBytes.result.plan).toMatchObject({ kind: 'proposed', container_capacity: 'plan' });
    const r = qt(fromBytes.result);
    expect(r.status).toBe('solved');
    expect(r.cpu.containers.container_1.capacity_cores).toBe(3.25);

    // the same plan reordered and renumbered, as JSON and as octet-stream: the same id
    const reordered: PlanJson = {
      id: plan.id,
      container_plans: [...plan.container_plans]
        .reverse()
        .map((c, k) => ({ ...c, id: 10 + k, instance_plans: [...c.instance_plans].reverse() })),
    };
    const json = await t.app.inject({
      method: 'POST',
      url: `${PROPOSED}?sentence=150`,
      payload: reordered,
    });
    expect(json.statusCode, json.body).toBe(202);
    expect(json.json().model_id).toBe(fromBytes.id);
    const octets = await t.app.inject({
      method: 'POST',
      url: `${PROPOSED}?sentence=150`,
      payload: protobufBytes(reordered),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(octets.json().model_id).toBe(fromBytes.id);
  });

  it('predicts lower split utilisation with more split instances', async () => {
    const base = qt(
      (await run(`${PROPOSED}?sentence=150`, { method: 'POST', body: currentPlanJson() })).result,
    );
    const more = await run(`${PROPOSED}?sentence=150`, {
      method: 'POST',
      body: withMoreSplits(currentPlanJson(), 4),
    });
    expect(more.result.plan.parallelism.split).toBe(8);
    const scaled = qt(more.result);
    expect(scaled.components.split.instances).toBe(8);
    expect(scaled.components.split.utilisation.mean).toBeCloseTo(
      base.components.split.utilisation.mean / 2,
      6,
    );
    // fields grouping keeps count's skew: its hottest instance is unchanged (count still has 4 instances)
    expect(scaled.components.count.utilisation.max).toBeCloseTo(base.components.count.utilisation.max, 6);
  });

  it.each([
    [
      'another topology id',
      (p: PlanJson) => ({ ...p, id: 'OtherTopology-1' }),
      /Invalid id: the plan is for topology id "OtherTopology-1"/,
    ],
    [
      'an unknown component',
      (p: PlanJson) => {
        const q = structuredClone(p);
        const first = q.container_plans[0]?.instance_plans[0];
        if (first) first.component_name = 'splitter';
        return q;
      },
      /component_name: unknown component "splitter"/,
    ],
    [
      'a missing component',
      (p: PlanJson) => ({
        ...p,
        container_plans: p.container_plans.map((c) => ({
          ...c,
          instance_plans: c.instance_plans.filter((i) => i.component_name !== 'count'),
        })),
      }),
      /places no instance of component "count"/,
    ],
  ])('proposed: %s → 400', async (_what, change, message) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${PROPOSED}?sentence=150`,
      payload: change(currentPlanJson()),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('proposed: refuses garbage bytes, a missing body and rates for task ids the plan lacks', async () => {
    const garbage = await t.app.inject({
      method: 'POST',
      url: PROPOSED,
      payload: Buffer.from([0xff, 0xff, 0xff]),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(garbage.statusCode).toBe(400);
    const none = await t.app.inject({ method: 'POST', url: PROPOSED });
    expect(none.statusCode).toBe(400);
    const tasks = await t.app.inject({
      method: 'POST',
      url: `${PROPOSED}?5=1&6=1&7=1&12=1`,
      payload: currentPlanJson(),
    });
    expect(tasks.statusCode).toBe(400);
    expect(tasks.json().message).toMatch(/query\.12: no spout instance has task id 12/);
  });

  it('keeps polling topology results at /model/topology/heron/{topology}', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/model/topology/heron/${TOPOLOGY}?model_id=topology-AAAAAAAAAAAAAAAAAAAAAA`,
    });
    expect(res.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePackingPlan } from '../../src/dsps/heron/packing-plan-codec.js';
import { canonicalPlanHash } from '../../src/topology/canonical-plan-hash.js';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

/** Scaling advice on the shipped examples (Heron WordCountTopology, Storm storm-word-count), embedded queue. */
const HERON = '/model/scaling/heron/WordCountTopology';
const STORM = '/model/scaling/storm/storm-word-count';

// biome-ignore lint/suspicious/noExplicitAny: result documents are JSON read by the assertions
type Json = any;

describe('GET /model/scaling/{dsps}/{topology}', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      model: {
        traffic: { heron: ['summary'], storm: ['summary'] },
        topology: {
          heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] },
          storm: { current: ['queueing-theory'], proposed: ['queueing-theory'] },
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function run(url: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<Json> {
    const accepted = await t.app.inject({
      method: init.method ?? 'GET',
      url,
      ...(init.body !== undefined ? { payload: init.body as object } : {}),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await pollUntilDone(t.app, accepted.json().status_url, 30_000);
    const result = done.json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    return result;
  }
  const adviceOf = (result: Json): Json => result.model_results[0].results;

  it('answers the one-call question on Heron: parallelism, plan and predicted performance for forecast traffic', async () => {
    const result = await run(`${HERON}?traffic=forecast&duration=2&units=h`);
    expect(result).toMatchObject({ aspect: 'scaling', traffic: { source: 'forecast', units: 'tuples/s' } });
    expect(result.model_id).toMatch(/^scaling-/);
    const advice = adviceOf(result);
    expect(result.model_results[0].model_name).toBe('scaling/utilisation');
    expect(advice.target_utilisation).toBe(0.7);
    const split = advice.components.find((c: Json) => c.component === 'split');
    expect(split).toMatchObject({ kind: 'bolt', current_parallelism: 4 });
    expect(split.required_rate_per_sec).toBeGreaterThan(0);
    expect(split.service_rate_per_instance_per_sec).toBeGreaterThan(0);
    expect(split.reasons.length).toBeGreaterThan(0);
    // every bolt sized to the target (+ the planner's tolerance) by the queueing model's own prediction
    const predicted = advice.prediction.recommended;
    expect(predicted.status).toBe('solved');
    expect(predicted.backpressure.active).toBe(false);
    for (const instance of Object.values(predicted.instances) as Json[]) {
      if (instance.kind === 'bolt') expect(instance.utilisation).toBeLessThanOrEqual(0.8 + 1e-9);
    }
    expect(advice.prediction.current.status).toBe('solved');
    // the plan as JSON and as protobuf bytes: the same plan
    const fromJson = decodePackingPlan(advice.plan.packing_plan, 'application/json');
    const fromBytes = decodePackingPlan(
      Buffer.from(advice.plan.packing_plan_protobuf_base64, 'base64'),
      'application/x-protobuf',
    );
    expect(canonicalPlanHash(fromBytes)).toBe(canonicalPlanHash(fromJson));
    const splits = fromJson.containers.flatMap((c) => c.instances).filter((i) => i.component === 'split');
    expect(splits).toHaveLength(split.recommended_parallelism);
    expect(result.plan.recommended_parallelism.split).toBe(split.recommended_parallelism);
  });

  it('sizes for the traffic asked: twice the spout rate needs more instances, and the advised plan models back', async () => {
    const low = adviceOf(await run(`${HERON}?sentence=1000`));
    const high = adviceOf(await run(`${HERON}?sentence=5000`));
    const n = (a: Json, c: string) =>
      a.components.find((x: Json) => x.component === c).recommended_parallelism;
    expect(n(high, 'count')).toBeGreaterThan(n(low, 'count'));
    // the advised plan is a plan the proposed-plan endpoint accepts, and it predicts what the advice said
    const checked = await run('/model/topology/heron/proposed/WordCountTopology?sentence=5000', {
      method: 'POST',
      body: high.plan.packing_plan,
    });
    const qt = checked.model_results[0].results;
    expect(qt.backpressure.active).toBe(false);
    expect(qt.throughput.total).toBeCloseTo(high.prediction.recommended.throughput.total, 6);
  });

  it('answers for Storm with an assignment and a storm rebalance command the proposed endpoint accepts', async () => {
    const result = await run(`${STORM}?sentence=600`);
    const advice = adviceOf(result);
    expect(advice.plan.dsps).toBe('storm');
    const split = advice.components.find((c: Json) => c.component === 'split');
    expect(split.recommended_parallelism).toBeLessThanOrEqual(6); // split has 6 tasks
    expect(advice.plan.rebalance_command.slice(0, 3)).toEqual(['storm', 'rebalance', 'storm-word-count']);
    expect(advice.plan.rebalance_command).toContain(`split=${split.recommended_parallelism}`);
    expect(advice.current_plan.workers).toHaveLength(3);
    const checked = await run('/model/topology/storm/proposed/storm-word-count?sentence=600', {
      method: 'POST',
      body: advice.plan.assignment,
    });
    expect(checked.plan.parallelism.split).toBe(split.recommended_parallelism);
  });

  it('gives Storm executors equal task ranges, so the predicted loads are what the planner sized for', async () => {
    const tasks: Record<string, number> = { sentence: 4, split: 6, count: 4 };
    for (const rate of [150, 300]) {
      const result = await run(`${STORM}?sentence=${rate}`);
      const advice = adviceOf(result);
      for (const c of advice.components)
        expect((tasks[c.component] ?? Number.NaN) % c.recommended_parallelism, c.component).toBe(0);
      const predicted = advice.prediction.recommended;
      expect(predicted.backpressure.active).toBe(false);
      for (const [id, instance] of Object.entries(predicted.instances) as Array<[string, Json]>) {
        if (instance.kind === 'bolt') expect(instance.utilisation, id).toBeLessThanOrEqual(0.8 + 1e-9);
      }
      // the prediction names Storm's executors and worker slots
      expect(Object.keys(predicted.instances).every((id) => /^\w+:\[\d+-\d+\]$/.test(id))).toBe(true);
    }
    // Beyond what the tasks allow (count has 4 tasks: at most 4 executors), the advice says so and predicts it.
    const beyond = adviceOf(await run(`${STORM}?sentence=600`));
    expect(beyond.components.find((c: Json) => c.component === 'count')).toMatchObject({
      recommended_parallelism: 4,
      bound_by: 'max_parallelism',
    });
    expect(beyond.prediction.recommended.backpressure.active).toBe(true);
  });

  it('applies the constraints of the request and says which bound the number', async () => {
    const free = adviceOf(await run(`${HERON}?sentence=5000`));
    expect(
      free.components.find((c: Json) => c.component === 'count').recommended_parallelism,
    ).toBeGreaterThan(2);
    const advice = adviceOf(await run(`${HERON}?sentence=5000&max_parallelism=count:2`));
    const count = advice.components.find((c: Json) => c.component === 'count');
    expect(count.recommended_parallelism).toBe(2);
    expect(count.bound_by).toBe('max_parallelism');
    expect(count.predicted_utilisation).toBeGreaterThan(0.7);
  });

  it('runs the backlog and formula planners on a requested queue depth, and says where it came from', async () => {
    const backlog = adviceOf(await run(`${HERON}?planner=backlog&backlog=split:9000`));
    expect(backlog.planner).toBe('backlog');
    expect(backlog.backlog).toEqual({ source: 'requested', tuples: { split: 9000 }, units: 'tuples' });
    const split = backlog.components.find((c: Json) => c.component === 'split');
    // 9000 tuples at the default 1000 per instance occupy 9 instances; split runs 4: 4 + ⌈1 × 5⌉
    expect(split).toMatchObject({ recommended_parallelism: 9, bound_by: 'backlog' });
    expect(backlog.components.find((c: Json) => c.component === 'count').bound_by).toBe('not_scaled');
    const formula = adviceOf(await run(`${HERON}?planner=formula&backlog=split:9000`));
    expect(formula.components.find((c: Json) => c.component === 'split').bound_by).toBe('formula');
    const none = adviceOf(await run(`${HERON}?planner=backlog`));
    expect(none.backlog.source).toBe('none');
  });

  it('polls with model_id alone, on the same path', async () => {
    const accepted = await t.app.inject({ method: 'GET', url: `${HERON}?sentence=150` });
    const id = accepted.json().model_id;
    const polled = await pollUntilDone(t.app, `${HERON}?model_id=${id}`);
    expect(polled.json().model_id).toBe(id);
    const mixed = await t.app.inject({ method: 'GET', url: `${HERON}?model_id=${id}&planner=formula` });
    expect(mixed.statusCode).toBe(400);
  });

  it.each([
    ['target_utilisation=0', /query\.target_utilisation: target_utilisation must be in \(0, 1\]/],
    ['target_utilisation=1.5', /query\.target_utilisation: target_utilisation must be in \(0, 1\]/],
    ['target_utilisation=abc', /query\.target_utilisation: target_utilisation must be a decimal number/],
    ['planner=magic', /query\.planner: planner must be one of utilisation, backlog, formula/],
    ['min_parallelism=nope:2', /query\.min_parallelism: unknown component "nope"/],
    ['min_parallelism=split:5&max_parallelism=split:3', /query\.min_parallelism: split: min 5 exceeds max 3/],
    [
      'max_parallelism=split:0',
      /query\.max_parallelism: max_parallelism takes <component>:<count in \[1, 10000\]> pairs/,
    ],
    [
      'traffic=forecast&duration=5&units=h&source_hours=3',
      /query\.duration: a forecast of 300 min needs at least as much history/,
    ],
    ['traffic=forecast&sentence=3', /traffic=forecast cannot be mixed with explicit spout rates/],
    ['split=5', /query\.split: "split" is a bolt/],
    ['max_scale_down=2', /query\.max_scale_down: max_scale_down must be in \[0, 1\]/],
    ['max_scale_down=', /query\.max_scale_down: max_scale_down must be a decimal number/],
    ['tolerance=0x10', /query\.tolerance: tolerance must be a decimal number/],
    ['container_ram_mb=1e308', /query\.container_ram_mb: container_ram_mb must be at most/],
    [
      'key_groups=count:20000000089',
      /query\.key_groups: key_groups takes <component>:<count in \[1, 32768\]>/,
    ],
    [
      'min_parallelism=split:2&min_parallelism=split:3',
      /query\.min_parallelism: min_parallelism: component "split" given more than once/,
    ],
  ])('Heron: %s → 400 naming the field', async (query, message) => {
    const res = await t.app.inject({ method: 'GET', url: `${HERON}?${query}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('Storm: a minimum above a component’s task count → 400', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${STORM}?min_parallelism=split:7` });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(
      /query\.min_parallelism: split: min 7 exceeds its 6 tasks \(storm runs at most one instance per task\)/,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

// biome-ignore lint/suspicious/noExplicitAny: result documents are JSON read by the assertions
type Json = any;

/** The scaling result's `plan`, posted unchanged to the proposed-plan endpoints, models the advised plan. */
describe('scaling plan round trip', () => {
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

  async function run(url: string, payload?: unknown): Promise<Json> {
    const accepted = await t.app.inject({
      method: payload === undefined ? 'GET' : 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const result = (await pollUntilDone(t.app, accepted.json().status_url, 30_000)).json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    return result;
  }

  it.each([
    ['heron', 'WordCountTopology', 'packing_plan'],
    ['storm', 'storm-word-count', 'assignment'],
  ])('%s %s: the whole plan object and its %s alone give the same model', async (dsps, topology, inner) => {
    const advice = (await run(`/model/scaling/${dsps}/${topology}?sentence=600`)).model_results[0].results;
    const recommended = Object.fromEntries(
      advice.components.map((c: Json) => [c.component, c.recommended_parallelism]),
    );
    expect(advice.plan.dsps).toBe(dsps);

    const asIs = await run(`/model/topology/${dsps}/proposed/${topology}?sentence=600`, advice.plan);
    const innerOnly = await run(
      `/model/topology/${dsps}/proposed/${topology}?sentence=600`,
      advice.plan[inner],
    );
    // equivalent plans: one canonical hash, one model id, one result
    expect(asIs.model_id).toBe(innerOnly.model_id);
    expect(asIs.plan.parallelism).toMatchObject(recommended);
    // and the graph endpoint takes it too
    const graph = await run(`/model/graph/${dsps}/${topology}/proposed?sentence=600`, advice.plan);
    expect(graph.aspect).toBe('graph');
  });

  it("refuses another DSPS's plan, naming body.dsps", async () => {
    const advice = (await run('/model/scaling/storm/storm-word-count?sentence=600')).model_results[0].results;
    const res = await t.app.inject({
      method: 'POST',
      url: '/model/topology/heron/proposed/WordCountTopology?sentence=150',
      payload: advice.plan,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'body.dsps' } });
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

const TOPOLOGY = 'WordCountTopology';
const SNAPSHOT = 'examples/snapshots/word-count/local/default/WordCountTopology';

/** The example's packing plan in the protobuf message's JSON form, with one more `split` in a new container. */
function proposedPlan() {
  const tracker = JSON.parse(readFileSync(`${SNAPSHOT}/packingplan.json`, 'utf8')).result;
  // biome-ignore lint/suspicious/noExplicitAny: the Tracker's JSON, read field by field
  const containers = tracker.container_plans.map((c: any) => ({
    id: c.id,
    // biome-ignore lint/suspicious/noExplicitAny: as above
    instance_plans: c.instances.map((i: any) => ({
      component_name: i.component_name,
      task_id: i.task_id,
      component_index: i.component_index,
      resource: i.instance_resources,
    })),
    requiredResource: c.required_resources,
  }));
  const tasks = containers.flatMap((c: { instance_plans: Array<{ task_id: number }> }) =>
    c.instance_plans.map((i) => i.task_id),
  );
  const splits = containers
    .flatMap((c: { instance_plans: Array<{ component_name: string }> }) => c.instance_plans)
    .filter((i: { component_name: string }) => i.component_name === 'split').length;
  const resource = { cpu: 0.75, ram: 805306368, disk: 1073741824 };
  containers.push({
    id: 9,
    instance_plans: [
      { component_name: 'split', task_id: Math.max(...tasks) + 1, component_index: splits, resource },
    ],
    requiredResource: { cpu: 2, ram: 2147483648, disk: 2147483648 },
  });
  return { id: tracker.id, container_plans: containers };
}

// biome-ignore lint/suspicious/noExplicitAny: result documents are JSON read by the assertions
type Json = any;

/** A result without what differs between runs by nature: timings and the backend's name. */
function comparable(result: Json): Json {
  return {
    plan: { ...result.plan, graph: { ...result.plan?.graph, backend: undefined } },
    traffic: result.traffic,
    model_results: result.model_results.map((m: Json) => ({ ...m, calculation_time: undefined })),
  };
}

describe('the topology graph is on the model path: Gremlin Server and memory give the same numbers', () => {
  let memory: TestApp;
  let gremlin: TestApp;
  const models = {
    traffic: { heron: ['summary'] },
    topology: { heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] } },
  };
  beforeAll(async () => {
    memory = await buildTestApp({ model: models });
    gremlin = await buildTestApp({
      model: models,
      graph: { backend: 'gremlin', gremlin: { url: inject('gremlinUrl') } },
    });
  });
  afterAll(async () => {
    await memory?.close();
    await gremlin?.close();
  });

  async function run(t: TestApp, url: string, body?: unknown): Promise<Json> {
    const accepted = await t.app.inject({
      method: body ? 'POST' : 'GET',
      url,
      ...(body ? { payload: body as object, headers: { 'content-type': 'application/json' } } : {}),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await pollUntilDone(t.app, accepted.json().status_url, 60_000);
    const result = done.json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    return result;
  }

  it.each([
    [
      'the running plan at requested rates',
      `/model/topology/heron/current/${TOPOLOGY}?sentence=150`,
      undefined,
    ],
    ['the running plan at measured rates', `/model/topology/heron/current/${TOPOLOGY}`, undefined],
    ['a proposed plan', `/model/topology/heron/proposed/${TOPOLOGY}?sentence=150`, proposedPlan()],
    ['scaling advice', `/model/scaling/heron/${TOPOLOGY}`, undefined],
    ['the graph aspect', `/model/graph/heron/${TOPOLOGY}?sentence=150`, undefined],
    [
      'the graph aspect of a proposed plan',
      `/model/graph/heron/${TOPOLOGY}/proposed?sentence=150`,
      proposedPlan(),
    ],
  ])('%s', async (_what, url, body) => {
    const [fromMemory, fromGremlin] = [await run(memory, url, body), await run(gremlin, url, body)];
    expect(fromMemory.model_results.length).toBeGreaterThan(0);
    expect(comparable(fromGremlin)).toEqual(comparable(fromMemory));
    if (!url.startsWith('/model/scaling')) {
      expect(fromGremlin.plan.graph).toMatchObject({ backend: 'gremlin', plan_ref: expect.any(String) });
      expect(fromMemory.plan.graph.backend).toBe('memory');
    }
  });

  it('a second request for the same plan writes nothing to Gremlin Server; another plan is written once', async () => {
    const client = gremlin.graphs.client;
    const vertexWrites = vi.spyOn(client, 'upsertVertices');
    const edgeWrites = vi.spyOn(client, 'upsertEdges');
    try {
      // Another rate: another job, the same plan — already in the store from the tests above.
      const again = await run(gremlin, `/model/topology/heron/current/${TOPOLOGY}?sentence=151`);
      expect(again.plan.graph.built).toBe(false);
      expect(vertexWrites).not.toHaveBeenCalled();
      expect(edgeWrites).not.toHaveBeenCalled();

      const plan = proposedPlan();
      plan.container_plans[plan.container_plans.length - 1].requiredResource.cpu = 3;
      const first = await run(gremlin, `/model/topology/heron/proposed/${TOPOLOGY}?sentence=140`, plan);
      expect(first.plan.graph.built).toBe(true);
      const writes = vertexWrites.mock.calls.length + edgeWrites.mock.calls.length;
      expect(writes).toBeGreaterThan(0);
      const second = await run(gremlin, `/model/topology/heron/proposed/${TOPOLOGY}?sentence=141`, plan);
      expect(second.plan.graph).toEqual({ ...first.plan.graph, built: false });
      expect(vertexWrites.mock.calls.length + edgeWrites.mock.calls.length).toBe(writes);
    } finally {
      vertexWrites.mockRestore();
      edgeWrites.mockRestore();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

const TOPOLOGY = 'WordCountTopology';
const GRAPH = `/model/graph/heron/${TOPOLOGY}`;

// biome-ignore lint/suspicious/noExplicitAny: result documents are JSON read by the assertions
type Json = any;

describe('the graph aspect on the shipped example (embedded queue, memory graph)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      model: { topology: { heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] } } },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function run(url: string, body?: unknown): Promise<Json> {
    const accepted = await t.app.inject({
      method: body ? 'POST' : 'GET',
      url,
      ...(body ? { payload: body as object, headers: { 'content-type': 'application/json' } } : {}),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json().model_id).toMatch(/^graph-/);
    expect(accepted.json().status_url).toMatch(new RegExp(`^${GRAPH}\\?model_id=graph-`));
    const done = await pollUntilDone(t.app, accepted.json().status_url, 30_000);
    expect(done.statusCode).toBe(200);
    const result = done.json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    return result;
  }

  it('answers the running plan: fan-in/out, paths with the critical one, containers, drawable graphs', async () => {
    const result = await run(`${GRAPH}?sentence=150`);
    expect(result.aspect).toBe('graph');
    expect(result.plan.graph).toMatchObject({ backend: 'memory', built: expect.any(Boolean) });
    const [entry] = result.model_results;
    expect(entry.model_name).toBe('topology-graph');
    const g = entry.results;
    const byName = Object.fromEntries(g.components.map((c: Json) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['count', 'sentence', 'split']);
    const { sentence, split, count } = byName;
    // Every split instance hears from every spout instance (shuffle), and so on down the chain.
    expect(split.fan_in).toBe(sentence.parallelism);
    expect(sentence.fan_out).toBe(split.parallelism);
    expect(count.inputs).toEqual([
      expect.objectContaining({ source: 'split', grouping: 'FIELDS', routing_basis: 'measured' }),
    ]);
    expect(g.paths).toEqual([
      expect.objectContaining({ components: ['sentence', 'split', 'count'], latency_ms: expect.any(Number) }),
    ]);
    expect(g.critical_path.latency_ms).toBeCloseTo(split.sojourn_time_ms + count.sojourn_time_ms, 9);
    expect(g.cycles).toEqual([]);
    // Traffic between containers sums to what the spouts and splits emit, at 150 tuples/s per spout.
    const total = g.containers.pairs.reduce((sum: number, p: Json) => sum + p.tuples_per_sec, 0);
    expect(total).toBeGreaterThan(150 * sentence.parallelism);
    expect(g.containers.cross_container_fraction).toBeGreaterThan(0);
    expect(g.containers.cross_container_fraction).toBeLessThan(1);
    const instanceCount = sentence.parallelism + split.parallelism + count.parallelism;
    expect(g.physical.nodes).toHaveLength(instanceCount);
    expect(Object.keys(g.instances)).toHaveLength(instanceCount);
    expect(g.physical.edges_total).toBe(
      sentence.parallelism * split.parallelism + split.parallelism * count.parallelism,
    );
    expect(g.physical.edges).toHaveLength(g.physical.edges_total);
    expect(g.logical.edges).toEqual([
      { source: 'sentence', target: 'split', stream: 'default', grouping: 'SHUFFLE' },
      { source: 'split', target: 'count', stream: 'default', grouping: 'FIELDS' },
    ]);
  });

  it('refuses bad input with a 4xx naming it', async () => {
    const bad = await t.app.inject({ method: 'GET', url: `${GRAPH}?sentence=-1` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/query\.sentence: rate must be ≥ 0/);
    const unknown = await t.app.inject({ method: 'GET', url: '/model/graph/heron/Nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('TOPOLOGY_NOT_FOUND');
    const noBody = await t.app.inject({ method: 'POST', url: `${GRAPH}/proposed` });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().message).toMatch(/body: /);
    const poll = await t.app.inject({ method: 'GET', url: `${GRAPH}?model_id=graph-AAAAAAAAAAAAAAAAAAAAAA` });
    expect(poll.statusCode).toBe(404);
  });
});

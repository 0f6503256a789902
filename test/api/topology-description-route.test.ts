import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

interface Description {
  components: Array<{
    name: string;
    kind: string;
    parallelism: number;
    tasks: number;
    inputs: Array<{ component: string; grouping: string }>;
    instances: string[];
  }>;
  instances: Array<{ id: string; component: string; rate_key: string; container: string }>;
  containers: Array<{ id: string; instances: string[] }>;
}

describe('GET /topologies/{dsps}/{topology}', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ model: loadConfig({ dir: 'config', env: {} }).model }, { worker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  const describeTopology = async (dsps: string, topology: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/topologies/${dsps}/${topology}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Description;
  };

  it.each([
    ['heron', 'WordCountTopology', { sentence: 3, split: 4, count: 4 }, ['5', '6', '7']],
    ['storm', 'storm-word-count', { sentence: 2, split: 3, count: 4 }, ['1-2', '3-4']],
  ])('%s %s: components, groupings, instances and containers', async (dsps, topology, parallelism, keys) => {
    const d = await describeTopology(dsps, topology);
    expect(Object.fromEntries(d.components.map((c) => [c.name, c.parallelism]))).toEqual(parallelism);
    const split = d.components.find((c) => c.name === 'split');
    expect(split?.inputs).toEqual([{ component: 'sentence', stream: 'default', grouping: 'SHUFFLE' }]);
    expect(d.components.find((c) => c.name === 'count')?.inputs[0]?.grouping).toBe('FIELDS');
    const spoutKeys = d.instances.filter((i) => i.component === 'sentence').map((i) => i.rate_key);
    expect(spoutKeys).toEqual(keys);
    // Every instance is in exactly one container, the one it names.
    const placed = d.containers.flatMap((c) => c.instances.map((id) => [id, c.id]));
    expect(Object.fromEntries(placed)).toEqual(
      Object.fromEntries(d.instances.map((i) => [i.id, i.container])),
    );
    expect(placed.length).toBe(d.instances.length);
  });

  it.each([
    ['heron', 'WordCountTopology'],
    ['storm', 'storm-word-count'],
  ])('%s: the rate keys it lists are what a what-if request accepts', async (dsps, topology) => {
    const d = await describeTopology(dsps, topology);
    const spouts = new Set(d.components.filter((c) => c.kind === 'spout').map((c) => c.name));
    const query = d.instances
      .filter((i) => spouts.has(i.component))
      .map((i, n) => `${i.rate_key}=${100 + n}`)
      .join('&');
    const res = await t.app.inject({
      method: 'GET',
      url: `/model/topology/${dsps}/current/${topology}?${query}`,
    });
    expect(res.statusCode, res.body).toBe(202);
  });

  it('an unknown topology is 404 TOPOLOGY_NOT_FOUND; an unknown parameter a 400 naming it', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/topologies/heron/Nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('TOPOLOGY_NOT_FOUND');
    const bad = await t.app.inject({ method: 'GET', url: '/topologies/heron/WordCountTopology?x=1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('"x"');
  });
});

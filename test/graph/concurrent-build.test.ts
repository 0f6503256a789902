import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPlanGraph } from '../../src/graph/analysis/plan-graph.js';
import { GremlinGraphClient } from '../../src/graph/gremlin-graph-client.js';
import { MemoryGraphClient } from '../../src/graph/memory-graph-client.js';
import { TopologyGraphStore } from '../../src/graph/topology-graph-store.js';
import { chainTopology, syntheticSnapshot } from './support/synthetic-topology.js';

const run = promisify(execFile);

describe('two worker processes building the same new plan at once', () => {
  let gremlin: GremlinGraphClient;
  const topologyId = `t-race-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    gremlin = await GremlinGraphClient.connect({ url: inject('gremlinUrl') });
  });
  afterAll(async () => {
    await gremlin.dropVertices({ has: { topologyId } });
    await gremlin.close();
  });

  it('end in one correct graph: the elements of one build, nothing twice, every process done', async () => {
    const build = () =>
      run(
        process.execPath,
        ['--import', 'tsx', 'test/graph/support/build-plan-graph.ts', inject('gremlinUrl'), topologyId],
        {
          timeout: 60_000,
        },
      );
    const outputs = await Promise.all([build(), build()]);
    for (const { stdout } of outputs)
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toHaveProperty('built');

    // What one build in memory gives, element for element.
    const snapshot = syntheticSnapshot(chainTopology('Race', 6, 40, 8));
    const memory = new MemoryGraphClient();
    const expected = await new TopologyGraphStore(memory).ensure(snapshot, topologyId);
    const store = new TopologyGraphStore(gremlin);
    const plans = await store.plans(topologyId);
    expect(plans.map((p) => p.planRef)).toEqual([expected.scope.planRef]);
    expect(await gremlin.countVertices({ has: { topologyId } })).toBe(
      await memory.countVertices({ has: { topologyId } }),
    );
    expect(await gremlin.countEdges({ has: { topologyId } })).toBe(
      await memory.countEdges({ has: { topologyId } }),
    );
    expect(await loadPlanGraph(gremlin, expected.scope)).toEqual(expected.graph);
    // A third worker now finds it built.
    expect((await store.ensure(snapshot, topologyId)).built).toBe(false);
  }, 90_000);
});

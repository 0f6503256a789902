import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { componentPaths } from '../../src/graph/analysis/component-paths.js';
import { crossContainerTraffic } from '../../src/graph/analysis/cross-container-traffic.js';
import {
  type ExecuteCounts,
  routeStreams,
  routingTable,
} from '../../src/graph/analysis/routing-probabilities.js';
import type { GraphClient } from '../../src/graph/graph-client.js';
import { GremlinGraphClient } from '../../src/graph/gremlin-graph-client.js';
import { MemoryGraphClient } from '../../src/graph/memory-graph-client.js';
import { TopologyGraphStore } from '../../src/graph/topology-graph-store.js';
import type { TopologySnapshot } from '../../src/topology/topology-snapshot.js';
import { closedLoop, everyGrouping, withCycle, wordCount } from './graph-client-contract.js';
import { chainTopology, syntheticSnapshot } from './support/synthetic-topology.js';

/** Every analysis of one plan, read back from a backend. */
async function analyse(client: GraphClient, snapshot: TopologySnapshot, executeCounts: ExecuteCounts) {
  const topologyId = `t-agree-${randomUUID().slice(0, 8)}`;
  try {
    const { graph } = await new TopologyGraphStore(client).ensure(snapshot, topologyId);
    const routed = routeStreams(graph, { executeCounts });
    return {
      counts: {
        vertices: await client.countVertices({ has: { topologyId } }),
        edges: await client.countEdges({ has: { topologyId } }),
      },
      graph: { ...graph, scope: { ...graph.scope, topologyId: 'T' } },
      routing: routingTable(routed),
      crossing: crossContainerTraffic(graph, routed),
      paths: componentPaths(graph),
    };
  } finally {
    await client.dropVertices({ has: { topologyId } });
  }
}

/** Execute counts for every consumer: instance k gets k + 1 tuples of each input. */
function skewedCounts(snapshot: TopologySnapshot): ExecuteCounts {
  const counts: Record<string, Record<string, number>> = {};
  for (const stream of snapshot.streams) {
    snapshot.components[stream.target]?.instances.forEach((id, k) => {
      counts[id] = { ...counts[id], [`${stream.source}/${stream.stream}`]: k + 1 };
    });
  }
  return counts;
}

describe('the analyses agree between the in-memory graph and Gremlin Server', () => {
  let gremlin: GraphClient;
  let memory: GraphClient;
  beforeAll(async () => {
    gremlin = await GremlinGraphClient.connect({ url: inject('gremlinUrl') });
    memory = new MemoryGraphClient();
  });
  afterAll(async () => {
    await gremlin?.close();
    await memory?.close();
  });

  it.each([
    ['word count', () => syntheticSnapshot(wordCount())],
    ['every grouping', () => syntheticSnapshot(everyGrouping())],
    ['a cycle', () => syntheticSnapshot(withCycle())],
    ['a closed loop', () => syntheticSnapshot(closedLoop())],
    [
      'a 6-component chain of 30 instances each over 7 containers',
      () => syntheticSnapshot(chainTopology('Chain', 6, 30, 7)),
    ],
  ])('%s', async (_, make) => {
    const snapshot = make();
    const counts = skewedCounts(snapshot);
    const fromGremlin = await analyse(gremlin, snapshot, counts);
    const fromMemory = await analyse(memory, snapshot, counts);
    expect(fromGremlin).toEqual(fromMemory);
    expect(fromMemory.routing.length).toBe(snapshot.streams.length);
    // O(instances): a vertex per instance, component, container, stream manager, plus the topology.
    const instances = Object.keys(snapshot.instances).length;
    expect(fromMemory.counts.vertices).toBe(
      1 +
        instances +
        Object.keys(snapshot.components).length +
        Object.keys(snapshot.containers).length +
        Object.keys(snapshot.streamManagers).length,
    );
  });
});

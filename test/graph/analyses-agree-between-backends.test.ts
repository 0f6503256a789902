import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { snapshotFromPlans } from '../../src/dsps/heron/heron-snapshot.js';
import { decodePackingPlan } from '../../src/dsps/heron/packing-plan-codec.js';
import { decodePhysicalPlan } from '../../src/dsps/heron/physical-plan-codec.js';
import { crossContainerTraffic } from '../../src/graph/analysis/cross-container-traffic.js';
import { instancePaths } from '../../src/graph/analysis/instance-paths.js';
import { loadPlanGraph } from '../../src/graph/analysis/plan-graph.js';
import { analyseRouting, type ExecuteCounts } from '../../src/graph/analysis/routing-probabilities.js';
import type { GraphClient } from '../../src/graph/graph-client.js';
import { GremlinGraphClient } from '../../src/graph/gremlin-graph-client.js';
import { MemoryGraphClient } from '../../src/graph/memory-graph-client.js';
import { TopologyGraphStore } from '../../src/graph/topology-graph-store.js';
import type { TopologySnapshot } from '../../src/topology/topology-snapshot.js';
import { heronFixtureBytes } from '../dsps/heron/protoc-encode.js';
import { closedLoop, everyGrouping, withCycle, wordCount } from './graph-client-contract.js';
import { chainTopology, syntheticSnapshot } from './support/synthetic-topology.js';

/** Every analysis of one plan, read back from a backend. */
async function analyse(
  client: GraphClient,
  snapshot: TopologySnapshot,
  planRef: string,
  executeCounts: ExecuteCounts,
) {
  const topologyId = `t-agree-${randomUUID().slice(0, 8)}`;
  try {
    const store = new TopologyGraphStore(client);
    const { scope } = await store.ensure(snapshot, { topologyId, planRef });
    const routing = await analyseRouting(client, scope, { executeCounts });
    const graph = await loadPlanGraph(client, scope);
    const strip = <T extends { id?: string; edgeId?: string }>(items: T[]) =>
      items.map(({ id, edgeId, ...rest }) => ({
        ...rest,
        key: (id ?? edgeId ?? '').replace(topologyId, 'T'),
      }));
    return {
      counts: {
        vertices: await client.countVertices({ has: { topologyId } }),
        edges: await client.countEdges({ has: { topologyId } }),
      },
      instances: graph.instances,
      routing: strip(routing),
      crossing: (() => {
        const traffic = crossContainerTraffic(graph);
        return { ...traffic, edges: strip(traffic.edges) };
      })(),
      paths: instancePaths(graph, { maxPaths: 5000 }),
    };
  } finally {
    await client.dropVertices({ has: { topologyId } });
  }
}

/** Execute counts for every FIELDS/DIRECT/CUSTOM consumer: instance k gets k + 1 tuples of each input. */
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
    const [fromGremlin, fromMemory] = [
      await analyse(gremlin, snapshot, 'current', counts),
      await analyse(memory, snapshot, 'current', counts),
    ];
    expect(fromGremlin).toEqual(fromMemory);
    expect(fromMemory.routing.length).toBeGreaterThan(0);
  });

  it('a proposed Heron packing plan sent as protobuf bytes: decoded, snapshot, graph on Gremlin Server, same analyses', async () => {
    // The logical plan of the running topology, and a proposed packing plan, both as bytes protoc wrote.
    const running = decodePhysicalPlan(
      heronFixtureBytes('word-count-physical-plan', 'heron.proto.system.PhysicalPlan', 'physical_plan.proto'),
      'application/x-protobuf',
    );
    const proposed = decodePackingPlan(
      heronFixtureBytes('word-count-packing-plan'),
      'application/x-protobuf',
    );
    const snapshot = snapshotFromPlans({
      name: running.topology.name,
      logicalPlan: running.topology.logicalPlan,
      packingPlan: proposed,
    });
    const counts = skewedCounts(snapshot);
    const fromGremlin = await analyse(gremlin, snapshot, snapshot.planHash, counts);
    expect(fromGremlin).toEqual(await analyse(memory, snapshot, snapshot.planHash, counts));
    // 6 instances, 2 containers, 2 stream managers, 1 topology; 8 logical + 14 physical + 10 is_within edges.
    expect(fromGremlin.counts).toEqual({ vertices: 11, edges: 32 });
    expect(fromGremlin.paths.paths).toHaveLength(8);
    expect(fromGremlin.crossing.streams.map((s) => s.crossContainerFraction)).toEqual([0.5, 0.5]);
  });
});

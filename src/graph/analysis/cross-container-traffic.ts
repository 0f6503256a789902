import type { GraphClient } from '../graph-client.js';
import type { GraphScope } from '../graph-schema.js';
import { compareText, loadPlanGraph, type PlanGraph } from './plan-graph.js';

export interface EdgeCrossing {
  /** The logical edge's graph id. */
  edgeId: string;
  source: string;
  target: string;
  stream: string;
  sourceContainer: string;
  targetContainer: string;
  routingProbability: number;
  /** The edge's tuples leave the source's container (through two stream managers): all or none of them. */
  crossesContainers: boolean;
}

export interface StreamCrossing {
  sourceComponent: string;
  stream: string;
  targetComponent: string;
  /** Share of the stream's tuples (to this consumer) that cross containers, in [0, 1]. */
  crossContainerFraction: number;
}

export interface CrossContainerTraffic {
  /** Every logical edge, sorted by edge id. */
  edges: EdgeCrossing[];
  /** One per (source component, stream, consumer), sorted. */
  streams: StreamCrossing[];
  /** Share of all tuples sent between instances that cross containers, in [0, 1]. */
  crossContainerFraction: number;
}

export interface CrossContainerOptions {
  /**
   * Relative emit rate of each source instance (any unit, same for all), e.g. measured emit counts. Absent
   * instances weigh 1; without it every instance of a component emits alike.
   */
  emitWeights?: Readonly<Record<string, number>>;
}

/**
 * How much of the topology's traffic crosses containers — tuples that go instance → stream manager → peer
 * stream manager → instance, over the network, instead of staying in one container. For a stream s from
 * component A to consumer B:
 *
 *   crossFraction(s) = Σ_{edges a→b of s} w(a)·p(a→b)·[container(a) ≠ container(b)] / Σ_{edges a→b of s} w(a)·p(a→b)
 *
 * with p the edge's routing probability and w(a) the emitting instance's weight; the topology's fraction
 * sums over all streams alike. A stream that carries nothing (all p = 0) has fraction 0.
 */
export function crossContainerTraffic(
  graph: PlanGraph,
  options: CrossContainerOptions = {},
): CrossContainerTraffic {
  const containerOf = new Map(graph.instances.map((i) => [i.instanceId, i.container]));
  const weight = (instance: string) => {
    const w = options.emitWeights?.[instance];
    return typeof w === 'number' && Number.isFinite(w) && w >= 0 ? w : 1;
  };
  const edges: EdgeCrossing[] = [];
  const perStream = new Map<string, { crossing: number; total: number }>();
  let crossing = 0;
  let total = 0;
  for (const edge of graph.logicalEdges) {
    const sourceContainer = containerOf.get(edge.source) ?? '';
    const targetContainer = containerOf.get(edge.target) ?? '';
    const crosses = sourceContainer !== targetContainer;
    edges.push({
      edgeId: edge.id,
      source: edge.source,
      target: edge.target,
      stream: edge.stream,
      sourceContainer,
      targetContainer,
      routingProbability: edge.routingProbability,
      crossesContainers: crosses,
    });
    const traffic = weight(edge.source) * edge.routingProbability;
    const key = JSON.stringify([edge.sourceComponent, edge.stream, edge.targetComponent]);
    const sums = perStream.get(key) ?? { crossing: 0, total: 0 };
    sums.total += traffic;
    total += traffic;
    if (crosses) {
      sums.crossing += traffic;
      crossing += traffic;
    }
    perStream.set(key, sums);
  }
  const streams = [...perStream.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, sums]): StreamCrossing => {
      const [sourceComponent, stream, targetComponent] = JSON.parse(key) as [string, string, string];
      return {
        sourceComponent,
        stream,
        targetComponent,
        crossContainerFraction: sums.total > 0 ? sums.crossing / sums.total : 0,
      };
    });
  return {
    edges: edges.sort((a, b) => compareText(a.edgeId, b.edgeId)),
    streams,
    crossContainerFraction: total > 0 ? crossing / total : 0,
  };
}

/** {@link crossContainerTraffic} of a plan stored in a graph, with the routing probabilities on its edges. */
export async function analyseCrossContainerTraffic(
  client: GraphClient,
  scope: GraphScope,
  options: CrossContainerOptions = {},
): Promise<CrossContainerTraffic> {
  return crossContainerTraffic(await loadPlanGraph(client, scope), options);
}

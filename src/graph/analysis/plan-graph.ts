import type { Grouping } from '../../topology/topology-structure.js';
import type { GraphClient } from '../graph-client.js';
import { EDGE_LABEL, type GraphScope, INSTANCE_LABELS, scopeProperties } from '../graph-schema.js';

/** How a logical edge's routing probability was found. */
export type RoutingBasis =
  /** From the grouping alone: shuffle and none 1/n, all 1, lowest 1 or 0. */
  | 'grouping'
  /** From measured per-instance execute counts (fields, direct, custom). */
  | 'measured'
  /** Fields, direct or custom without measurements: assumed spread evenly, 1/n. */
  | 'assumed-uniform';

export interface InstanceNode {
  /** The instance's id in the DSPS (Heron: `container_1_word_2`). */
  instanceId: string;
  component: string;
  kind: 'spout' | 'bolt';
  taskId: number;
  componentIndex: number;
  container: string;
  streamManager?: string;
}

/** A `logically_connected` edge: tuples of `stream` from one instance to another. */
export interface LogicalEdge {
  /** The graph element's id. */
  id: string;
  /** Instance id of the emitting instance. */
  source: string;
  /** Instance id of the receiving instance. */
  target: string;
  sourceComponent: string;
  targetComponent: string;
  stream: string;
  grouping: Grouping;
  /**
   * The share of the source instance's tuples on `stream` that this edge carries, in [0, 1]; for ALL
   * grouping every edge carries a copy of each tuple (1 each).
   */
  routingProbability: number;
  routingBasis: RoutingBasis;
}

/** One plan's instances and logical edges, as the analyses read them; sorted by instance id and edge id. */
export interface PlanGraph {
  scope: GraphScope;
  instances: InstanceNode[];
  logicalEdges: LogicalEdge[];
}

/**
 * Reads one plan's instances and `logically_connected` edges from a graph — two queries, whatever the size —
 * so an analysis runs on the same data whichever backend holds it.
 * @throws Error when the plan has no graph (never built, or pruned).
 */
export async function loadPlanGraph(client: GraphClient, scope: GraphScope): Promise<PlanGraph> {
  const has = scopeProperties(scope);
  const [vertices, edges] = await Promise.all([
    client.vertices({ labels: INSTANCE_LABELS, has }),
    client.edges({ labels: [EDGE_LABEL.logicallyConnected], has }),
  ]);
  if (vertices.length === 0) {
    throw new Error(`no graph for topology ${scope.topologyId}, plan ${scope.planRef}`);
  }
  const instances = vertices
    .map((v): InstanceNode => {
      const p = v.properties;
      return {
        instanceId: String(p.instanceId),
        component: String(p.component),
        kind: v.label === 'spout' ? 'spout' : 'bolt',
        taskId: Number(p.taskId),
        componentIndex: Number(p.componentIndex),
        container: String(p.container),
        ...(p.streamManager !== undefined ? { streamManager: String(p.streamManager) } : {}),
      };
    })
    .sort((a, b) => compareText(a.instanceId, b.instanceId));
  const logicalEdges = edges.map((e): LogicalEdge => {
    const p = e.properties;
    return {
      id: e.id,
      source: String(p.sourceInstance),
      target: String(p.targetInstance),
      sourceComponent: String(p.sourceComponent),
      targetComponent: String(p.targetComponent),
      stream: String(p.stream),
      grouping: String(p.grouping) as Grouping,
      routingProbability: Number(p.routingProbability),
      routingBasis: String(p.routingBasis) as RoutingBasis,
    };
  });
  return { scope, instances, logicalEdges };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

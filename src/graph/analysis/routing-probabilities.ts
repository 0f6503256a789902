import type { GraphClient } from '../graph-client.js';
import { EDGE_LABEL, type GraphScope, scopedIds } from '../graph-schema.js';
import {
  type InstanceNode,
  type LogicalEdge,
  loadPlanGraph,
  type PlanGraph,
  type RoutingBasis,
} from './plan-graph.js';

/**
 * Tuples each instance executed, by where they came from, over one window:
 * instance id → `<source component>/<stream>` → count (Heron: `__execute-count/<component>/<stream>`).
 */
export type ExecuteCounts = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * The routing probability of every logical edge: the share of the source instance's tuples on the edge's
 * stream that go to the edge's target instance (Caladrius, "routing probabilities"; Kalim et al., "Caladrius:
 * A Performance Modelling Service for Distributed Stream Processing Systems", ICDE 2019, §IV). With n the
 * number of instances of the consuming component:
 *
 * - SHUFFLE and NONE (Heron sends NONE like shuffle): 1/n.
 * - ALL: 1 — every instance gets a copy of every tuple.
 * - LOWEST (Storm's global grouping): 1 to the instance with the lowest task id, 0 to the others.
 * - FIELDS, DIRECT, CUSTOM: where tuples go depends on their values, so it is measured: the target's
 *   execute count for `<source component>/<stream>` over the sum of the counts of all n instances
 *   (basis `measured`). Every source instance is taken to split alike (keys do not depend on the emitter).
 *   Without counts, or when they sum to 0, 1/n (basis `assumed-uniform`).
 *
 * Probabilities of one source instance's edges on one (stream, consumer) sum to 1, except ALL (n).
 * @returns the edges with `routingProbability` and `routingBasis` set, in the input order.
 */
export function routingProbabilities(graph: PlanGraph, executeCounts?: ExecuteCounts): LogicalEdge[] {
  const byComponent = new Map<string, InstanceNode[]>();
  for (const instance of graph.instances) {
    const list = byComponent.get(instance.component) ?? [];
    list.push(instance);
    byComponent.set(instance.component, list);
  }
  const measured = new Map<string, Map<string, number> | undefined>();
  const sharesOf = (edge: LogicalEdge): Map<string, number> | undefined => {
    const key = JSON.stringify([edge.sourceComponent, edge.stream, edge.targetComponent]);
    if (!measured.has(key)) {
      measured.set(key, measuredShares(byComponent.get(edge.targetComponent) ?? [], edge, executeCounts));
    }
    return measured.get(key);
  };
  return graph.logicalEdges.map((edge): LogicalEdge => {
    const targets = byComponent.get(edge.targetComponent) ?? [];
    const n = Math.max(targets.length, 1);
    switch (edge.grouping) {
      case 'SHUFFLE':
      case 'NONE':
        return routed(edge, 1 / n, 'grouping');
      case 'ALL':
        return routed(edge, 1, 'grouping');
      case 'LOWEST': {
        const lowest = targets.reduce<InstanceNode | undefined>(
          (low, i) => (low === undefined || i.taskId < low.taskId ? i : low),
          undefined,
        );
        return routed(edge, lowest?.instanceId === edge.target ? 1 : 0, 'grouping');
      }
      default: {
        const shares = sharesOf(edge);
        return shares
          ? routed(edge, shares.get(edge.target) ?? 0, 'measured')
          : routed(edge, 1 / n, 'assumed-uniform');
      }
    }
  });
}

/** A copy of the edge with its probability (written out: spread-then-set is slow per edge in V8). */
function routed(edge: LogicalEdge, routingProbability: number, routingBasis: RoutingBasis): LogicalEdge {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceComponent: edge.sourceComponent,
    targetComponent: edge.targetComponent,
    stream: edge.stream,
    grouping: edge.grouping,
    routingProbability,
    routingBasis,
  };
}

/** Each target's share of the executed tuples of the edge's stream, or undefined without usable counts. */
function measuredShares(
  targets: readonly InstanceNode[],
  edge: LogicalEdge,
  executeCounts: ExecuteCounts | undefined,
): Map<string, number> | undefined {
  if (!executeCounts) return undefined;
  const key = `${edge.sourceComponent}/${edge.stream}`;
  const counts = targets.map((t) => {
    const count = executeCounts[t.instanceId]?.[key];
    return [
      t.instanceId,
      typeof count === 'number' && Number.isFinite(count) && count > 0 ? count : 0,
    ] as const;
  });
  const total = counts.reduce((sum, [, c]) => sum + c, 0);
  if (total <= 0) return undefined;
  return new Map(counts.map(([id, c]) => [id, c / total]));
}

export interface AnalyseRoutingOptions {
  executeCounts?: ExecuteCounts;
  /** Write the probabilities onto the graph's edges. @defaultValue true */
  write?: boolean;
}

/**
 * {@link routingProbabilities} of a plan stored in a graph; by default also writes them onto its
 * `logically_connected` edges (`routingProbability`, `routingBasis`).
 */
export async function analyseRouting(
  client: GraphClient,
  scope: GraphScope,
  options: AnalyseRoutingOptions = {},
): Promise<LogicalEdge[]> {
  const graph = await loadPlanGraph(client, scope);
  const routed = routingProbabilities(graph, options.executeCounts);
  if (options.write ?? true) {
    const ids = scopedIds(scope);
    await client.upsertEdges(
      routed.map((edge) => ({
        id: edge.id,
        label: EDGE_LABEL.logicallyConnected,
        outV: ids.instance(edge.source),
        inV: ids.instance(edge.target),
        properties: {
          topologyId: scope.topologyId,
          planRef: scope.planRef,
          routingProbability: edge.routingProbability,
          routingBasis: edge.routingBasis,
        },
      })),
    );
  }
  return routed;
}

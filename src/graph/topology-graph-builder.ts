import type { Resources } from '../topology/resources.js';
import type { TopologySnapshot } from '../topology/topology-snapshot.js';
import type { InstanceNode, LogicalEdge } from './analysis/plan-graph.js';
import { type ExecuteCounts, routingProbabilities } from './analysis/routing-probabilities.js';
import type { EdgeRecord, Properties, VertexRecord } from './graph-client.js';
import { EDGE_LABEL, type GraphScope, scopedIds, scopeProperties, VERTEX_LABEL } from './graph-schema.js';

export interface TopologyGraphElements {
  /** The topology vertex first: every other element hangs off it. */
  vertices: VertexRecord[];
  edges: EdgeRecord[];
}

export interface TopologyGraphOptions {
  /** Measured execute counts, for the routing probabilities of fields, direct and custom groupings. */
  executeCounts?: ExecuteCounts;
  /** Extra properties of the topology vertex (the graph store records the snapshot's fingerprint there). */
  topologyProperties?: Properties;
}

/**
 * The graph of one plan of a topology (schema: docs/graph.md), as elements to upsert:
 *
 * - vertices `topology`, `container`, `stream_manager`, and one per instance labelled `spout` or `bolt`;
 * - `logically_connected` instance → instance for every stream and every pair of instances its grouping can
 *   connect (all consumer instances; for LOWEST only the lowest task id), with grouping, grouping fields and
 *   routing probability (see routingProbabilities);
 * - `physically_connected` instance → its stream manager → instance, and stream manager → peer stream manager
 *   wherever a logical edge that carries traffic crosses containers;
 * - `is_within` instance → container, stream manager → container, container → topology.
 *
 * Pure: the same snapshot and scope always give the same elements, ids included.
 */
export function topologyGraphElements(
  snapshot: TopologySnapshot,
  scope: GraphScope,
  options: TopologyGraphOptions = {},
): TopologyGraphElements {
  const base = scopeProperties(scope);
  const ids = scopedIds(scope);
  const vertices: VertexRecord[] = [
    {
      id: ids.topology,
      label: VERTEX_LABEL.topology,
      properties: {
        ...base,
        name: snapshot.name,
        dsps: snapshot.dsps,
        planHash: snapshot.planHash,
        ...(snapshot.id ? { dspsTopologyId: snapshot.id } : {}),
        instanceCount: Object.keys(snapshot.instances).length,
        containerCount: Object.keys(snapshot.containers).length,
        ...options.topologyProperties,
      },
    },
  ];
  const edges: EdgeRecord[] = [];
  const within = (fromKind: string, fromName: string, from: string, to: string) =>
    edges.push({
      id: ids.within(fromKind, fromName),
      label: EDGE_LABEL.isWithin,
      outV: from,
      inV: to,
      properties: { topologyId: scope.topologyId, planRef: scope.planRef },
    });
  const physical = (
    fromKind: string,
    from: string,
    toKind: string,
    to: string,
    outV: string,
    inV: string,
    hop: string,
  ) =>
    edges.push({
      id: ids.physical(fromKind, from, toKind, to),
      label: EDGE_LABEL.physicallyConnected,
      outV,
      inV,
      properties: { topologyId: scope.topologyId, planRef: scope.planRef, hop },
    });

  for (const container of Object.values(snapshot.containers)) {
    const id = ids.container(container.id);
    vertices.push({
      id,
      label: VERTEX_LABEL.container,
      properties: {
        ...base,
        container: container.id,
        index: container.index,
        ...resourceProperties('', container.requiredResources),
        ...resourceProperties('scheduled', container.scheduledResources),
        ...(container.streamManager ? { streamManager: container.streamManager } : {}),
      },
    });
    within('container', container.id, id, ids.topology);
  }
  for (const stmgr of Object.values(snapshot.streamManagers)) {
    const id = ids.streamManager(stmgr.id);
    vertices.push({
      id,
      label: VERTEX_LABEL.streamManager,
      properties: {
        ...base,
        streamManager: stmgr.id,
        container: stmgr.container,
        ...(stmgr.host ? { host: stmgr.host } : {}),
      },
    });
    within('stmgr', stmgr.id, id, ids.container(stmgr.container));
  }
  for (const instance of Object.values(snapshot.instances)) {
    const component = snapshot.components[instance.component];
    const id = ids.instance(instance.id);
    vertices.push({
      id,
      label: component?.kind === 'spout' ? VERTEX_LABEL.spout : VERTEX_LABEL.bolt,
      properties: {
        ...base,
        instanceId: instance.id,
        component: instance.component,
        taskId: instance.taskId,
        componentIndex: instance.componentIndex,
        container: instance.container,
        ...(instance.streamManager ? { streamManager: instance.streamManager } : {}),
        ...resourceProperties('', instance.resources),
      },
    });
    within('instance', instance.id, id, ids.container(instance.container));
    if (instance.streamManager) {
      const stmgr = ids.streamManager(instance.streamManager);
      physical('instance', instance.id, 'stmgr', instance.streamManager, id, stmgr, 'instance_to_stmgr');
      physical('stmgr', instance.streamManager, 'instance', instance.id, stmgr, id, 'stmgr_to_instance');
    }
  }

  const routed = routingProbabilities(
    { scope, instances: instanceNodes(snapshot), logicalEdges: logicalEdges(snapshot, ids) },
    options.executeCounts,
  );
  const peerLinks = new Map<string, [string, string]>();
  // Edges come stream by stream: look a stream's grouping fields up once, not per edge.
  let stream = snapshot.streams[0];
  let fields = stream?.groupingFields ? JSON.stringify(stream.groupingFields) : undefined;
  for (const edge of routed) {
    if (
      stream?.source !== edge.sourceComponent ||
      stream.stream !== edge.stream ||
      stream.target !== edge.targetComponent
    ) {
      stream = snapshot.streams.find(
        (s) =>
          s.source === edge.sourceComponent && s.stream === edge.stream && s.target === edge.targetComponent,
      );
      fields = stream?.groupingFields ? JSON.stringify(stream.groupingFields) : undefined;
    }
    // Written out, not spread from `base`: spreading then adding properties is ~20× slower in V8, and this
    // runs once per logical edge.
    const properties: Properties = {
      topologyId: scope.topologyId,
      planRef: scope.planRef,
      stream: edge.stream,
      sourceInstance: edge.source,
      targetInstance: edge.target,
      sourceComponent: edge.sourceComponent,
      targetComponent: edge.targetComponent,
      grouping: edge.grouping,
      routingProbability: edge.routingProbability,
      routingBasis: edge.routingBasis,
    };
    if (fields !== undefined) properties.groupingFields = fields;
    edges.push({
      id: edge.id,
      label: EDGE_LABEL.logicallyConnected,
      outV: ids.instance(edge.source),
      inV: ids.instance(edge.target),
      properties,
    });
    const from = snapshot.instances[edge.source]?.streamManager;
    const to = snapshot.instances[edge.target]?.streamManager;
    if (from && to && from !== to && edge.routingProbability > 0)
      peerLinks.set(`${from}\u0000${to}`, [from, to]);
  }
  for (const key of [...peerLinks.keys()].sort()) {
    const [from, to] = peerLinks.get(key) as [string, string];
    physical('stmgr', from, 'stmgr', to, ids.streamManager(from), ids.streamManager(to), 'stmgr_to_stmgr');
  }
  return { vertices, edges };
}

/** The snapshot's instances as the analyses see them. */
function instanceNodes(snapshot: TopologySnapshot): InstanceNode[] {
  return Object.values(snapshot.instances).map((i) => ({
    instanceId: i.id,
    component: i.component,
    kind: snapshot.components[i.component]?.kind ?? 'bolt',
    taskId: i.taskId,
    componentIndex: i.componentIndex,
    container: i.container,
    ...(i.streamManager ? { streamManager: i.streamManager } : {}),
  }));
}

/** Instance-level edges of every stream, stream by stream, before routing probabilities are known. */
function logicalEdges(snapshot: TopologySnapshot, ids: ReturnType<typeof scopedIds>): LogicalEdge[] {
  const edges: LogicalEdge[] = [];
  for (const stream of snapshot.streams) {
    const sources = snapshot.components[stream.source]?.instances ?? [];
    let targets = snapshot.components[stream.target]?.instances ?? [];
    // Component instances are sorted by task id: LOWEST sends everything to the first.
    if (stream.grouping === 'LOWEST') targets = targets.slice(0, 1);
    for (const source of sources) {
      for (const target of targets) {
        edges.push({
          id: ids.logical(stream.stream, source, target),
          source,
          target,
          sourceComponent: stream.source,
          targetComponent: stream.target,
          stream: stream.stream,
          grouping: stream.grouping,
          routingProbability: 0,
          routingBasis: 'grouping',
        });
      }
    }
  }
  return edges;
}

/** `cpuCores`, `ramBytes`, `diskBytes` (or `scheduledCpuCores`…) when the resources are known. */
function resourceProperties(prefix: string, resources: Resources | undefined): Properties {
  if (!resources) return {};
  if (!prefix)
    return { cpuCores: resources.cpuCores, ramBytes: resources.ramBytes, diskBytes: resources.diskBytes };
  return {
    [`${prefix}CpuCores`]: resources.cpuCores,
    [`${prefix}RamBytes`]: resources.ramBytes,
    [`${prefix}DiskBytes`]: resources.diskBytes,
  };
}

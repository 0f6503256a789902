import type { Resources } from '../topology/resources.js';
import type { TopologySnapshot } from '../topology/topology-snapshot.js';
import type { EdgeRecord, Properties, VertexRecord } from './graph-client.js';
import { EDGE_LABEL, type GraphScope, scopedIds, scopeProperties, VERTEX_LABEL } from './graph-schema.js';

export interface TopologyGraphElements {
  vertices: VertexRecord[];
  edges: EdgeRecord[];
}

/**
 * The graph of one plan of a topology (schema: docs/graph.md), as elements to upsert, in O(instances +
 * streams):
 *
 * - vertices `component` (kind, parallelism), `container` (resources), `stream_manager`, and one per
 *   instance labelled `spout` or `bolt` (task id or Storm task range, component index, container);
 * - `streams_to` component → consumer for every stream of the logical plan, with grouping and key fields;
 * - `is_within` instance → container, stream manager → container, container → topology, component →
 *   topology (an instance's component is its `component` property: an edge more per instance would double
 *   the writes of a build for nothing a query needs).
 *
 * The topology vertex is not among them: the graph store writes it last, as the mark of a finished build.
 * Pure: the same snapshot and scope always give the same elements, ids included.
 */
export function topologyGraphElements(snapshot: TopologySnapshot, scope: GraphScope): TopologyGraphElements {
  const base = scopeProperties(scope);
  const ids = scopedIds(scope);
  const vertices: VertexRecord[] = [];
  const edges: EdgeRecord[] = [];
  const within = (fromKind: string, fromName: string, from: string, to: string) =>
    edges.push({
      id: ids.within(fromKind, fromName),
      label: EDGE_LABEL.isWithin,
      outV: from,
      inV: to,
      properties: { ...base },
    });

  // The topology vertex must exist before edges point at it: written bare here, completed last by the store.
  vertices.push({ id: ids.topology, label: VERTEX_LABEL.topology, properties: { ...base } });
  for (const component of Object.values(snapshot.components)) {
    const id = ids.component(component.name);
    vertices.push({
      id,
      label: VERTEX_LABEL.component,
      properties: {
        ...base,
        component: component.name,
        kind: component.kind,
        parallelism: component.instances.length,
      },
    });
    within('component', component.name, id, ids.topology);
  }
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
        ...(instance.lastTaskId !== undefined ? { lastTaskId: instance.lastTaskId } : {}),
        componentIndex: instance.componentIndex,
        container: instance.container,
        ...(instance.streamManager ? { streamManager: instance.streamManager } : {}),
        ...resourceProperties('', instance.resources),
      },
    });
    within('instance', instance.id, id, ids.container(instance.container));
  }
  for (const stream of snapshot.streams) {
    edges.push({
      id: ids.stream(stream.source, stream.stream, stream.target),
      label: EDGE_LABEL.streamsTo,
      outV: ids.component(stream.source),
      inV: ids.component(stream.target),
      properties: {
        ...base,
        sourceComponent: stream.source,
        targetComponent: stream.target,
        stream: stream.stream,
        grouping: stream.grouping,
        ...(stream.groupingFields ? { groupingFields: JSON.stringify(stream.groupingFields) } : {}),
      },
    });
  }
  return { vertices, edges };
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

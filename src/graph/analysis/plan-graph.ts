import type { ComponentKind, Grouping } from '../../topology/topology-structure.js';
import type { EdgeRecord, GraphClient, VertexRecord } from '../graph-client.js';
import { EDGE_LABEL, type GraphScope, scopeProperties, VERTEX_LABEL } from '../graph-schema.js';

export interface ComponentNode {
  name: string;
  kind: ComponentKind;
  /** Instances of the component in this plan. */
  parallelism: number;
}

/** A `streams_to` edge: tuples of `stream` from one component to a consumer. */
export interface StreamEdge {
  source: string;
  stream: string;
  target: string;
  grouping: Grouping;
  groupingFields?: string[];
}

export interface InstanceNode {
  /** The instance's id in the DSPS (Heron: `container_1_word_2`; Storm: `[3-4]`). */
  instanceId: string;
  component: string;
  kind: ComponentKind;
  taskId: number;
  /** The last task a Storm executor runs; absent for one task. */
  lastTaskId?: number;
  componentIndex: number;
  container: string;
  streamManager?: string;
}

export interface ContainerNode {
  id: string;
  /** CPU the plan asks for the container, cores; absent when the plan does not say. */
  cpuCores?: number;
}

/**
 * One plan as the analyses and the models read it: components, streams, instances (sorted by task id) and
 * containers (sorted by id). Everything the topology models need of the plan, whichever backend holds it.
 */
export interface PlanGraph {
  scope: GraphScope;
  components: ComponentNode[];
  streams: StreamEdge[];
  instances: InstanceNode[];
  containers: ContainerNode[];
}

/**
 * Reads one plan from a graph — two queries, whatever its size — so an analysis or a model runs on the
 * same data whichever backend holds it.
 * @throws Error when the plan has no graph (never built, or expired).
 */
export async function loadPlanGraph(client: GraphClient, scope: GraphScope): Promise<PlanGraph> {
  const has = scopeProperties(scope);
  const [vertices, edges] = await Promise.all([
    client.vertices({
      labels: [VERTEX_LABEL.component, VERTEX_LABEL.container, VERTEX_LABEL.spout, VERTEX_LABEL.bolt],
      has,
    }),
    client.edges({ labels: [EDGE_LABEL.streamsTo], has }),
  ]);
  return planGraphOf(scope, vertices, edges);
}

/**
 * The plan graph of one scope's elements — as read from a backend, or as just written (so a build need not
 * read back what it wrote). Elements of other labels are ignored.
 * @throws Error when there is no component (no graph).
 */
export function planGraphOf(
  scope: GraphScope,
  vertices: readonly VertexRecord[],
  edges: readonly EdgeRecord[],
): PlanGraph {
  const components: ComponentNode[] = [];
  const instances: InstanceNode[] = [];
  const containers: ContainerNode[] = [];
  for (const v of vertices) {
    if (v.label === VERTEX_LABEL.component) components.push(componentOf(v));
    else if (v.label === VERTEX_LABEL.container) containers.push(containerOf(v));
    else if (v.label === VERTEX_LABEL.spout || v.label === VERTEX_LABEL.bolt) instances.push(instanceOf(v));
  }
  if (components.length === 0) {
    throw new Error(`no graph for topology ${scope.topologyId}, plan ${scope.planRef}`);
  }
  const streams = edges
    .filter((e) => e.label === EDGE_LABEL.streamsTo)
    .map((e): StreamEdge => {
      const p = e.properties;
      return {
        source: String(p.sourceComponent),
        stream: String(p.stream),
        target: String(p.targetComponent),
        grouping: String(p.grouping) as Grouping,
        ...(p.groupingFields !== undefined
          ? { groupingFields: JSON.parse(String(p.groupingFields)) as string[] }
          : {}),
      };
    })
    .sort((a, b) => compareText(streamKey(a), streamKey(b)));
  return {
    scope,
    components: components.sort((a, b) => compareText(a.name, b.name)),
    streams,
    instances: instances.sort((a, b) => a.taskId - b.taskId),
    containers: containers.sort((a, b) => compareText(a.id, b.id)),
  };
}

function componentOf(v: VertexRecord): ComponentNode {
  const p = v.properties;
  return {
    name: String(p.component),
    kind: p.kind === 'spout' ? 'spout' : 'bolt',
    parallelism: Number(p.parallelism),
  };
}

function containerOf(v: VertexRecord): ContainerNode {
  const p = v.properties;
  return { id: String(p.container), ...(p.cpuCores !== undefined ? { cpuCores: Number(p.cpuCores) } : {}) };
}

function instanceOf(v: VertexRecord): InstanceNode {
  const p = v.properties;
  return {
    instanceId: String(p.instanceId),
    component: String(p.component),
    kind: v.label === VERTEX_LABEL.spout ? 'spout' : 'bolt',
    taskId: Number(p.taskId),
    ...(p.lastTaskId !== undefined ? { lastTaskId: Number(p.lastTaskId) } : {}),
    componentIndex: Number(p.componentIndex),
    container: String(p.container),
    ...(p.streamManager !== undefined ? { streamManager: String(p.streamManager) } : {}),
  };
}

/** `<source>/<stream>/<target>`: a stream edge's key. */
export function streamKey(s: Pick<StreamEdge, 'source' | 'stream' | 'target'>): string {
  return `${s.source}/${s.stream}/${s.target}`;
}

/** Instances by component, each list in task order. */
export function instancesByComponent(graph: Pick<PlanGraph, 'instances'>): Map<string, InstanceNode[]> {
  const map = new Map<string, InstanceNode[]>();
  for (const i of graph.instances) {
    const list = map.get(i.component) ?? [];
    list.push(i);
    map.set(i.component, list);
  }
  return map;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import {
  byId,
  type EdgeRecord,
  type ElementQuery,
  type GraphClient,
  matchesProperties,
  type PropertyValue,
  type VertexRecord,
} from './graph-client.js';
import { PROPERTY } from './graph-schema.js';

/**
 * The embedded graph: everything in this process's memory, nothing to install or start. Lookups by topology
 * and plan (what every augur query asks) go through an index; anything else scans. Elements are copied in
 * and out, so callers cannot change the stored graph by mutating what they passed or got.
 */
export class MemoryGraphClient implements GraphClient {
  readonly backend = 'memory';
  readonly #vertices = new Map<string, VertexRecord>();
  readonly #edges = new Map<string, EdgeRecord>();
  /** Vertex id → ids of the edges touching it. */
  readonly #incident = new Map<string, Set<string>>();
  /** `topologyId` + `planRef` → element ids, for vertices and edges. */
  readonly #vertexIndex = new Map<string, Set<string>>();
  readonly #edgeIndex = new Map<string, Set<string>>();
  #closed = false;

  async upsertVertices(vertices: readonly VertexRecord[]): Promise<void> {
    this.#open();
    for (const vertex of vertices) {
      const current = this.#vertices.get(vertex.id);
      if (current && current.label !== vertex.label) {
        throw new Error(`vertex ${vertex.id} exists with label ${current.label}, not ${vertex.label}`);
      }
      const next: VertexRecord = {
        id: vertex.id,
        label: vertex.label,
        properties: current ? { ...current.properties, ...vertex.properties } : { ...vertex.properties },
      };
      if (current) unindex(this.#vertexIndex, current.id, current.properties);
      this.#vertices.set(vertex.id, next);
      index(this.#vertexIndex, next.id, next.properties);
    }
  }

  async upsertEdges(edges: readonly EdgeRecord[]): Promise<void> {
    this.#open();
    for (const edge of edges) {
      for (const end of [edge.outV, edge.inV]) {
        if (!this.#vertices.has(end)) throw new Error(`edge ${edge.id}: vertex ${end} does not exist`);
      }
      const current = this.#edges.get(edge.id);
      if (
        current &&
        (current.label !== edge.label || current.outV !== edge.outV || current.inV !== edge.inV)
      ) {
        throw new Error(`edge ${edge.id} exists with other ends or label`);
      }
      const next: EdgeRecord = {
        id: edge.id,
        label: edge.label,
        outV: edge.outV,
        inV: edge.inV,
        properties: current ? { ...current.properties, ...edge.properties } : { ...edge.properties },
      };
      if (current) unindex(this.#edgeIndex, current.id, current.properties);
      this.#edges.set(edge.id, next);
      index(this.#edgeIndex, next.id, next.properties);
      for (const end of [edge.outV, edge.inV]) {
        const set = this.#incident.get(end) ?? new Set<string>();
        set.add(edge.id);
        this.#incident.set(end, set);
      }
    }
  }

  async vertices(query: ElementQuery): Promise<VertexRecord[]> {
    this.#open();
    return this.#matchingVertices(query)
      .map((v) => ({ id: v.id, label: v.label, properties: { ...v.properties } }))
      .sort(byId);
  }

  async edges(query: ElementQuery): Promise<EdgeRecord[]> {
    this.#open();
    return this.#matchingEdges(query)
      .map((e) => ({ id: e.id, label: e.label, outV: e.outV, inV: e.inV, properties: { ...e.properties } }))
      .sort(byId);
  }

  async countVertices(query: ElementQuery): Promise<number> {
    this.#open();
    return this.#matchingVertices(query).length;
  }

  async countEdges(query: ElementQuery): Promise<number> {
    this.#open();
    return this.#matchingEdges(query).length;
  }

  async dropVertices(query: ElementQuery): Promise<number> {
    this.#open();
    const doomed = this.#matchingVertices(query);
    for (const vertex of doomed) {
      for (const edgeId of this.#incident.get(vertex.id) ?? []) {
        const edge = this.#edges.get(edgeId);
        if (!edge) continue;
        this.#edges.delete(edgeId);
        unindex(this.#edgeIndex, edgeId, edge.properties);
        const other = edge.outV === vertex.id ? edge.inV : edge.outV;
        this.#incident.get(other)?.delete(edgeId);
      }
      this.#incident.delete(vertex.id);
      this.#vertices.delete(vertex.id);
      unindex(this.#vertexIndex, vertex.id, vertex.properties);
    }
    return doomed.length;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #matchingVertices(query: ElementQuery): VertexRecord[] {
    return select(this.#vertices, this.#vertexIndex, query);
  }

  #matchingEdges(query: ElementQuery): EdgeRecord[] {
    return select(this.#edges, this.#edgeIndex, query);
  }

  #open(): void {
    if (this.#closed) throw new Error('the graph client is closed');
  }
}

function select<T extends VertexRecord | EdgeRecord>(
  elements: Map<string, T>,
  scopeIndex: Map<string, Set<string>>,
  query: ElementQuery,
): T[] {
  const key = scopeKey(query.has);
  const candidates = query.ids
    ? query.ids.flatMap((id) => elements.get(id) ?? [])
    : key === undefined
      ? [...elements.values()]
      : [...(scopeIndex.get(key) ?? [])].map((id) => elements.get(id) as T);
  const labels = query.labels ? new Set(query.labels) : undefined;
  return candidates.filter(
    (e) => (!labels || labels.has(e.label)) && matchesProperties(e.properties, query.has),
  );
}

function scopeKey(properties: Readonly<Record<string, PropertyValue>> | undefined): string | undefined {
  const topologyId = properties?.[PROPERTY.topologyId];
  const planRef = properties?.[PROPERTY.planRef];
  return topologyId === undefined || planRef === undefined
    ? undefined
    : JSON.stringify([topologyId, planRef]);
}

function index(scopeIndex: Map<string, Set<string>>, id: string, properties: Record<string, PropertyValue>) {
  const key = scopeKey(properties);
  if (key === undefined) return;
  const set = scopeIndex.get(key) ?? new Set<string>();
  set.add(id);
  scopeIndex.set(key, set);
}

function unindex(
  scopeIndex: Map<string, Set<string>>,
  id: string,
  properties: Record<string, PropertyValue>,
) {
  const key = scopeKey(properties);
  if (key !== undefined) scopeIndex.get(key)?.delete(id);
}

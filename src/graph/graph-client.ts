/** A property value the graph stores: what every TinkerPop backend keeps natively. */
export type PropertyValue = string | number | boolean;

export type Properties = Record<string, PropertyValue>;

export interface VertexRecord {
  /** Chosen by augur (deterministic, see graph-schema.ts), so upserts are idempotent. */
  id: string;
  label: string;
  properties: Properties;
}

export interface EdgeRecord {
  id: string;
  label: string;
  /** Id of the vertex the edge leaves. */
  outV: string;
  /** Id of the vertex the edge enters. */
  inV: string;
  properties: Properties;
}

/** Which elements a query returns: all of `labels` (any, when absent) whose properties equal `has`. */
export interface ElementQuery {
  /** Only these element ids: a lookup by id, which a backend answers without a scan. */
  ids?: readonly string[];
  labels?: readonly string[];
  has?: Readonly<Properties>;
}

/**
 * The topology graph store, behind which the backend can change (the Caladrius design): an embedded
 * in-memory graph for zero-setup runs, or a TinkerPop Gremlin Server (TinkerGraph, JanusGraph, Neptune…).
 * Every backend passes the same contract suite (test/graph/graph-client-contract.ts).
 *
 * Writes are idempotent upserts by id — writing the same element twice leaves one, with the properties of
 * the last write — so a build interrupted half-way is finished by running it again. Reads return elements
 * sorted by id. Gremlin failures (server unreachable, timeouts) are `GRAPH_UNAVAILABLE`: transient, so jobs retry.
 */
export interface GraphClient {
  /** `memory` or `gremlin`. */
  readonly backend: string;
  /** Creates the vertices that do not exist and overwrites the given properties of those that do. */
  upsertVertices(vertices: readonly VertexRecord[]): Promise<void>;
  /**
   * Creates the edges that do not exist and overwrites the given properties of those that do.
   * @throws Error when an edge's end vertex does not exist.
   */
  upsertEdges(edges: readonly EdgeRecord[]): Promise<void>;
  vertices(query: ElementQuery): Promise<VertexRecord[]>;
  edges(query: ElementQuery): Promise<EdgeRecord[]>;
  /** Counts the matching vertices without reading them. */
  countVertices(query: ElementQuery): Promise<number>;
  /** Counts the matching edges without reading them. */
  countEdges(query: ElementQuery): Promise<number>;
  /** Drops the matching vertices and every edge touching them; resolves with how many vertices went. */
  dropVertices(query: ElementQuery): Promise<number>;
  /** Releases connections; the client is unusable afterwards. */
  close(): Promise<void>;
}

/** True when `properties` has every key of `has` with an equal value. */
export function matchesProperties(properties: Properties, has: Readonly<Properties> | undefined): boolean {
  if (!has) return true;
  for (const [key, value] of Object.entries(has)) if (properties[key] !== value) return false;
  return true;
}

export function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

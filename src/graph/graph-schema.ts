/**
 * The topology graph's schema (documented in docs/graph.md): labels, property names, and the deterministic
 * element ids that make upserts idempotent. Every element carries `topologyId` and `planRef`, so several
 * plans of one topology — the current one and proposed ones — live side by side and go away together.
 */

export const VERTEX_LABEL = {
  topology: 'topology',
  container: 'container',
  streamManager: 'stream_manager',
  spout: 'spout',
  bolt: 'bolt',
} as const;

/** The labels of instance vertices: an instance is labelled with its component's kind. */
export const INSTANCE_LABELS: readonly string[] = [VERTEX_LABEL.spout, VERTEX_LABEL.bolt];

export const EDGE_LABEL = {
  /** instance → instance, one per stream: tuples of `stream` go this way with `routingProbability`. */
  logicallyConnected: 'logically_connected',
  /** instance → its stream manager → (peer stream manager →) instance: the way tuples travel. */
  physicallyConnected: 'physically_connected',
  /** instance → container, stream manager → container, container → topology. */
  isWithin: 'is_within',
} as const;

export const PROPERTY = {
  topologyId: 'topologyId',
  planRef: 'planRef',
} as const;

/** The `planRef` of the graph of a topology's running plan; proposed plans use their canonical plan hash. */
export const CURRENT_PLAN = 'current';

/** Which plan of which topology a graph holds. */
export interface GraphScope {
  topologyId: string;
  /** {@link CURRENT_PLAN}, or a proposed plan's canonical plan hash. */
  planRef: string;
}

/** The properties that select a scope's elements. */
export function scopeProperties(scope: GraphScope): { topologyId: string; planRef: string } {
  return { [PROPERTY.topologyId]: scope.topologyId, [PROPERTY.planRef]: scope.planRef };
}

// Id parts are URI-encoded, so the `|` between them cannot occur inside one.
const part = (value: string | number): string => encodeURIComponent(String(value));
const prefix = (scope: GraphScope): string => `${part(scope.topologyId)}|${part(scope.planRef)}`;

/** Element ids of one scope; parts are encoded once and remembered, as a build asks for them many times. */
export function scopedIds(scope: GraphScope) {
  const pre = prefix(scope);
  const encoded = new Map<string, string>();
  const enc = (value: string): string => {
    let e = encoded.get(value);
    if (e === undefined) {
      e = part(value);
      encoded.set(value, e);
    }
    return e;
  };
  return {
    topology: `${pre}|topology`,
    container: (container: string) => `${pre}|container|${enc(container)}`,
    streamManager: (stmgr: string) => `${pre}|stmgr|${enc(stmgr)}`,
    instance: (instance: string) => `${pre}|instance|${enc(instance)}`,
    logical: (stream: string, from: string, to: string) => `${pre}|lc|${enc(stream)}|${enc(from)}|${enc(to)}`,
    physical: (fromKind: string, from: string, toKind: string, to: string) =>
      `${pre}|pc|${fromKind}:${enc(from)}|${toKind}:${enc(to)}`,
    within: (fromKind: string, from: string) => `${pre}|in|${fromKind}:${enc(from)}`,
  };
}

export const vertexId = {
  topology: (scope: GraphScope) => scopedIds(scope).topology,
  container: (scope: GraphScope, container: string) => scopedIds(scope).container(container),
  streamManager: (scope: GraphScope, stmgr: string) => scopedIds(scope).streamManager(stmgr),
  instance: (scope: GraphScope, instance: string) => scopedIds(scope).instance(instance),
};

export const edgeId = {
  logical: (scope: GraphScope, stream: string, from: string, to: string) =>
    scopedIds(scope).logical(stream, from, to),
  physical: (scope: GraphScope, fromKind: string, from: string, toKind: string, to: string) =>
    scopedIds(scope).physical(fromKind, from, toKind, to),
  within: (scope: GraphScope, fromKind: string, from: string) => scopedIds(scope).within(fromKind, from),
};

/**
 * The topology graph's schema (documented in docs/graph.md): labels, property names, and the deterministic
 * element ids that make upserts idempotent. Every element carries `topologyId` and `planRef`, so several
 * plans of one topology live side by side and go away together.
 *
 * The graph grows with instances, not with their pairs: instances are vertices, and the logical plan's
 * streams are `streams_to` edges between component vertices. Which instance of a consumer a tuple reaches
 * is the routing analysis's answer (src/graph/analysis/routing-probabilities.ts), computed from the
 * grouping and the instances' task ranges, so a shuffle between two 1 000-instance components is one edge,
 * not a million.
 */

export const VERTEX_LABEL = {
  topology: 'topology',
  component: 'component',
  container: 'container',
  streamManager: 'stream_manager',
  spout: 'spout',
  bolt: 'bolt',
} as const;

/** The labels of instance vertices: an instance is labelled with its component's kind. */
export const INSTANCE_LABELS: readonly string[] = [VERTEX_LABEL.spout, VERTEX_LABEL.bolt];

export const EDGE_LABEL = {
  /** component → consuming component, one per stream, with its grouping. */
  streamsTo: 'streams_to',
  /** instance → container, stream manager → container, container → topology, component → topology. */
  isWithin: 'is_within',
} as const;

export const PROPERTY = {
  topologyId: 'topologyId',
  planRef: 'planRef',
} as const;

/** Which plan of which topology a graph holds. */
export interface GraphScope {
  topologyId: string;
  /** The fingerprint of the snapshot the graph was built from: one graph per exact plan. */
  planRef: string;
}

/** The properties that select a scope's elements. */
export function scopeProperties(scope: GraphScope): { topologyId: string; planRef: string } {
  return { [PROPERTY.topologyId]: scope.topologyId, [PROPERTY.planRef]: scope.planRef };
}

// Id parts are URI-encoded, so the `|` between them cannot occur inside one.
const part = (value: string | number): string => encodeURIComponent(String(value));
const prefix = (scope: GraphScope): string => `${part(scope.topologyId)}|${part(scope.planRef)}`;

/** Element ids of one scope. */
export function scopedIds(scope: GraphScope) {
  const pre = prefix(scope);
  return {
    topology: `${pre}|topology`,
    component: (component: string) => `${pre}|component|${part(component)}`,
    container: (container: string) => `${pre}|container|${part(container)}`,
    streamManager: (stmgr: string) => `${pre}|stmgr|${part(stmgr)}`,
    instance: (instance: string) => `${pre}|instance|${part(instance)}`,
    stream: (source: string, stream: string, target: string) =>
      `${pre}|stream|${part(source)}|${part(stream)}|${part(target)}`,
    within: (fromKind: string, from: string) => `${pre}|in|${fromKind}:${part(from)}`,
  };
}

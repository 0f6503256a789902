import { snapshotFingerprint } from '../topology/snapshot-fingerprint.js';
import type { TopologySnapshot } from '../topology/topology-snapshot.js';
import { loadPlanGraph, type PlanGraph, planGraphOf } from './analysis/plan-graph.js';
import type { EdgeRecord, GraphClient, VertexRecord } from './graph-client.js';
import { type GraphScope, scopedIds, scopeProperties, VERTEX_LABEL } from './graph-schema.js';
import { topologyGraphElements } from './topology-graph-builder.js';

export interface TopologyGraphStoreOptions {
  /** A plan's graph nobody asked for in this long is dropped, s. @defaultValue 86 400 (1 day) */
  ttlSec?: number;
  /** Most plan graphs kept per topology; the least recently used go first. @defaultValue 20 */
  maxPlansPerTopology?: number;
  /**
   * Plan graphs this process keeps after reading or writing them, most recently used first. A plan's graph
   * never changes (it is a function of its fingerprint), so a kept one only needs the store's completion mark
   * to be used again: a cached plan's model run does not read its elements over the network. 0 keeps none.
   * @defaultValue 8
   */
  cachedPlans?: number;
  /** Now, in Unix seconds (tests move it). */
  nowSec?: () => number;
}

export interface EnsuredGraph {
  scope: GraphScope;
  /** True when this call wrote the graph; false when the store already held it. */
  built: boolean;
  graph: PlanGraph;
}

/** One plan graph in the store, as its topology vertex describes it. */
export interface StoredPlan {
  topologyId: string;
  /** The fingerprint of the snapshot it was built from. */
  planRef: string;
  planHash: string;
  builtAtSec: number;
  usedAtSec: number;
}

/**
 * The topology graphs of the plans augur models, keyed by the exact fingerprint of the snapshot each was
 * built from ({@link snapshotFingerprint}): a plan's graph is written once and read by every later request
 * for the same plan — running or proposed — without a single write. A plan's elements are a pure function of
 * its fingerprint, so a graph never needs rebuilding in place: a changed plan is a new graph, and the old
 * one expires (`ttlSec`, `maxPlansPerTopology`).
 *
 * A build writes every element, then the topology vertex with `complete: true`: a build that dies half-way
 * leaves no mark, and the next request finishes it (upserts are idempotent). Two workers building the same
 * new plan at once write the same elements; a write that loses a race on a backend whose check-then-add is
 * not atomic (TinkerGraph) is retried, after which both see one graph.
 */
export class TopologyGraphStore {
  readonly #client: GraphClient;
  readonly #ttlSec: number;
  readonly #maxPlans: number;
  readonly #nowSec: () => number;
  readonly #building = new Map<string, Promise<EnsuredGraph>>();
  readonly #cachedPlans: number;
  /** Plan graphs read or written here, by scope key, in least recently used order. */
  readonly #kept = new Map<string, PlanGraph>();

  constructor(client: GraphClient, options: TopologyGraphStoreOptions = {}) {
    this.#client = client;
    this.#ttlSec = options.ttlSec ?? 86_400;
    this.#maxPlans = options.maxPlansPerTopology ?? 20;
    this.#cachedPlans = options.cachedPlans ?? 8;
    this.#nowSec = options.nowSec ?? (() => Math.floor(Date.now() / 1000));
  }

  get client(): GraphClient {
    return this.#client;
  }

  /** The graph of `snapshot`'s plan, written unless the store holds it already. */
  ensure(
    snapshot: TopologySnapshot,
    topologyId: string = snapshot.id ?? snapshot.name,
  ): Promise<EnsuredGraph> {
    const scope: GraphScope = { topologyId, planRef: snapshotFingerprint(snapshot) };
    const key = scopeKey(scope);
    const running = this.#building.get(key);
    if (running) return running;
    const build = this.#ensure(snapshot, scope).finally(() => this.#building.delete(key));
    this.#building.set(key, build);
    return build;
  }

  /** Every plan graph the store holds, sorted by topology and plan. */
  async plans(topologyId?: string): Promise<StoredPlan[]> {
    const vertices = await this.#client.vertices({
      labels: [VERTEX_LABEL.topology],
      has: topologyId ? { topologyId } : {},
    });
    return vertices
      .filter((v) => v.properties.complete === true)
      .map(storedPlan)
      .sort((a, b) =>
        a.topologyId === b.topologyId
          ? a.planRef.localeCompare(b.planRef)
          : a.topologyId.localeCompare(b.topologyId),
      );
  }

  /**
   * Drops the graphs nobody asked for within `ttlSec` and, per topology, all but the `maxPlansPerTopology`
   * most recently used — of one topology (what every build does), or of all (what a worker does at start).
   * Resolves with the plans dropped.
   */
  async expire(topologyId?: string): Promise<StoredPlan[]> {
    const now = this.#nowSec();
    const byTopology = new Map<string, StoredPlan[]>();
    for (const plan of await this.plans(topologyId)) {
      const list = byTopology.get(plan.topologyId) ?? [];
      list.push(plan);
      byTopology.set(plan.topologyId, list);
    }
    const dropped: StoredPlan[] = [];
    for (const list of byTopology.values()) {
      list.sort((a, b) => b.usedAtSec - a.usedAtSec);
      for (const [rank, plan] of list.entries()) {
        if (rank < this.#maxPlans && now - plan.usedAtSec <= this.#ttlSec) continue;
        await this.#client.dropVertices({ has: scopeProperties(plan) });
        this.#kept.delete(scopeKey(plan));
        dropped.push(plan);
      }
    }
    return dropped;
  }

  async #ensure(snapshot: TopologySnapshot, scope: GraphScope): Promise<EnsuredGraph> {
    // By id: the mark's id is a function of the scope, so this is a lookup, not a scan of the plans.
    const [mark] = await this.#client.vertices({
      ids: [scopedIds(scope).topology],
      labels: [VERTEX_LABEL.topology],
      has: scopeProperties(scope),
    });
    const now = this.#nowSec();
    if (mark?.properties.complete === true) {
      // Refresh the last use only when it is stale, so repeated requests for a plan write nothing.
      if (now - Number(mark.properties.usedAtSec) > this.#ttlSec / 4)
        await this.#client.upsertVertices([{ ...mark, properties: { usedAtSec: now } }]);
      const graph = this.#kept.get(scopeKey(scope)) ?? (await loadPlanGraph(this.#client, scope));
      this.#keep(scope, graph);
      return { scope, built: false, graph };
    }
    const { vertices, edges } = topologyGraphElements(snapshot, scope);
    await retryOnce(() => this.#write(snapshot, scope, now, vertices, edges));
    await this.expire(scope.topologyId);
    // What was just written is the graph: no need to read it back.
    const graph = planGraphOf(scope, vertices, edges);
    this.#keep(scope, graph);
    return { scope, built: true, graph };
  }

  #keep(scope: GraphScope, graph: PlanGraph): void {
    const key = scopeKey(scope);
    this.#kept.delete(key);
    if (this.#cachedPlans === 0) return;
    this.#kept.set(key, graph);
    for (const oldest of this.#kept.keys()) {
      if (this.#kept.size <= this.#cachedPlans) break;
      this.#kept.delete(oldest);
    }
  }

  async #write(
    snapshot: TopologySnapshot,
    scope: GraphScope,
    now: number,
    vertices: readonly VertexRecord[],
    edges: readonly EdgeRecord[],
  ): Promise<void> {
    await this.#client.upsertVertices(vertices);
    await this.#client.upsertEdges(edges);
    const mark: VertexRecord = {
      id: scopedIds(scope).topology,
      label: VERTEX_LABEL.topology,
      properties: {
        ...scopeProperties(scope),
        name: snapshot.name,
        dsps: snapshot.dsps,
        planHash: snapshot.planHash,
        instanceCount: Object.keys(snapshot.instances).length,
        builtAtSec: now,
        usedAtSec: now,
        complete: true,
      },
    };
    await this.#client.upsertVertices([mark]);
  }
}

const scopeKey = (scope: Pick<GraphScope, 'topologyId' | 'planRef'>) =>
  JSON.stringify([scope.topologyId, scope.planRef]);

function storedPlan(v: VertexRecord): StoredPlan {
  const p = v.properties;
  return {
    topologyId: String(p.topologyId),
    planRef: String(p.planRef),
    planHash: String(p.planHash ?? ''),
    builtAtSec: Number(p.builtAtSec ?? 0),
    usedAtSec: Number(p.usedAtSec ?? 0),
  };
}

// A concurrent builder of the same plan may win a check-then-add race on the backend; the elements it wrote
// are the ones this build writes, so one more idempotent pass converges.
async function retryOnce(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch {
    await write();
  }
}

import { snapshotFingerprint } from '../topology/snapshot-fingerprint.js';
import type { TopologySnapshot } from '../topology/topology-snapshot.js';
import type { ExecuteCounts } from './analysis/routing-probabilities.js';
import type { GraphClient } from './graph-client.js';
import {
  CURRENT_PLAN,
  type GraphScope,
  PROPERTY,
  scopeProperties,
  VERTEX_LABEL,
  vertexId,
} from './graph-schema.js';
import { topologyGraphElements } from './topology-graph-builder.js';

export interface EnsureGraphOptions {
  /** Whose graph: defaults to the snapshot's topology id, or its name. */
  topologyId?: string;
  /** Which plan: {@link CURRENT_PLAN} (the default) or a proposed plan's canonical hash. */
  planRef?: string;
  executeCounts?: ExecuteCounts;
}

export interface EnsureGraphResult {
  scope: GraphScope;
  /** False when the graph in the store was already built from this very snapshot. */
  rebuilt: boolean;
  /** The snapshot's exact fingerprint, recorded on the topology vertex. */
  fingerprint: string;
  /** The snapshot's canonical plan hash. */
  planHash: string;
}

/** One plan graph in the store, as its topology vertex describes it. */
export interface StoredPlan {
  planRef: string;
  planHash: string;
  fingerprint: string;
}

/**
 * Keeps topology graphs fresh without rebuilding them on every request. A plan's graph records, on its
 * topology vertex, the fingerprint of the snapshot it was built from; {@link TopologyGraphStore.ensure}
 * rebuilds only when that differs — the physical plan (or logical or packing plan) changed — and otherwise
 * leaves the graph alone. The fingerprint is exact (instance ids, container numbers) because the graph
 * carries those ids; the canonical plan hash, which ignores them, names proposed plans.
 *
 * A rebuild drops the plan's elements and writes them anew, the topology vertex's fingerprint last: a build
 * that dies half-way leaves no fingerprint, so the next `ensure` rebuilds. Concurrent `ensure`s of one plan
 * in this process share one build; across processes the upserts are idempotent, so two builders of the
 * same snapshot end in the same graph.
 */
export class TopologyGraphStore {
  readonly #client: GraphClient;
  readonly #building = new Map<string, Promise<EnsureGraphResult>>();

  constructor(client: GraphClient) {
    this.#client = client;
  }

  get client(): GraphClient {
    return this.#client;
  }

  /** Builds the snapshot's graph unless the store holds one built from the same snapshot. */
  ensure(snapshot: TopologySnapshot, options: EnsureGraphOptions = {}): Promise<EnsureGraphResult> {
    const scope: GraphScope = {
      topologyId: options.topologyId ?? snapshot.id ?? snapshot.name,
      planRef: options.planRef ?? CURRENT_PLAN,
    };
    const key = JSON.stringify([scope.topologyId, scope.planRef]);
    const running = this.#building.get(key);
    if (running) return running;
    const build = this.#ensure(snapshot, scope, options.executeCounts).finally(() =>
      this.#building.delete(key),
    );
    this.#building.set(key, build);
    return build;
  }

  /** The plans of a topology the store holds, sorted by plan ref. */
  async plans(topologyId: string): Promise<StoredPlan[]> {
    const vertices = await this.#client.vertices({
      labels: [VERTEX_LABEL.topology],
      has: { [PROPERTY.topologyId]: topologyId },
    });
    return vertices
      .map((v) => ({
        planRef: String(v.properties[PROPERTY.planRef]),
        planHash: String(v.properties.planHash ?? ''),
        fingerprint: String(v.properties.fingerprint ?? ''),
      }))
      .sort((a, b) => (a.planRef < b.planRef ? -1 : a.planRef > b.planRef ? 1 : 0));
  }

  /** Drops one plan's graph; resolves with the number of vertices dropped. */
  drop(scope: GraphScope): Promise<number> {
    return this.#client.dropVertices({ has: scopeProperties(scope) });
  }

  /**
   * Drops every plan graph of a topology except those in `keep` (the current plan is kept unless `keep`
   * leaves it out on purpose: pass `[CURRENT_PLAN, …]`). Resolves with the plan refs dropped.
   */
  async prune(topologyId: string, keep: readonly string[]): Promise<string[]> {
    const kept = new Set(keep);
    const dropped: string[] = [];
    for (const plan of await this.plans(topologyId)) {
      if (kept.has(plan.planRef)) continue;
      await this.drop({ topologyId, planRef: plan.planRef });
      dropped.push(plan.planRef);
    }
    return dropped;
  }

  async #ensure(
    snapshot: TopologySnapshot,
    scope: GraphScope,
    executeCounts: ExecuteCounts | undefined,
  ): Promise<EnsureGraphResult> {
    const fingerprint = snapshotFingerprint(snapshot);
    const result = { scope, fingerprint, planHash: snapshot.planHash };
    const [current] = await this.#client.vertices({
      labels: [VERTEX_LABEL.topology],
      has: scopeProperties(scope),
    });
    if (current?.properties.fingerprint === fingerprint) return { ...result, rebuilt: false };

    await this.drop(scope);
    const elements = topologyGraphElements(snapshot, scope, executeCounts ? { executeCounts } : {});
    await this.#client.upsertVertices(elements.vertices);
    await this.#client.upsertEdges(elements.edges);
    await this.#client.upsertVertices([
      {
        id: vertexId.topology(scope),
        label: VERTEX_LABEL.topology,
        properties: { ...scopeProperties(scope), fingerprint },
      },
    ]);
    return { ...result, rebuilt: true };
  }
}

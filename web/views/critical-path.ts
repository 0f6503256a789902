import type { InstanceResult } from '../../src/ui/shared/topology-summary.js';

export interface InstanceEdge {
  from: string;
  to: string;
}

export interface CriticalPath {
  instances: string[];
  /** Sum of predicted sojourn times along the path plus the hop costs between instances, ms. */
  timeMs: number;
}

/**
 * The slowest spout → sink chain of instances: the longest path by predicted sojourn time (ρ ≥ 1 counts as
 * unbounded, so a backpressured instance is always on it) plus the model's local/remote hop cost per edge.
 * A cycle is cut where the search meets an instance already on the path.
 */
export function criticalPath(
  instances: Record<string, InstanceResult>,
  edges: InstanceEdge[],
  hopMs: { local: number; remote: number } = { local: 0, remote: 0 },
): CriticalPath | null {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const own = (id: string) => {
    const inst = instances[id];
    if (!inst || inst.kind === 'spout') return 0;
    return inst.sojourn_time_ms ?? Number.POSITIVE_INFINITY;
  };
  const best = new Map<string, CriticalPath>();
  const onPath = new Set<string>();
  const longest = (id: string): CriticalPath => {
    const known = best.get(id);
    if (known) return known;
    onPath.add(id);
    let tail: CriticalPath = { instances: [], timeMs: 0 };
    for (const next of out.get(id) ?? []) {
      if (onPath.has(next)) continue;
      const hop = instances[next]?.container === instances[id]?.container ? hopMs.local : hopMs.remote;
      const candidate = longest(next);
      if (candidate.timeMs + hop > tail.timeMs || tail.instances.length === 0) {
        tail = { instances: candidate.instances, timeMs: candidate.timeMs + hop };
      }
    }
    onPath.delete(id);
    const path = { instances: [id, ...tail.instances], timeMs: own(id) + tail.timeMs };
    best.set(id, path);
    return path;
  };
  let slowest: CriticalPath | null = null;
  for (const [id, inst] of Object.entries(instances)) {
    if (inst.kind !== 'spout') continue;
    const path = longest(id);
    if (!slowest || path.timeMs > slowest.timeMs) slowest = path;
  }
  return slowest;
}

import type { ConsoleStream } from '../../src/ui/shared/console-types.js';
import type { InstanceResult } from '../../src/ui/shared/topology-summary.js';
import type { InstanceEdge } from './critical-path.js';

/** Above this many instance-to-instance edges the graph draws none (a hairball helps nobody). */
export const MAX_DRAWN_EDGES = 1500;

/** Component streams → instance edges: every instance of the source to every instance of the target. */
export function instanceEdges(
  instances: Record<string, InstanceResult>,
  streams: ConsoleStream[],
): Array<InstanceEdge & { grouping: string }> {
  const byComponent = new Map<string, string[]>();
  for (const [id, inst] of Object.entries(instances)) {
    byComponent.set(inst.component, [...(byComponent.get(inst.component) ?? []), id]);
  }
  const seen = new Set<string>();
  const edges: Array<InstanceEdge & { grouping: string }> = [];
  for (const s of streams) {
    for (const from of byComponent.get(s.from) ?? []) {
      for (const to of byComponent.get(s.to) ?? []) {
        const key = `${from}\u0000${to}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({ from, to, grouping: s.grouping.toLowerCase() });
      }
    }
  }
  return edges;
}

/** Components in flow order (spouts first, then each after everything feeding it; cycles by name). */
export function flowOrder(components: string[], streams: ConsoleStream[]): string[] {
  const depth = new Map(components.map((c) => [c, 0]));
  for (let round = 0; round < components.length; round++) {
    for (const s of streams) {
      if (s.from === s.to) continue;
      const d = (depth.get(s.from) ?? 0) + 1;
      if (d > (depth.get(s.to) ?? 0) && d < components.length) depth.set(s.to, d);
    }
  }
  return [...components].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0) || a.localeCompare(b));
}

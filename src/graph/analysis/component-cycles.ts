import type { PlanGraph } from './plan-graph.js';

/**
 * The feedback cycles of a logical plan: each set of components tuples can go round (a strongly connected
 * component of the stream graph with more than one member, or a component feeding itself), members sorted
 * by name, cycles by their first member. Tarjan's algorithm (R. Tarjan, "Depth-first search and linear
 * graph algorithms", SIAM J. Computing 1(2), 1972); recursion is bounded by the number of components.
 */
export function componentCycles(graph: Pick<PlanGraph, 'components' | 'streams'>): string[][] {
  const next = new Map<string, string[]>(graph.components.map((c) => [c.name, []]));
  const selfLoop = new Set<string>();
  for (const s of graph.streams) {
    next.get(s.source)?.push(s.target);
    if (s.source === s.target) selfLoop.add(s.source);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const members: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      members.push(w);
    } while (w !== v);
    if (members.length > 1 || selfLoop.has(v)) cycles.push(members.sort());
  };
  for (const c of graph.components) if (!index.has(c.name)) visit(c.name);
  return cycles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

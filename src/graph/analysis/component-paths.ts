import type { PlanGraph, StreamEdge } from './plan-graph.js';

export interface ComponentPath {
  /** Component names from a spout to a sink (a component no stream leaves) or to where a cycle was cut. */
  components: string[];
  /** The stream of each hop (one fewer than components). */
  streams: string[];
}

export interface ComponentPathsResult {
  /** In depth-first order: spouts by name, then hops by consumer name. */
  paths: ComponentPath[];
  /** True when `maxPaths` stopped the search: `paths` is then a prefix of all paths. */
  truncated: boolean;
  /** Streams that led back to a component already on the path (a cycle), and were not followed. */
  cyclesCut: number;
}

/**
 * Every path of the logical plan from a spout component to a sink, at component level: the paths a tuple's
 * descendants can take, whatever the parallelism (instance paths grow as the product of the parallelisms
 * along them). A path never visits a component twice; the search stops at `maxPaths`.
 */
export function componentPaths(
  graph: Pick<PlanGraph, 'components' | 'streams'>,
  maxPaths = 10_000,
): ComponentPathsResult {
  const outgoing = new Map<string, StreamEdge[]>();
  for (const s of graph.streams) {
    const list = outgoing.get(s.source) ?? [];
    list.push(s);
    outgoing.set(s.source, list);
  }
  for (const list of outgoing.values())
    list.sort((a, b) => a.target.localeCompare(b.target) || a.stream.localeCompare(b.stream));
  const paths: ComponentPath[] = [];
  let cyclesCut = 0;
  let truncated = false;
  const walk = (components: string[], streams: string[]): void => {
    if (truncated) return;
    const here = components[components.length - 1] as string;
    const next = (outgoing.get(here) ?? []).filter((s) => {
      if (!components.includes(s.target)) return true;
      cyclesCut++;
      return false;
    });
    if (next.length === 0) {
      if (paths.length >= maxPaths) truncated = true;
      else paths.push({ components, streams });
      return;
    }
    for (const s of next) walk([...components, s.target], [...streams, s.stream]);
  };
  for (const spout of graph.components
    .filter((c) => c.kind === 'spout')
    .map((c) => c.name)
    .sort())
    walk([spout], []);
  return { paths, truncated, cyclesCut };
}

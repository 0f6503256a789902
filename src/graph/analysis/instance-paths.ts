import type { GraphClient } from '../graph-client.js';
import type { GraphScope } from '../graph-schema.js';
import { compareText, type LogicalEdge, loadPlanGraph, type PlanGraph } from './plan-graph.js';

export interface InstancePath {
  /** Instance ids from a spout instance to a sink instance. */
  instances: string[];
  /** The stream of each hop (one fewer than instances). */
  streams: string[];
  /**
   * Product of the hops' routing probabilities: the expected number of copies of one tuple the spout
   * instance emits that travel this path (a probability in [0, 1] unless an ALL grouping copies tuples).
   */
  probability: number;
}

export interface InstancePathsOptions {
  /** Stop after this many paths. @defaultValue 10000 */
  maxPaths?: number;
  /** Longest path, in instances. @defaultValue 256 */
  maxLength?: number;
  /** Most edges followed in all, a bound on the work whatever the graph's shape. @defaultValue 1000000 */
  maxSteps?: number;
}

export interface InstancePathsResult {
  /** In depth-first order: spouts by instance id, then hops by target instance id. */
  paths: InstancePath[];
  /** True when a limit stopped the search: `paths` is then a prefix of all paths. */
  truncated: boolean;
  /** Times an edge led back to an instance already on the path (a cycle), and was not followed. */
  cyclesCut: number;
}

/**
 * Every path of tuples from a spout instance to a sink instance (one with no outgoing edge that carries
 * traffic), with its probability; edges with routing probability 0 (e.g. the non-lowest targets of a
 * LOWEST grouping) are not followed. Topologies may contain cycles: a path never visits an instance twice
 * (an edge back into the path is cut and counted in `cyclesCut`), and the search is bounded by `maxPaths`,
 * `maxLength` and `maxSteps`, so it ends on any graph — paths grow as the product of the parallelisms along
 * them, and a limit reached is reported as `truncated`.
 */
export function instancePaths(graph: PlanGraph, options: InstancePathsOptions = {}): InstancePathsResult {
  const maxPaths = options.maxPaths ?? 10_000;
  const maxLength = options.maxLength ?? 256;
  const maxSteps = options.maxSteps ?? 1_000_000;

  const outgoing = new Map<string, LogicalEdge[]>();
  for (const edge of graph.logicalEdges) {
    if (!(edge.routingProbability > 0)) continue;
    const list = outgoing.get(edge.source) ?? [];
    list.push(edge);
    outgoing.set(edge.source, list);
  }
  for (const list of outgoing.values()) {
    list.sort((a, b) => compareText(a.target, b.target) || compareText(a.stream, b.stream));
  }

  const paths: InstancePath[] = [];
  let truncated = false;
  let cyclesCut = 0;
  let steps = 0;
  const spouts = graph.instances.filter((i) => i.kind === 'spout').map((i) => i.instanceId);

  // Iterative depth-first search: the path so far, and for each of its instances the next edge to try.
  search: for (const spout of spouts) {
    const path = [spout];
    const streams: string[] = [];
    const probabilities = [1];
    const nextEdge = [0];
    const onPath = new Set(path);
    if ((outgoing.get(spout) ?? []).length === 0) {
      paths.push({ instances: [spout], streams: [], probability: 1 });
      if (paths.length >= maxPaths) {
        truncated = true;
        break;
      }
      continue;
    }
    while (path.length > 0) {
      const depth = path.length - 1;
      const here = path[depth] as string;
      const edges = outgoing.get(here) ?? [];
      const i = nextEdge[depth] as number;
      if (i >= edges.length) {
        onPath.delete(here);
        path.pop();
        streams.pop();
        probabilities.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[depth] = i + 1;
      if (++steps > maxSteps) {
        truncated = true;
        break search;
      }
      const edge = edges[i] as LogicalEdge;
      if (onPath.has(edge.target)) {
        cyclesCut++;
        continue;
      }
      if (path.length >= maxLength) {
        truncated = true;
        continue;
      }
      const probability = (probabilities[depth] as number) * edge.routingProbability;
      if ((outgoing.get(edge.target) ?? []).length === 0) {
        paths.push({ instances: [...path, edge.target], streams: [...streams, edge.stream], probability });
        if (paths.length >= maxPaths) {
          truncated = true;
          break search;
        }
        continue;
      }
      path.push(edge.target);
      streams.push(edge.stream);
      probabilities.push(probability);
      nextEdge.push(0);
      onPath.add(edge.target);
    }
  }
  return { paths, truncated, cyclesCut };
}

/** {@link instancePaths} of a plan stored in a graph, with the routing probabilities on its edges. */
export async function analyseInstancePaths(
  client: GraphClient,
  scope: GraphScope,
  options: InstancePathsOptions = {},
): Promise<InstancePathsResult> {
  return instancePaths(await loadPlanGraph(client, scope), options);
}

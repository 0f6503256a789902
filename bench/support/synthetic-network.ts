import { mulberry32 } from '../../src/models/forecasting/seeded-random.js';
import type {
  BoltInstance,
  NetworkEdge,
  SpoutInstance,
  TopologyNetwork,
} from '../../src/models/topology/topology-network.js';

/**
 * A seeded synthetic topology of `instanceCount` instances for benchmarks: components of 10 instances in a
 * chain, every tenth a spout (600 tuples/s per instance); each bolt consumes its predecessor's `default`
 * stream (ratio 0.7, shuffle) and every third also the `side` stream (ratio 0.3, fields grouping with
 * skewed shares) of the component three back; every 25th sends a 10 % `retry` stream back five components
 * (a cycle). 10 instances per container of 2 cores. Edges grow linearly with instances (≈ 12 each).
 */
export function syntheticNetwork(instanceCount: number, seed: number): TopologyNetwork {
  const uniform = mulberry32(seed);
  const parallelism = instanceCount >= 20 ? 10 : instanceCount / 2;
  const componentCount = instanceCount / parallelism;
  const spouts: SpoutInstance[] = [];
  const bolts: BoltInstance[] = [];
  const edges: NetworkEdge[] = [];
  const members: string[][] = [];
  let placed = 0;
  const container = () => `container_${Math.floor(placed++ / 10) + 1}`;
  const isSpout = (c: number) => c % 10 === 0;
  for (let c = 0; c < componentCount; c++) {
    const name = `${isSpout(c) ? 'spout' : 'bolt'}${c}`;
    const ids = Array.from({ length: parallelism }, (_, i) => `${name}_${i + 1}`);
    members.push(ids);
    const outputRatios: Record<string, number> = { default: 0.7, side: 0.3 };
    if (c % 25 === 24) outputRatios.retry = 0.1;
    for (const id of ids) {
      if (isSpout(c)) {
        spouts.push({
          id,
          component: name,
          container: container(),
          offeredRatePerSec: 600,
          outputRatios,
          cpuCoreSecPerTuple: 1e-5,
        });
      } else {
        bolts.push({
          id,
          component: name,
          container: container(),
          serviceTimeMeanMs: 0.2 + 0.8 * uniform(),
          outputRatios,
          cpuCoreSecPerTuple: 1e-4 * (1 + uniform()),
        });
      }
    }
  }
  const shuffle = (from: string[], to: string[], stream: string) => {
    for (const f of from)
      for (const t of to) edges.push({ from: f, to: t, stream, probability: 1 / to.length });
  };
  const fields = (from: string[], to: string[], stream: string) => {
    const weights = to.map(() => 0.5 + uniform() ** 3 * 4);
    const total = weights.reduce((a, b) => a + b, 0);
    for (const f of from)
      for (const [i, t] of to.entries())
        edges.push({ from: f, to: t, stream, probability: (weights[i] as number) / total });
  };
  for (let c = 1; c < componentCount; c++) {
    if (isSpout(c)) continue;
    shuffle(members[c - 1] as string[], members[c] as string[], 'default');
    if (c % 3 === 0 && c >= 3) fields(members[c - 3] as string[], members[c] as string[], 'side');
    if (c % 25 === 24 && !isSpout(c - 5))
      shuffle(members[c] as string[], members[c - 5] as string[], 'retry');
  }
  return {
    spouts,
    bolts,
    edges,
    containers: Object.fromEntries(
      Array.from({ length: Math.ceil(placed / 10) }, (_, i) => [
        `container_${i + 1}`,
        { cpuCapacityCores: 2 },
      ]),
    ),
  };
}

import type {
  BoltInstance,
  NetworkEdge,
  SpoutInstance,
  TopologyNetwork,
} from '../../../src/models/topology/topology-network.js';
import type { Grouping, TopologyStructure } from '../../../src/topology/topology-structure.js';
import { structureOf } from './scaling-fixtures.js';

/**
 * The "real" topologies of the scaling validation, at any parallelism: what the simulator runs before
 * and after an advice. A fields grouping re-hashes its keys onto the new instances (string hash modulo
 * the parallelism, as Heron and Storm do), so the key skew after a change is the real one, not the one
 * augur predicts.
 */
export interface SimulatedTopology {
  name: string;
  /** Spout component → bolt components, in flow order. */
  bolts: string[];
  groupings: Record<string, Grouping>;
  build(parallelism: Record<string, number>, spoutRatePerSec: number): TopologyNetwork;
}

interface BoltSpec {
  name: string;
  serviceTimeMs: number;
  scv: number;
  outputRatios: Record<string, number>;
  /** Upstream component and stream. */
  from: Array<{ component: string; stream: string }>;
  grouping: Grouping;
}

const SPOUT_PARALLELISM = 2;

/** Key shares of a fields grouping: one hot key plus `keys` Zipf(`exponent`) keys, hashed modulo n. */
export function keyShares(
  n: number,
  keys: { hotShare: number; count: number; exponent: number; salt: string },
): number[] {
  const shares = new Array<number>(n).fill(0);
  const hash = (s: string) => {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    return Math.abs(h);
  };
  let harmonic = 0;
  for (let k = 1; k <= keys.count; k++) harmonic += k ** -keys.exponent;
  const add = (key: string, share: number) => {
    const i = hash(key) % n;
    shares[i] = (shares[i] as number) + share;
  };
  add(`${keys.salt}-hot`, keys.hotShare);
  for (let k = 1; k <= keys.count; k++)
    add(`${keys.salt}-${k}`, ((1 - keys.hotShare) * k ** -keys.exponent) / harmonic);
  return shares;
}

function topology(
  name: string,
  specs: BoltSpec[],
  keys?: Parameters<typeof keyShares>[1],
): SimulatedTopology {
  return {
    name,
    bolts: specs.map((s) => s.name),
    groupings: Object.fromEntries(specs.map((s) => [s.name, s.grouping])),
    build(parallelism, spoutRatePerSec) {
      const container = (i: number) => `container_${(i % 2) + 1}`;
      const ids = (component: string, n: number) =>
        Array.from({ length: n }, (_, i) => `${component}_${i + 1}`);
      const spoutIds = ids('spout', SPOUT_PARALLELISM);
      const spouts: SpoutInstance[] = spoutIds.map((id, i) => ({
        id,
        component: 'spout',
        container: container(i),
        offeredRatePerSec: spoutRatePerSec / SPOUT_PARALLELISM,
        outputRatios: { default: 1 },
      }));
      const instances = new Map<string, string[]>([['spout', spoutIds]]);
      const bolts: BoltInstance[] = [];
      const edges: NetworkEdge[] = [];
      for (const spec of specs) {
        const n = parallelism[spec.name] ?? 1;
        const targets = ids(spec.name, n);
        instances.set(spec.name, targets);
        targets.forEach((id, i) => {
          bolts.push({
            id,
            component: spec.name,
            container: container(i + 1),
            serviceTimeMeanMs: spec.serviceTimeMs,
            serviceTimeScv: spec.scv,
            outputRatios: spec.outputRatios,
          });
        });
        const shares =
          spec.grouping === 'FIELDS' && keys ? keyShares(n, keys) : new Array<number>(n).fill(1 / n);
        for (const { component, stream } of spec.from) {
          for (const from of instances.get(component) ?? []) {
            targets.forEach((to, t) => {
              edges.push({ from, to, stream, probability: shares[t] as number });
            });
          }
        }
      }
      return { spouts, bolts, edges };
    },
  };
}

const spoutStream = [{ component: 'spout', stream: 'default' }];

/** spout → parse (2 ms, c² 0.5) → enrich (1.5 ms, constant) → store (1 ms, exponential); shuffle. */
export const chainTopology = topology('chain', [
  {
    name: 'parse',
    serviceTimeMs: 2,
    scv: 0.5,
    outputRatios: { default: 1 },
    from: spoutStream,
    grouping: 'SHUFFLE',
  },
  {
    name: 'enrich',
    serviceTimeMs: 1.5,
    scv: 0,
    outputRatios: { default: 1 },
    from: [{ component: 'parse', stream: 'default' }],
    grouping: 'SHUFFLE',
  },
  {
    name: 'store',
    serviceTimeMs: 1,
    scv: 1,
    outputRatios: {},
    from: [{ component: 'enrich', stream: 'default' }],
    grouping: 'SHUFFLE',
  },
]);

/** spout → split (3 words, 0.3 ms constant) and filter (keeps half, 1 ms) → sink (0.3 ms, c² 2); shuffle. */
export const fanOutTopology = topology('fan-out', [
  {
    name: 'split',
    serviceTimeMs: 0.3,
    scv: 0,
    outputRatios: { words: 3 },
    from: spoutStream,
    grouping: 'SHUFFLE',
  },
  {
    name: 'filter',
    serviceTimeMs: 1,
    scv: 1,
    outputRatios: { alerts: 0.5 },
    from: spoutStream,
    grouping: 'SHUFFLE',
  },
  {
    name: 'sink',
    serviceTimeMs: 0.3,
    scv: 2,
    outputRatios: {},
    from: [
      { component: 'split', stream: 'words' },
      { component: 'filter', stream: 'alerts' },
    ],
    grouping: 'SHUFFLE',
  },
]);

/**
 * spout → count by a fields grouping (1 ms, exponential; one key with 15 % of the tuples, the rest over
 * 1000 Zipf(0.5) keys) → total (0.2 ms, constant).
 */
export const fieldsSkewTopology = topology(
  'fields skew',
  [
    {
      name: 'count',
      serviceTimeMs: 1,
      scv: 1,
      outputRatios: { totals: 1 },
      from: spoutStream,
      grouping: 'FIELDS',
    },
    {
      name: 'total',
      serviceTimeMs: 0.2,
      scv: 0,
      outputRatios: {},
      from: [{ component: 'count', stream: 'totals' }],
      grouping: 'SHUFFLE',
    },
  ],
  { hotShare: 0.15, count: 1000, exponent: 0.5, salt: 'user' },
);

/** The structure of a simulated topology's network (groupings as declared). */
export function structureOfTopology(t: SimulatedTopology, network: TopologyNetwork): TopologyStructure {
  return structureOf(network, t.groupings);
}

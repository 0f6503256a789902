import type {
  BoltInstance,
  NetworkEdge,
  SpoutInstance,
  TopologyNetwork,
} from '../../../../src/models/topology/topology-network.js';

/**
 * The topologies the model is validated on against the simulator, each built at unit spout rate so a
 * test can scale it to the utilisation it wants. Instances are spread over containers so that both hop
 * costs occur; service distributions differ per component (exponential, constant, lognormal).
 */

const spout = (id: string, component: string, container: string, stream = 'default'): SpoutInstance => ({
  id,
  component,
  container,
  offeredRatePerSec: 1,
  outputRatios: { [stream]: 1 },
});

const bolt = (
  id: string,
  component: string,
  container: string,
  serviceTimeMeanMs: number,
  serviceTimeScv: number,
  outputRatios: Record<string, number>,
): BoltInstance => ({ id, component, container, serviceTimeMeanMs, serviceTimeScv, outputRatios });

/** Edges from every instance of `from` to the instances of `to` with the given shares (even by default). */
function connect(from: string[], to: string[], stream: string, shares?: number[]): NetworkEdge[] {
  const edges: NetworkEdge[] = [];
  for (const f of from) {
    for (const [i, t] of to.entries()) {
      edges.push({ from: f, to: t, stream, probability: shares ? (shares[i] as number) : 1 / to.length });
    }
  }
  return edges;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const containerOf = (i: number) => `container_${(i % 2) + 1}`;

/** spout ×2 → parse ×3 (lognormal c² = 0.5) → enrich ×2 (constant) → store ×2 (exponential); shuffle. */
export function chainNetwork(): TopologyNetwork {
  const spouts = ids('spout_', 2);
  const parse = ids('parse_', 3);
  const enrich = ids('enrich_', 2);
  const store = ids('store_', 2);
  return {
    spouts: spouts.map((id, i) => spout(id, 'spout', containerOf(i))),
    bolts: [
      ...parse.map((id, i) => bolt(id, 'parse', containerOf(i), 2, 0.5, { default: 1 })),
      ...enrich.map((id, i) => bolt(id, 'enrich', containerOf(i + 1), 1.5, 0, { default: 1 })),
      ...store.map((id, i) => bolt(id, 'store', containerOf(i), 1, 1, {})),
    ],
    edges: [
      ...connect(spouts, parse, 'default'),
      ...connect(parse, enrich, 'default'),
      ...connect(enrich, store, 'default'),
    ],
  };
}

/**
 * spout ×2 feeding two components: split ×2 (3 words per sentence, constant 0.3 ms) and filter ×2
 * (keeps half, exponential 1 ms); both merge into sink ×2 (lognormal c² = 2, 0.3 ms).
 */
export function fanOutFanInNetwork(): TopologyNetwork {
  const spouts = ids('spout_', 2);
  const split = ids('split_', 2);
  const filter = ids('filter_', 2);
  const sink = ids('sink_', 2);
  return {
    spouts: spouts.map((id, i) => spout(id, 'spout', containerOf(i))),
    bolts: [
      ...split.map((id, i) => bolt(id, 'split', containerOf(i), 0.3, 0, { words: 3 })),
      ...filter.map((id, i) => bolt(id, 'filter', containerOf(i + 1), 1, 1, { alerts: 0.5 })),
      ...sink.map((id, i) => bolt(id, 'sink', containerOf(i), 0.3, 2, {})),
    ],
    edges: [
      ...connect(spouts, split, 'default'),
      ...connect(spouts, filter, 'default'),
      ...connect(split, sink, 'words'),
      ...connect(filter, sink, 'alerts'),
    ],
  };
}

/**
 * Key shares of a fields grouping over `parallelism` instances: one hot key with `hotShare` of the
 * tuples plus `keys` Zipf(1)-distributed keys for the rest, each placed by a string hash modulo the
 * parallelism, as Heron and Storm do.
 */
export function fieldsShares(parallelism: number, hotShare: number, keys: number, salt = 'key'): number[] {
  const shares = new Array<number>(parallelism).fill(0);
  const hash = (s: string) => {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    return Math.abs(h);
  };
  let harmonic = 0;
  for (let k = 1; k <= keys; k++) harmonic += 1 / k;
  const add = (key: string, share: number) => {
    const i = hash(key) % parallelism;
    shares[i] = (shares[i] as number) + share;
  };
  add(`${salt}-hot`, hotShare);
  for (let k = 1; k <= keys; k++) add(`${salt}-${k}`, (1 - hotShare) / k / harmonic);
  return shares;
}

/** spout ×2 → count ×4 by a fields grouping with a 40 % hot key (exponential 1 ms) → total ×1 (constant 0.2 ms). */
export function fieldsSkewNetwork(): TopologyNetwork {
  const spouts = ids('spout_', 2);
  const count = ids('count_', 4);
  const shares = fieldsShares(4, 0.4, 200);
  return {
    spouts: spouts.map((id, i) => spout(id, 'spout', containerOf(i))),
    bolts: [
      ...count.map((id, i) => bolt(id, 'count', containerOf(i), 1, 1, { totals: 1 })),
      bolt('total_1', 'total', 'container_1', 0.2, 0, {}),
    ],
    edges: [...connect(spouts, count, 'default', shares), ...connect(count, ['total_1'], 'totals')],
  };
}

/**
 * A retry loop: spout ×1 → work ×2 (exponential 1 ms) → check ×2 (lognormal c² = 0.5, 0.8 ms), which
 * sends 30 % back to work and 70 % on to done ×1 (constant 0.5 ms).
 */
export function cycleNetwork(): TopologyNetwork {
  const work = ids('work_', 2);
  const check = ids('check_', 2);
  return {
    spouts: [spout('spout_1', 'spout', 'container_1')],
    bolts: [
      ...work.map((id, i) => bolt(id, 'work', containerOf(i), 1, 1, { default: 1 })),
      ...check.map((id, i) => bolt(id, 'check', containerOf(i + 1), 0.8, 0.5, { retry: 0.3, done: 0.7 })),
      bolt('done_1', 'done', 'container_2', 0.5, 0, {}),
    ],
    edges: [
      ...connect(['spout_1'], work, 'default'),
      ...connect(work, check, 'default'),
      ...connect(check, work, 'retry'),
      ...connect(check, ['done_1'], 'done'),
    ],
  };
}

/** The network with every spout's offered rate multiplied by `factor`. */
export function scaleSpouts(network: TopologyNetwork, factor: number): TopologyNetwork {
  return {
    ...network,
    spouts: network.spouts.map((s) => ({ ...s, offeredRatePerSec: s.offeredRatePerSec * factor })),
  };
}

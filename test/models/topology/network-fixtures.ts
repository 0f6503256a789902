import type {
  BoltInstance,
  SpoutInstance,
  TopologyNetwork,
} from '../../../src/models/topology/topology-network.js';

/** Small hand-checkable networks for the model's unit tests. */

export const spout = (
  id: string,
  rate: number,
  container = 'c1',
  extra: Partial<SpoutInstance> = {},
): SpoutInstance => ({
  id,
  component: id.replace(/_\d+$/, ''),
  container,
  offeredRatePerSec: rate,
  outputRatios: { default: 1 },
  ...extra,
});

export const bolt = (
  id: string,
  serviceTimeMeanMs: number,
  outputRatios: Record<string, number>,
  container = 'c1',
  extra: Partial<BoltInstance> = {},
): BoltInstance => ({
  id,
  component: id.replace(/_\d+$/, ''),
  container,
  serviceTimeMeanMs,
  serviceTimeScv: 1,
  outputRatios,
  ...extra,
});

/**
 * A Jackson network with a feedback loop, all exponential: spout (100/s, c1) → a (2 ms, c1) → b (1 ms,
 * c2); b sends 25 % back to a and 75 % on to c (3 ms, c2). λa = 100 + λb/4 and λb = λa give
 * λa = λb = 400/3, λc = 100.
 */
export function jacksonLoop(): TopologyNetwork {
  return {
    spouts: [spout('spout_1', 100, 'c1')],
    bolts: [
      bolt('a_1', 2, { default: 1 }, 'c1'),
      bolt('b_1', 1, { retry: 0.25, out: 0.75 }, 'c2'),
      bolt('c_1', 3, {}, 'c2'),
    ],
    edges: [
      { from: 'spout_1', to: 'a_1', stream: 'default', probability: 1 },
      { from: 'a_1', to: 'b_1', stream: 'default', probability: 1 },
      { from: 'b_1', to: 'a_1', stream: 'retry', probability: 1 },
      { from: 'b_1', to: 'c_1', stream: 'out', probability: 1 },
    ],
  };
}

/**
 * Two branches of different speed into one sink: spout (200/s) → fast (1 ms) and slow (4 ms), each
 * receiving every tuple; both → sink (0.5 ms). All in container c1.
 */
export function twoBranches(): TopologyNetwork {
  return {
    spouts: [spout('spout_1', 200)],
    bolts: [bolt('fast_1', 1, { default: 1 }), bolt('slow_1', 4, { default: 1 }), bolt('sink_1', 0.5, {})],
    edges: [
      { from: 'spout_1', to: 'fast_1', stream: 'default', probability: 1 },
      { from: 'spout_1', to: 'slow_1', stream: 'default', probability: 1 },
      { from: 'fast_1', to: 'sink_1', stream: 'default', probability: 1 },
      { from: 'slow_1', to: 'sink_1', stream: 'default', probability: 1 },
    ],
  };
}

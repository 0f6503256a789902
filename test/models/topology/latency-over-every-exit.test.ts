import { describe, expect, it } from 'vitest';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { QueueingTheoryResult } from '../../../src/models/topology/topology-model-result.js';
import type { TopologyNetwork } from '../../../src/models/topology/topology-network.js';
import { bolt, spout } from './network-fixtures.js';

const settings = queueingTheorySettingsSchema.parse({ arrivalVariability: 'poisson' });
const solved = (r: ReturnType<typeof modelTopology>) => {
  if (r.status !== 'solved') throw new Error(r.message);
  return r as QueueingTheoryResult;
};

/** spout (100/s) → filter (keeps 80 %) → enrich (40 % back to filter, the rest dropped): no sink at all. */
function dropOnly(): TopologyNetwork {
  return {
    spouts: [spout('spout_1', 100)],
    bolts: [bolt('filter_1', 2, { default: 0.8 }), bolt('enrich_1', 3, { retry: 0.4 })],
    edges: [
      { from: 'spout_1', to: 'filter_1', stream: 'default', probability: 1 },
      { from: 'filter_1', to: 'enrich_1', stream: 'default', probability: 1 },
      { from: 'enrich_1', to: 'filter_1', stream: 'retry', probability: 1 },
    ],
  };
}

describe('latency over every exit of the topology', () => {
  it('answers a mean when every exit is a bolt dropping part of its input', () => {
    const r = solved(modelTopology(dropOnly(), settings));
    const wf = r.instances.filter_1?.sojourn_time_ms as number;
    const we = r.instances.enrich_1?.sojourn_time_ms as number;
    // Each pass: filter, then with p = 0.8 enrich; leaves at filter w.p. 0.2, at enrich w.p. 0.8·0.6,
    // and loops w.p. 0.32. Mean time to exit T = wf + 0.8·(we + 0.4·T) → T = (wf + 0.8 we)/(1 − 0.32).
    expect(r.latency.mean).toBeCloseTo((wf + 0.8 * we) / 0.68, 9);
    expect(r.latency.sink_mean).toBeNull();
    expect(r.throughput.sink_total).toBe(0);
    // everything offered leaves: 100 tuples/s
    expect(r.throughput.exit_total).toBeCloseTo(100, 9);
  });

  it('weights a dropping bolt and a sink by the tuples leaving at each, with the sink-only mean beside', () => {
    const network: TopologyNetwork = {
      spouts: [spout('spout_1', 100)],
      bolts: [bolt('filter_1', 2, { default: 0.5 }), bolt('sink_1', 1, {})],
      edges: [
        { from: 'spout_1', to: 'filter_1', stream: 'default', probability: 1 },
        { from: 'filter_1', to: 'sink_1', stream: 'default', probability: 1 },
      ],
    };
    const r = solved(modelTopology(network, settings));
    const wf = r.instances.filter_1?.sojourn_time_ms as number;
    const ws = r.instances.sink_1?.sojourn_time_ms as number;
    expect(r.latency.sink_mean).toBeCloseTo(wf + ws, 9);
    expect(r.latency.mean).toBeCloseTo(0.5 * wf + 0.5 * (wf + ws), 9);
    expect(r.throughput.exit_total).toBeCloseTo(100, 9);
    expect(r.throughput.sink_total).toBeCloseTo(50, 9);
  });

  it('ends a tuple tree with its slowest parallel branch: the counterpart of the complete latency', () => {
    // spout → split → left (copy) and right (copy) → join
    const network: TopologyNetwork = {
      spouts: [spout('spout_1', 50)],
      bolts: [
        bolt('split_1', 1, { default: 1 }),
        bolt('left_1', 2, { default: 1 }),
        bolt('right_1', 6, { default: 1 }),
        bolt('join_1', 1, {}),
      ],
      edges: [
        { from: 'spout_1', to: 'split_1', stream: 'default', probability: 1 },
        { from: 'split_1', to: 'left_1', stream: 'default', probability: 1 },
        { from: 'split_1', to: 'right_1', stream: 'default', probability: 1 },
        { from: 'left_1', to: 'join_1', stream: 'default', probability: 1 },
        { from: 'right_1', to: 'join_1', stream: 'default', probability: 1 },
      ],
    };
    const r = solved(modelTopology(network, settings));
    const w = (id: string) => r.instances[id]?.sojourn_time_ms as number;
    // the two branches as independent exponentials: E[max] = a + b − ab/(a + b)
    const a = w('left_1') + w('join_1');
    const b = w('right_1') + w('join_1');
    expect(r.latency.complete_mean).toBeCloseTo(w('split_1') + a + b - (a * b) / (a + b), 9);
    expect(r.latency.mean).toBeCloseTo(w('split_1') + (w('left_1') + w('right_1')) / 2 + w('join_1'), 9);
  });

  it('has no tree completion on a cyclic network', () => {
    expect(solved(modelTopology(dropOnly(), settings)).latency.complete_mean).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { QueueingTheoryResult } from '../../../src/models/topology/topology-model-result.js';
import type { TopologyNetwork } from '../../../src/models/topology/topology-network.js';
import { bolt, spout } from './network-fixtures.js';

const settings = queueingTheorySettingsSchema.parse({});
/** Hop costs set explicitly: the override of measured ones. */
const explicitHops = queueingTheorySettingsSchema.parse({ localHopMs: 0.1, remoteHopMs: 1 });
const solved = (r: ReturnType<typeof modelTopology>) => {
  if (r.status !== 'solved') throw new Error(r.message);
  return r as QueueingTheoryResult;
};

/** spout (c1, 1000/s) → parse (c1 or c2) → sink (c2). */
function placed(parseContainer: string): TopologyNetwork {
  return {
    spouts: [spout('spout_1', 1000, 'c1', { cpuCoreSecPerTuple: 0.0001 })],
    bolts: [
      bolt('parse_1', 0.5, { default: 1 }, parseContainer, { cpuCoreSecPerTuple: 0.0008 }),
      bolt('sink_1', 0.2, {}, 'c2'),
    ],
    edges: [
      { from: 'spout_1', to: 'parse_1', stream: 'default', probability: 1 },
      { from: 'parse_1', to: 'sink_1', stream: 'default', probability: 1 },
    ],
    containers: { c1: { cpuCapacityCores: 1 }, c2: { cpuCapacityCores: 0.5 } },
  };
}

describe('hop costs follow placement', () => {
  it('charges local and remote hops by container, so moving an instance changes the latency', () => {
    const together = solved(modelTopology(placed('c1'), explicitHops)); // spout→parse local, parse→sink remote
    const apart = solved(modelTopology(placed('c2'), explicitHops)); // spout→parse remote, parse→sink local
    const queues =
      (together.instances.parse_1?.sojourn_time_ms as number) +
      (together.instances.sink_1?.sojourn_time_ms as number);
    expect(together.latency.mean).toBeCloseTo(queues + 0.1 + 1, 12);
    expect(apart.latency.mean).toBeCloseTo(queues + 1 + 0.1, 12);
    const threeRemote = solved(modelTopology(placed('c3'), explicitHops));
    expect(threeRemote.latency.mean).toBeCloseTo(queues + 2, 12);
    expect(threeRemote.assumptions.hop_ms.source).toBe('settings');
  });

  it('assumes free hops, and says so, when nothing measured them and no setting gives them', () => {
    const r = solved(modelTopology(placed('c1'), settings));
    const queues =
      (r.instances.parse_1?.sojourn_time_ms as number) + (r.instances.sink_1?.sojourn_time_ms as number);
    expect(r.latency.mean).toBeCloseTo(queues, 12);
    expect(r.assumptions.hop_ms).toMatchObject({ local: 0, remote: 0, source: 'assumed' });
  });

  it('measures the hop cost from the gap between the complete latency and the modelled sojourns', () => {
    const free = solved(modelTopology(placed('c1'), settings));
    const queues = free.latency.mean as number;
    // two hops per tuple (spout → parse → sink): 3 ms more than the queues is 1.5 ms a hop
    const measured = { ...placed('c1'), measuredLatency: { completeLatencyMs: queues + 3, tuples: 6000 } };
    const r = solved(modelTopology(measured, settings));
    expect(r.assumptions.hop_ms).toMatchObject({ source: 'measured' });
    expect(r.assumptions.hop_ms.local).toBeCloseTo(1.5, 9);
    expect(r.assumptions.hop_ms.evidence?.modelled_hops).toBeCloseTo(2, 9);
    expect(r.latency.mean).toBeCloseTo(queues + 3, 9);
    // a model slower than the measurement invents no negative hop
    const slower = { ...placed('c1'), measuredLatency: { completeLatencyMs: queues / 2, tuples: 6000 } };
    expect(solved(modelTopology(slower, settings)).assumptions.hop_ms.local).toBe(0);
    // an explicit setting still wins
    expect(solved(modelTopology(measured, explicitHops)).assumptions.hop_ms.source).toBe('settings');
  });

  it("measures a proposed plan's hop cost on the running plan the latency came from", () => {
    const running = placed('c1');
    const queues = solved(modelTopology(running, settings)).latency.mean as number;
    const proposed = {
      ...placed('c3'),
      measuredLatency: { completeLatencyMs: queues + 2, tuples: 6000, runningNetwork: running },
    };
    const r = solved(modelTopology(proposed, settings));
    expect(r.assumptions.hop_ms.local).toBeCloseTo(1, 9);
    expect(r.assumptions.hop_ms.evidence?.on).toBe('running_plan');
  });

  it('uses measured hop costs from the network, and per-edge measurements over both', () => {
    const network = { ...placed('c1'), hopCostMs: { local: 0.05, remote: 3 } };
    const r = solved(modelTopology(network, settings));
    const queues =
      (r.instances.parse_1?.sojourn_time_ms as number) + (r.instances.sink_1?.sojourn_time_ms as number);
    expect(r.latency.mean).toBeCloseTo(queues + 3.05, 12);
    expect(r.assumptions.hop_ms).toEqual({ local: 0.05, remote: 3, source: 'network', edges_measured: 0 });
    const edgeMeasured = placed('c1');
    (edgeMeasured.edges[1] as { hopMs?: number }).hopMs = 7;
    const e = solved(modelTopology(edgeMeasured, explicitHops));
    expect(e.latency.mean).toBeCloseTo(queues + 0.1 + 7, 12);
    expect(e.assumptions.hop_ms.edges_measured).toBe(1);
  });
});

describe('container CPU', () => {
  it('sums CPU per tuple × arrival rate per container and flags containers over capacity', () => {
    const r = solved(modelTopology(placed('c2'), settings));
    // c1: spout 1000/s × 0.0001 = 0.1 core; c2: parse 1000/s × 0.0008 = 0.8 core > 0.5, sink unmeasured
    expect(r.cpu.containers.c1).toMatchObject({
      capacity_cores: 1,
      over_capacity: false,
      instances: 1,
      unmeasured_instances: 0,
    });
    expect(r.cpu.containers.c1?.load_cores).toBeCloseTo(0.1, 12);
    expect(r.cpu.containers.c2).toMatchObject({
      capacity_cores: 0.5,
      over_capacity: true,
      instances: 2,
      unmeasured_instances: 1,
    });
    expect(r.cpu.containers.c2?.offered_load_cores).toBeCloseTo(0.8, 12);
    expect(r.cpu.containers.c2?.utilisation).toBeCloseTo(1.6, 12);
    expect(r.cpu.over_capacity).toEqual(['c2']);
    expect(r.cpu.headroom).toBeCloseTo(0.5 / 0.8, 12);
    expect(r.cpu.complete).toBe(false);
  });

  it('reports the load of containers with unknown capacity without flagging them', () => {
    const network = placed('c3');
    const r = solved(modelTopology(network, settings));
    expect(r.cpu.containers.c3).toMatchObject({
      capacity_cores: null,
      utilisation: null,
      over_capacity: false,
    });
    expect(r.cpu.containers.c3?.load_cores).toBeCloseTo(0.8, 12);
  });
});

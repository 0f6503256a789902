import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimTopology } from '../../../bench/accuracy/des/sim-topology.js';
import { simulateTopology } from '../../../bench/accuracy/des/simulate-topology.js';
import { SIM_COORDS, writeSimSnapshot } from '../../../bench/accuracy/des/write-sim-snapshot.js';
import { MemoryGraphClient } from '../../../src/graph/memory-graph-client.js';
import { TopologyGraphStore } from '../../../src/graph/topology-graph-store.js';
import { adviseScaling } from '../../../src/jobs/handlers/advise-scaling.js';
import { loadTopologyNetwork } from '../../../src/jobs/handlers/load-topology-network.js';
import { SnapshotMetricsSource } from '../../../src/metrics/snapshot-source.js';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { TopologyRef } from '../../../src/topology/topology-ref.js';

/** spout (300 tuples/s offered) → one 4 ms bolt: ρ 1.2 offered, so Heron throttles the spout ≈ 1/6 of the time. */
const overload: SimTopology = {
  name: 'overload',
  containers: 2,
  hopMs: { local: 0, remote: 0 },
  highWaterTuples: 200,
  lowWaterTuples: 100,
  components: [
    { name: 'source', kind: 'spout', parallelism: 1, outputs: { default: 1 }, offeredRatePerSec: 300 },
    {
      name: 'work',
      kind: 'bolt',
      parallelism: 1,
      outputs: {},
      serviceMeanMs: 4,
      serviceCv: 1,
      inputs: [{ component: 'source', stream: 'default', grouping: 'SHUFFLE' }],
    },
  ],
};
const ref: TopologyRef = { dsps: 'heron', ...SIM_COORDS, topology: 'overload' };
const CAPTURED_AT_SEC = 1_800_000_000;

let dir: string;
let source: SnapshotMetricsSource;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'augur-offered-'));
  const result = simulateTopology(overload, { seed: 9, warmupMinutes: 2, windowMinutes: 30 });
  await writeSimSnapshot(dir, [{ topology: overload, result }], CAPTURED_AT_SEC);
  source = new SnapshotMetricsSource(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('measured traffic under backpressure', () => {
  it("offers the stream managers' unthrottled-share estimate, and the model sees the overload", async () => {
    const graphs = new TopologyGraphStore(new MemoryGraphClient());
    const endSec = source.windowEndSec(0);
    const window = { startSec: endSec - 30 * 60, endSec };
    const { network, built } = await loadTopologyNetwork(source, graphs, ref, window);
    expect(built.throttled_fraction).toBeGreaterThan(0.1);
    expect(built.offered_estimate?.method).toBe('unthrottled-share');
    expect(built.offered_estimate?.measured_total).toBeLessThan(270);
    // the simulated spout neither drops nor catches up: the estimate is the offered 300 within ± 5 %
    const offered = network.spouts[0]?.offeredRatePerSec as number;
    expect(Math.abs(offered - 300) / 300).toBeLessThan(0.05);

    const result = modelTopology(network, queueingTheorySettingsSchema.parse({}));
    if (result.status !== 'solved') throw new Error('not solved');
    expect(result.backpressure.active).toBe(true);
    expect(result.backpressure.bottleneck_component).toBe('work');
    // throttled to the bottleneck's capacity: what the spout really emitted (≈ 250/s)
    expect(
      Math.abs(result.throughput.total - (built.offered_estimate?.measured_total as number)),
    ).toBeLessThan(0.05 * (built.offered_estimate?.measured_total as number));
  });
});

describe('scaling advice under backpressure', () => {
  it('sizes for the offered rate, not the throttled one', async () => {
    const graphs = new TopologyGraphStore(new MemoryGraphClient());
    // offered ρ 1.2, measured (throttled) ≈ 1.0: at target 0.55 the offered load needs ⌈1.2/0.55⌉ = 3
    // instances where the measured one would get ⌈1.0/0.55⌉ = 2
    const outcome = await adviseScaling(
      source,
      graphs,
      ref,
      { kind: 'scaling', traffic: 'measured', window_minutes: 30, settings: { targetUtilisation: 0.55 } },
      0,
      queueingTheorySettingsSchema.parse({}),
    );
    expect(outcome.traffic.offered_estimate?.method).toBe('unthrottled-share');
    expect(outcome.traffic.throttled_fraction).toBeGreaterThan(0.1);
    const work = outcome.advice.components.find((c) => c.component === 'work');
    expect(work?.recommended_parallelism).toBe(3);
    if (outcome.prediction.current.status !== 'solved') throw new Error('not solved');
    expect(outcome.prediction.current.backpressure.active).toBe(true);
    if (outcome.prediction.recommended.status !== 'solved') throw new Error('not solved');
    expect(outcome.prediction.recommended.backpressure.active).toBe(false);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimTopology } from '../../../bench/accuracy/des/sim-topology.js';
import { simulateTopology } from '../../../bench/accuracy/des/simulate-topology.js';
import { SIM_COORDS, writeSimSnapshot } from '../../../bench/accuracy/des/write-sim-snapshot.js';
import { MemoryGraphClient } from '../../../src/graph/memory-graph-client.js';
import { TopologyGraphStore } from '../../../src/graph/topology-graph-store.js';
import { loadTopologyNetwork } from '../../../src/jobs/handlers/load-topology-network.js';
import { SnapshotMetricsSource } from '../../../src/metrics/snapshot-source.js';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { TopologyRef } from '../../../src/topology/topology-ref.js';

/** spout (50/s) → a → b in one container, 2 ms bolts of CV 0.5 (ρ 0.1 each), every hop `hopMs`. */
function chain(name: string, hopMs: number): SimTopology {
  const bolt = (bolt: string, from: string, outputs: Record<string, number>) => ({
    name: bolt,
    kind: 'bolt' as const,
    parallelism: 1,
    outputs,
    serviceMeanMs: 2,
    serviceCv: 0.5,
    inputs: [{ component: from, stream: 'default', grouping: 'SHUFFLE' as const }],
  });
  return {
    name,
    containers: 1,
    hopMs: { local: hopMs, remote: hopMs },
    highWaterTuples: 10_000,
    lowWaterTuples: 5000,
    components: [
      { name: 'source', kind: 'spout', parallelism: 1, outputs: { default: 1 }, offeredRatePerSec: 50 },
      bolt('a', 'source', { default: 1 }),
      bolt('b', 'a', {}),
    ],
  };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function modelled(hopMs: number, settings = queueingTheorySettingsSchema.parse({})) {
  const name = `hops-${String(hopMs).replace('.', '_')}`;
  const topology = chain(name, hopMs);
  const dir = await mkdtemp(join(tmpdir(), 'augur-hops-'));
  dirs.push(dir);
  const result = simulateTopology(topology, { seed: 3, warmupMinutes: 1, windowMinutes: 30 });
  await writeSimSnapshot(dir, [{ topology, result }], 1_800_000_000);
  const source = new SnapshotMetricsSource(dir);
  const ref: TopologyRef = { dsps: 'heron', ...SIM_COORDS, topology: name };
  const endSec = source.windowEndSec(0);
  const { network } = await loadTopologyNetwork(
    source,
    new TopologyGraphStore(new MemoryGraphClient()),
    ref,
    { startSec: endSec - 30 * 60, endSec },
  );
  const r = modelTopology(network, settings);
  if (r.status !== 'solved') throw new Error('not solved');
  return { r, truth: result.truth };
}

describe('hop cost measured on the model path', () => {
  // Each bolt's sojourn is modelled within ≈ 0.1 ms at ρ 0.1 (measured c_s² ≈ 0.25 after shrinkage);
  // two hops share the gap, so ± 0.15 ms per hop.
  it.each([0, 1])('finds a %s ms hop from the spout complete latency', async (hopMs) => {
    const { r } = await modelled(hopMs);
    expect(r.assumptions.hop_ms.source).toBe('measured');
    expect(r.assumptions.hop_ms.evidence?.modelled_hops).toBeCloseTo(2, 9);
    expect(Math.abs(r.assumptions.hop_ms.local - hopMs)).toBeLessThan(0.15);
  });

  it('keeps an explicit setting as the override', async () => {
    const { r } = await modelled(1, queueingTheorySettingsSchema.parse({ localHopMs: 0, remoteHopMs: 0 }));
    expect(r.assumptions.hop_ms).toMatchObject({ source: 'settings', local: 0, remote: 0 });
  });
});

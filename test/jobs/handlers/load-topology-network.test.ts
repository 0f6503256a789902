import { describe, expect, it } from 'vitest';
import { MemoryGraphClient } from '../../../src/graph/memory-graph-client.js';
import { TopologyGraphStore } from '../../../src/graph/topology-graph-store.js';
import { loadTopologyNetwork } from '../../../src/jobs/handlers/load-topology-network.js';
import { SnapshotMetricsSource } from '../../../src/metrics/snapshot-source.js';
import { countDispersionScv } from '../../../src/models/queueing/count-dispersion.js';
import { queueingTheoryModel } from '../../../src/models/topology/queueing-theory-model.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { PackingPlan } from '../../../src/topology/packing-plan.js';
import type { TopologyRef } from '../../../src/topology/topology-ref.js';

const source = new SnapshotMetricsSource('examples/snapshots/word-count');
const ref: TopologyRef = {
  dsps: 'heron',
  cluster: 'local',
  environ: 'default',
  topology: 'WordCountTopology',
};
const endSec = source.windowEndSec(0);
const window = { startSec: endSec - 30 * 60, endSec };

/** The workers' default graph store: the in-memory backend. */
const graphs = new TopologyGraphStore(new MemoryGraphClient());

describe('loadTopologyNetwork on the example snapshot', () => {
  it('builds the running topology: weighted service times, ratios, routing and CPU per tuple', async () => {
    const { network, built } = await loadTopologyNetwork(source, graphs, ref, window);
    expect(built).toMatchObject({ traffic: 'measured', parallelism: { sentence: 3, split: 4, count: 4 } });
    expect(network.spouts).toHaveLength(3);
    expect(network.bolts).toHaveLength(8);

    // service time: Σ latency(ns)·count / Σ count / 1e6, recomputed here from the raw series
    const series = await source.getMetricSeries(ref, {
      component: 'split',
      metrics: ['__execute-count/sentence/default', '__execute-latency/sentence/default'],
      instances: ['container_2_split_8'],
      ...window,
    });
    const counts = new Map(series['__execute-count/sentence/default']?.container_2_split_8 ?? []);
    let weighted = 0;
    let total = 0;
    for (const [t, ns] of series['__execute-latency/sentence/default']?.container_2_split_8 ?? []) {
      const c = counts.get(t) ?? 0;
      weighted += ns * c;
      total += c;
    }
    const split8 = network.bolts.find((b) => b.id === 'container_2_split_8');
    expect(split8?.serviceTimeMeanMs).toBeCloseTo(weighted / total / 1e6, 12);
    expect(split8?.serviceTimeMinMs).toBeLessThanOrEqual(split8?.serviceTimeMeanMs ?? 0);
    expect(split8?.serviceTimeMaxMs).toBeGreaterThanOrEqual(split8?.serviceTimeMeanMs ?? 0);
    // each sentence gives about 7 words; count emits nothing
    expect(split8?.outputRatios.default).toBeGreaterThan(6);
    expect(split8?.outputRatios.default).toBeLessThan(8);
    expect(network.bolts.find((b) => b.component === 'count')?.outputRatios).toEqual({});
    expect(split8?.cpuCoreSecPerTuple).toBeGreaterThan(0);

    // shuffle: 1/4 from each sentence instance; fields: the measured 31/27/23/19 % shares
    const toSplit = network.edges.filter((e) => e.from === 'container_1_sentence_7');
    expect(toSplit.map((e) => e.probability)).toEqual([0.25, 0.25, 0.25, 0.25]);
    const toCount = network.edges.filter((e) => e.from === 'container_2_split_8');
    expect(toCount.map((e) => e.to)).toEqual([
      'container_1_count_1',
      'container_2_count_2',
      'container_3_count_3',
      'container_1_count_4',
    ]);
    const shares = toCount.map((e) => e.probability);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const [i, s] of [0.31, 0.27, 0.23, 0.19].entries()) expect(shares[i]).toBeCloseTo(s, 2);
    // measured spout rates: emit-count per minute / 60
    for (const s of network.spouts) expect(s.offeredRatePerSec).toBeGreaterThan(150);
  });

  it("measures each spout's arrival variability from its minute-to-minute emit counts", async () => {
    const { network } = await loadTopologyNetwork(source, graphs, ref, window);
    const spout = network.spouts.find((s) => s.id === 'container_2_sentence_5');
    const series = await source.getMetricSeries(ref, {
      component: 'sentence',
      metrics: ['__emit-count/default'],
      instances: ['container_2_sentence_5'],
      ...window,
    });
    const counts = (series['__emit-count/default']?.container_2_sentence_5 ?? []).map(([, c]) => c);
    expect(counts.length).toBe(30);
    expect(spout?.arrivalScv).toBeCloseTo(countDispersionScv(counts) as number, 12);
    const result = queueingTheoryModel.run(network, queueingTheorySettingsSchema.parse({}));
    expect(result.status).toBe('solved');
  });

  it('spreads a proposed plan: fields skew kept, shuffle even, capacities from the plan', async () => {
    const structure = await source.getStructure(ref);
    const resources = { cpuCores: 1, ramBytes: 1, diskBytes: 1 };
    let task = 1;
    const instances = (component: string, n: number) =>
      Array.from({ length: n }, (_, k) => ({ component, taskId: task++, componentIndex: k, resources }));
    const plan: PackingPlan = {
      topologyId: structure.id ?? '',
      containers: [
        {
          index: 1,
          instances: [...instances('sentence', 2), ...instances('split', 2)],
          requiredResources: { ...resources, cpuCores: 6 },
        },
        { index: 2, instances: instances('count', 2), requiredResources: { ...resources, cpuCores: 3 } },
      ],
    };
    const { network, built } = await loadTopologyNetwork(source, graphs, ref, window, plan, {
      1: 100,
      2: 50,
    });
    expect(built).toMatchObject({ traffic: 'requested', parallelism: { sentence: 2, split: 2, count: 2 } });
    expect(built.spout_rates).toEqual({ container_1_sentence_1: 100, container_1_sentence_2: 50 });
    expect(network.containers).toEqual({
      container_1: { cpuCapacityCores: 6 },
      container_2: { cpuCapacityCores: 3 },
    });
    const fromSplit = network.edges.filter((e) => e.from === 'container_1_split_3');
    // cold 4·0.19 spread over 2, hot excesses 0.12, 0.08, 0.04 placed LPT: 0.38+0.12 / 0.38+0.08+0.04
    expect(fromSplit.map((e) => e.probability)[0]).toBeCloseTo(0.5, 1);
    expect(
      network.edges.filter((e) => e.from === 'container_1_sentence_1').map((e) => e.probability),
    ).toEqual([0.5, 0.5]);
  });

  it('refuses a plan of another topology', async () => {
    const plan: PackingPlan = { topologyId: 'x', containers: [] };
    await expect(loadTopologyNetwork(source, graphs, ref, window, plan)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('current plan CPU capacity', () => {
  it("takes container capacities from the running topology's packing plan and reports CPU headroom", async () => {
    const { network, built } = await loadTopologyNetwork(source, graphs, ref, window);
    expect(built.container_capacity).toBe('packing-plan');
    const plan = await source.getPackingPlan(ref);
    expect(network.containers).toEqual(
      Object.fromEntries(
        (plan?.containers ?? []).map((c) => [
          `container_${c.index}`,
          { cpuCapacityCores: c.requiredResources.cpuCores },
        ]),
      ),
    );
    const result = queueingTheoryModel.run(network, queueingTheorySettingsSchema.parse({}));
    const cpu = (result as { cpu: { headroom: number | null; containers: Record<string, unknown> } }).cpu;
    expect(cpu.headroom).toBeGreaterThan(0);
    expect(Object.keys(cpu.containers).sort()).toEqual(['container_1', 'container_2', 'container_3']);
  });

  it('has no capacities when the source cannot answer a packing plan', async () => {
    const withoutPlans = Object.assign(Object.create(source) as SnapshotMetricsSource, {
      getPackingPlan: undefined,
    });
    const { network, built } = await loadTopologyNetwork(withoutPlans, graphs, ref, window);
    expect(built.container_capacity).toBe('unknown');
    expect(network.containers).toBeUndefined();
  });
});

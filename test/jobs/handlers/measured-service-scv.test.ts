import { describe, expect, it } from 'vitest';
import { MemoryGraphClient } from '../../../src/graph/memory-graph-client.js';
import { TopologyGraphStore } from '../../../src/graph/topology-graph-store.js';
import { loadTopologyNetwork } from '../../../src/jobs/handlers/load-topology-network.js';
import { SnapshotMetricsSource } from '../../../src/metrics/snapshot-source.js';
import { serviceScvFromMinuteMeans } from '../../../src/models/estimation/service-scv-from-minute-means.js';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
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
const graphs = new TopologyGraphStore(new MemoryGraphClient());

describe('service-time variability measured from the minute means', () => {
  it("gives each bolt instance the dispersion estimate of its own minutes, and the model says it's measured", async () => {
    const { network } = await loadTopologyNetwork(source, graphs, ref, window);
    const id = 'container_2_split_8';
    const series = await source.getMetricSeries(ref, {
      component: 'split',
      metrics: ['__execute-count/sentence/default', '__execute-latency/sentence/default'],
      instances: [id],
      ...window,
    });
    const counts = new Map(series['__execute-count/sentence/default']?.[id] ?? []);
    const minutes = (series['__execute-latency/sentence/default']?.[id] ?? []).map(([t, ns]) => ({
      serviceTimeMeanMs: ns / 1e6,
      executeCount: counts.get(t) ?? 0,
    }));
    const expected = serviceScvFromMinuteMeans(minutes);
    expect(expected.source).toBe('measured');
    const bolt = network.bolts.find((b) => b.id === id);
    expect(bolt?.serviceTimeScv).toBeCloseTo(expected.scv, 9);

    const result = modelTopology(network, queueingTheorySettingsSchema.parse({}));
    if (result.status !== 'solved') throw new Error('not solved');
    expect(result.instances[id]?.service_scv_source).toBe('measured');
    expect(result.instances[id]?.service_scv).toBeCloseTo(expected.scv, 9);
    expect(result.assumptions.service_scv.instances_assumed).toBe(0);
  });

  it('assumes the default for a bolt with fewer than three minutes of evidence', async () => {
    const short = { startSec: endSec - 2 * 60, endSec };
    const { network } = await loadTopologyNetwork(source, graphs, ref, short);
    for (const bolt of network.bolts) expect(bolt.serviceTimeScv).toBeUndefined();
    const result = modelTopology(network, queueingTheorySettingsSchema.parse({}));
    if (result.status !== 'solved') throw new Error('not solved');
    expect(result.assumptions.service_scv.instances_measured).toBe(0);
  });
});

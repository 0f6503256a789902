import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stormComponentMetrics } from '../../../src/dsps/storm/component-metrics.js';
import { StormUiClient } from '../../../src/dsps/storm/storm-ui-client.js';
import { MemoryGraphClient } from '../../../src/graph/memory-graph-client.js';
import { TopologyGraphStore } from '../../../src/graph/topology-graph-store.js';
import { loadTopologyNetwork } from '../../../src/jobs/handlers/load-topology-network.js';
import { directoryFetch } from '../../../src/metrics/directory-fetch.js';
import type { MetricsSource } from '../../../src/metrics/metrics-source.js';
import { StormSnapshotSource } from '../../../src/metrics/storm-snapshot-source.js';
import { StormUiMetricsSource } from '../../../src/metrics/storm-ui-source.js';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import { metric } from '../../../src/topology/metric-series.js';
import type { TopologyRef } from '../../../src/topology/topology-ref.js';
import {
  type FakeStormUi,
  SYNTHETIC_WINDOW_SEC,
  SYNTHETIC_WORD_COUNT_ID,
  startFakeStormUi,
} from '../../support/fake-storm-ui.js';

// Storm's capacity of a bolt executor is the fraction of the window it spent in execute():
// executed × executeLatency (ms) / (window s × 1000). The queueing model's utilisation of the same executor
// is ρ = λ·S, with λ from the measured spout rates pushed through the groupings and output ratios and S the
// execute latency. Over one window with no backpressure the two are the same quantity, so the model built
// from a Storm source must reproduce the UI's capacity of every bolt executor — from the fake Storm UI's
// synthetic topology and from the shipped example snapshot.
//
// Tolerance, per executor, from what the UI's strings and counts lose (nothing else differs):
// - capacity is written with three decimals: ±0.0005 absolute;
// - the model's S is the execute latency string, also three decimals, while Storm computed capacity from the
//   unrounded latency: relative error ≤ 0.0005 ms / S;
// - the model routes a shuffle evenly (1/n) and a fields grouping by the measured executed shares, and takes
//   λ from the spouts' emissions; Storm's counts are sampled in units of 20 tuples, so an executor's executed
//   count can differ from its even share by a unit (the example: 20 in ~64 000, 3·10⁻⁴): 0.1 % relative.
const CAPACITY_HALF_UNIT = 0.0005;
const LATENCY_HALF_UNIT_MS = 0.0005;
const COUNT_GRANULARITY_REL = 0.001;

const EXAMPLE = join(import.meta.dirname, '../../../examples/snapshots/storm-word-count');
const EXAMPLE_ID = 'storm-word-count-1-1793600000';
const settings = queueingTheorySettingsSchema.parse({});

interface Case {
  name: string;
  source: () => MetricsSource;
  client: () => StormUiClient;
  ref: TopologyRef;
  topologyId: string;
  windowSec: number;
}

let ui: FakeStormUi;
/** Inside the fake's 600 s window: its pages are what the UI answers now. */
const FAKE_NOW_SEC = 1_700_003_600;
const CASES: Case[] = [
  {
    name: 'the fake Storm UI (synthetic-word-count)',
    source: () => new StormUiMetricsSource({ url: ui.url, retries: 0, nowSec: () => FAKE_NOW_SEC }),
    client: () => new StormUiClient({ url: ui.url, retries: 0, windowSec: SYNTHETIC_WINDOW_SEC }),
    ref: { dsps: 'storm', cluster: 'storm', environ: 'default', topology: 'synthetic-word-count' },
    topologyId: SYNTHETIC_WORD_COUNT_ID,
    windowSec: SYNTHETIC_WINDOW_SEC,
  },
  {
    name: 'the shipped example (examples/snapshots/storm-word-count)',
    source: () => new StormSnapshotSource(EXAMPLE),
    client: () =>
      new StormUiClient({
        url: 'http://example.invalid',
        windowSec: 600,
        retries: 0,
        fetch: directoryFetch(EXAMPLE),
      }),
    ref: { dsps: 'storm', cluster: 'local', environ: 'default', topology: 'storm-word-count' },
    topologyId: EXAMPLE_ID,
    windowSec: 600,
  },
];

/** The workers' default graph store: the in-memory backend. */
const graphs = new TopologyGraphStore(new MemoryGraphClient());

describe('the queueing model of a Storm topology reproduces Storm UI capacity', () => {
  const table: string[] = [];
  beforeAll(async () => {
    ui = await startFakeStormUi();
  });
  afterAll(async () => {
    await ui.close();
    console.log(`executor                 ρ (model)  capacity  |Δ|       tolerance\n${table.join('\n')}`);
  });

  it.each(CASES)('$name: every bolt executor’s ρ is its capacity', async (c) => {
    const source = c.source();
    const endSec = source.windowEndSec(FAKE_NOW_SEC);
    const window = { startSec: endSec - c.windowSec, endSec };
    const { network } = await loadTopologyNetwork(source, graphs, c.ref, window);
    const result = modelTopology(network, settings);
    expect(result.status).toBe('solved');
    if (result.status !== 'solved') return;
    expect(result.backpressure.throttle_factor).toBe(1);

    const client = c.client();
    const bolts = [...new Set(network.bolts.map((b) => b.component))].sort();
    expect(bolts).toEqual(['count', 'split']);
    let compared = 0;
    for (const component of bolts) {
      const page = await client.getComponentPage(c.topologyId, component);
      const capacities = stormComponentMetrics(page, c.windowSec)[metric.capacity] ?? {};
      for (const bolt of network.bolts.filter((b) => b.component === component)) {
        const rho = result.instances[bolt.id]?.utilisation;
        const capacity = capacities[bolt.id];
        expect(rho, bolt.id).toBeTypeOf('number');
        expect(capacity, bolt.id).toBeTypeOf('number');
        const r = rho as number;
        const tolerance =
          CAPACITY_HALF_UNIT +
          r * (LATENCY_HALF_UNIT_MS / bolt.serviceTimeMeanMs) +
          r * COUNT_GRANULARITY_REL;
        const delta = Math.abs(r - (capacity as number));
        table.push(
          `${bolt.id.padEnd(24)} ${r.toFixed(5)}    ${(capacity as number).toFixed(3)}     ${delta.toFixed(5)}   ${tolerance.toFixed(5)}`,
        );
        expect(delta, `${c.name} ${bolt.id}: ρ ${r} vs capacity ${capacity}`).toBeLessThanOrEqual(tolerance);
        compared += 1;
      }
    }
    expect(compared).toBe(7);
  });
});

import { describe, expect, it } from 'vitest';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { QueueingTheoryResult } from '../../../src/models/topology/topology-model-result.js';
import type { TopologyNetwork } from '../../../src/models/topology/topology-network.js';
import { bolt, spout } from './network-fixtures.js';

const settings = queueingTheorySettingsSchema.parse({});
const solved = (r: ReturnType<typeof modelTopology>) => {
  if (r.status !== 'solved') throw new Error(r.message);
  return r as QueueingTheoryResult;
};

/** Two spouts (300 + 100 tuples/s) → split ×2 (shuffle, 2 words per tuple) → count ×2 by key shares 0.7/0.3. */
function wordCount(splitMs: number, countMs: number): TopologyNetwork {
  return {
    spouts: [spout('sentence_1', 300), spout('sentence_2', 100, 'c2')],
    bolts: [
      bolt('split_1', splitMs, { words: 2 }),
      bolt('split_2', splitMs, { words: 2 }, 'c2'),
      bolt('count_1', countMs, {}),
      bolt('count_2', countMs, {}, 'c2'),
    ],
    edges: [
      ...['sentence_1', 'sentence_2'].flatMap((from) =>
        ['split_1', 'split_2'].map((to) => ({ from, to, stream: 'default', probability: 0.5 })),
      ),
      ...['split_1', 'split_2'].flatMap((from) => [
        { from, to: 'count_1', stream: 'words', probability: 0.7 },
        { from, to: 'count_2', stream: 'words', probability: 0.3 },
      ]),
    ],
  };
}

describe('backpressure, throttling and saturation', () => {
  it('finds the bottleneck and the headroom of an unsaturated plan', () => {
    // split: λ = 200/s each, ρ = 0.2; count_1: λ = 0.7 · 800 = 560/s, ρ = 0.56; count_2: 240/s, ρ = 0.24
    const r = solved(modelTopology(wordCount(1, 1), settings));
    expect(r.backpressure).toMatchObject({
      active: false,
      instances: [],
      warnings: [],
      bottleneck: { instance: 'count_1', component: 'count' },
      bottleneck_component: 'count',
      throttle_factor: 1,
    });
    expect(r.backpressure.bottleneck?.utilisation).toBeCloseTo(0.56, 12);
    expect(r.saturation.headroom).toBeCloseTo(1 / 0.56, 12);
    expect(r.saturation.spout_rates.sentence_1).toBeCloseTo(300 / 0.56, 9);
    expect(r.saturation.total_rate).toBeCloseTo(400 / 0.56, 9);
    expect(r.throughput).toMatchObject({
      units: 'tuples/s',
      total: 400,
      offered_total: 400,
      mean: 200,
      max: 300,
      min: 100,
    });
    expect(r.throughput.sink_total).toBeCloseTo(800, 9);
  });

  it('running at the saturation rates puts the bottleneck exactly at the threshold', () => {
    const r = solved(modelTopology(wordCount(1, 1), settings));
    const atSaturation = wordCount(1, 1);
    for (const s of atSaturation.spouts) s.offeredRatePerSec = r.saturation.spout_rates[s.id] as number;
    const again = solved(modelTopology(atSaturation, { ...settings, backpressureThreshold: 1 }));
    // (whether exactly 1 counts as backpressure is then down to the last bit of rounding)
    expect(again.backpressure.bottleneck?.utilisation).toBeCloseTo(1, 12);
  });

  it('flags the warning band below the threshold', () => {
    const r = solved(modelTopology(wordCount(1, 1.5), settings)); // count_1 at ρ = 0.84
    expect(r.backpressure.active).toBe(false);
    expect(r.backpressure.warnings.map((w) => w.instance)).toEqual(['count_1']);
    expect(r.instances.count_1?.state).toBe('warning');
    expect(r.components.count?.warning_instances).toBe(1);
  });

  it('throttles every spout to what the bottleneck sustains when it is overloaded', () => {
    // count_1 at ρ = 560 · 2.5 ms = 1.4 at the offered rates
    const r = solved(modelTopology(wordCount(1, 2.5), settings));
    expect(r.backpressure.active).toBe(true);
    expect(r.backpressure.instances.map((i) => i.instance)).toEqual(['count_1']);
    expect(r.backpressure.throttle_factor).toBeCloseTo(1 / 1.4, 12);
    expect(r.throughput.total).toBeCloseTo(400 / 1.4, 9);
    expect(r.throughput.max).toBeCloseTo(300 / 1.4, 9);
    expect(r.saturation.headroom).toBeCloseTo(1 / 1.4, 12);
    // At the operating point the bottleneck runs at ρ = 1: no steady state, latency unbounded.
    expect(r.instances.count_1).toMatchObject({
      utilisation: 1,
      sojourn_time_ms: null,
      state: 'backpressure',
    });
    expect(r.instances.count_1?.offered_utilisation).toBeCloseTo(1.4, 12);
    expect(r.latency).toMatchObject({ bounded: false, at: 'throttled', mean: null, max: null });
    // The path through the other count instance is still finite: the fastest path exists.
    expect(r.latency.min).toBeGreaterThan(0);
  });

  it('with a threshold below 1 keeps the bottleneck at the threshold and the latency finite', () => {
    const r = solved(modelTopology(wordCount(1, 2.5), { ...settings, backpressureThreshold: 0.9 }));
    expect(r.backpressure.throttle_factor).toBeCloseTo(0.9 / 1.4, 12);
    expect(r.instances.count_1?.utilisation).toBe(0.9);
    expect(r.latency.bounded).toBe(true);
    expect(r.latency.mean).toBeGreaterThan(r.latency.min as number);
    expect(r.latency.max).toBeGreaterThan(r.latency.mean as number);
  });

  it('reports no bottleneck and unlimited headroom without traffic', () => {
    const network = wordCount(1, 1);
    for (const s of network.spouts) s.offeredRatePerSec = 0;
    const r = solved(modelTopology(network, settings));
    expect(r.backpressure.bottleneck).toBeNull();
    expect(r.saturation).toMatchObject({ headroom: null, total_rate: null, limiting_instance: null });
    expect(r.latency).toMatchObject({ mean: null, max: null, min: null, bounded: true });
    expect(r.throughput.total).toBe(0);
  });
});

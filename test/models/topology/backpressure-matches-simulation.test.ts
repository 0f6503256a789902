import { afterAll, describe, expect, it } from 'vitest';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { QueueingTheoryResult } from '../../../src/models/topology/topology-model-result.js';
import type { TopologyNetwork } from '../../../src/models/topology/topology-network.js';
import {
  chainNetwork,
  cycleNetwork,
  fanOutFanInNetwork,
  fieldsSkewNetwork,
  scaleSpouts,
} from './simulator/scenario-networks.js';
import { simulateTopology } from './simulator/simulate-topology.js';

// Backpressure verdicts of the model against a simulation with Heron-style backpressure (every spout
// stops while some bolt holds more than 1000 tuples, until all are back under 500), at offered
// bottleneck utilisations outside [0.9, 1.1] — inside that band the verdict depends on buffer sizes
// and run length, not on the model. When the spouts are throttled, the simulated throughput must be
// the model's offered rate × threshold / ρ_max within 5 %.

const settings = queueingTheorySettingsSchema.parse({});
const WATER_MARKS = { highWaterMark: 1000, lowWaterMark: 500 };
const SCENARIOS: Array<[string, () => TopologyNetwork]> = [
  ['chain', chainNetwork],
  ['fan-out/fan-in', fanOutFanInNetwork],
  ['fields skew', fieldsSkewNetwork],
  ['cycle', cycleNetwork],
];
const cases = SCENARIOS.flatMap(([scenario, build], s) =>
  [0.5, 0.8, 1.2, 1.5].map((rho, l) => ({ scenario, build, rho, seed: 2000 + 10 * s + l })),
);

function solved(result: ReturnType<typeof modelTopology>): QueueingTheoryResult {
  if (result.status !== 'solved') throw new Error(result.message);
  return result;
}

const rows: string[] = [];

describe('backpressure verdicts against the simulation', () => {
  it.each(cases)('$scenario offered at ρ = $rho', ({ scenario, build, rho, seed }) => {
    const base = build();
    const unit = solved(modelTopology(base, settings));
    const network = scaleSpouts(base, (unit.saturation.headroom as number) * rho);
    const model = solved(modelTopology(network, settings));
    const bottleneckRate =
      model.instances[model.backpressure.bottleneck?.instance as string]?.offered_arrival_rate;
    // Long enough for an overloaded bottleneck to pile up 1000 tuples many times over.
    const seconds = 60_000 / (bottleneckRate as number);
    const sim = simulateTopology(network, {
      seed,
      durationSec: seconds,
      warmupSec: seconds / 4,
      localHopMs: settings.localHopMs ?? 0,
      remoteHopMs: settings.remoteHopMs ?? 0,
      backpressure: WATER_MARKS,
    });

    rows.push(
      `| ${scenario} | ${rho} | ${model.backpressure.active ? 'yes' : 'no'} | ${sim.backpressureTriggered ? 'yes' : 'no'} | ` +
        `${model.throughput.total.toFixed(1)} | ${sim.throughputPerSec.toFixed(1)} | ${(100 * sim.throttledFraction).toFixed(1)} % |`,
    );
    expect(model.backpressure.active).toBe(rho >= 1);
    expect(sim.backpressureTriggered).toBe(model.backpressure.active);
    if (model.backpressure.active) {
      expect(model.backpressure.throttle_factor).toBeCloseTo(1 / rho, 12);
      expect(model.latency.bounded).toBe(false);
      const error = Math.abs(model.throughput.total - sim.throughputPerSec) / sim.throughputPerSec;
      expect(error, 'throttled throughput').toBeLessThanOrEqual(0.05);
    } else {
      expect(sim.throttledFraction).toBe(0);
      expect(
        Math.abs(model.throughput.total - sim.throughputPerSec) / sim.throughputPerSec,
      ).toBeLessThanOrEqual(0.05);
    }
  });

  afterAll(() => {
    const header =
      '| topology | offered ρ | model: backpressure | simulation: backpressure | model throughput (tuples/s) | simulated | time throttled |\n|---|---|---|---|---|---|---|';
    console.log(`\nBackpressure table (model vs simulation)\n${header}\n${rows.join('\n')}\n`);
  });
});

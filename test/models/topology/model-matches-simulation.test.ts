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

// Validation of the queueing-theory model against a seeded discrete-event simulation of the same
// networks: predicted utilisation within 5 % and mean end-to-end latency within 15 % of the simulation,
// at bottleneck utilisations from 0.3 to 0.9. The table printed at the end is the one in
// docs/queueing-model.md.

const settings = queueingTheorySettingsSchema.parse({});
const HOPS = { localHopMs: settings.localHopMs ?? 0, remoteHopMs: settings.remoteHopMs ?? 0 };
const UTILISATION_TOLERANCE = 0.05;
const LATENCY_TOLERANCE = 0.15;

const SCENARIOS: Array<{ name: string; build: () => TopologyNetwork }> = [
  { name: 'chain', build: chainNetwork },
  { name: 'fan-out/fan-in', build: fanOutFanInNetwork },
  { name: 'fields skew', build: fieldsSkewNetwork },
  { name: 'cycle', build: cycleNetwork },
];
// Tuples through the bottleneck per run. The relative error of a simulated mean wait grows like
// 1/(1 − ρ)² (W. Whitt (1989), "Planning queueing simulations", Management Science 35(11):1341–1366),
// so heavy traffic gets longer runs.
const LEVELS: Array<{ rho: number; bottleneckTuples: number }> = [
  { rho: 0.3, bottleneckTuples: 100_000 },
  { rho: 0.5, bottleneckTuples: 100_000 },
  { rho: 0.7, bottleneckTuples: 150_000 },
  { rho: 0.9, bottleneckTuples: 400_000 },
];

interface Row {
  scenario: string;
  rho: number;
  worstUtilisationError: number;
  predictedMs: number;
  poissonMs: number;
  simulatedMs: number;
  halfWidthMs: number;
  latencyError: number;
  tuples: number;
}
const rows: Row[] = [];

function solved(result: ReturnType<typeof modelTopology>): QueueingTheoryResult {
  if (result.status !== 'solved') throw new Error(result.message);
  return result;
}

const cases = SCENARIOS.flatMap((scenario, s) =>
  LEVELS.map((level, l) => ({
    ...level,
    scenario: scenario.name,
    build: scenario.build,
    seed: 1000 + 10 * s + l,
  })),
);

describe('queueing-theory model against the discrete-event simulation', () => {
  it.each(cases)('$scenario at ρ = $rho', ({ scenario, rho, bottleneckTuples, build, seed }) => {
    const base = build();
    const unit = solved(modelTopology(base, settings));
    const network = scaleSpouts(base, (unit.saturation.headroom as number) * rho);
    const model = solved(modelTopology(network, settings));
    const poisson = solved(modelTopology(network, { ...settings, arrivalVariability: 'poisson' }));
    expect(model.backpressure.bottleneck?.utilisation).toBeCloseTo(rho, 12);

    const bottleneck = model.instances[model.backpressure.bottleneck?.instance as string];
    const seconds = bottleneckTuples / (bottleneck?.arrival_rate as number);
    const sim = simulateTopology(network, {
      seed,
      durationSec: seconds * 1.05,
      warmupSec: seconds * 0.05,
      ...HOPS,
    });

    let worst = 0;
    for (const [id, predicted] of Object.entries(model.instances)) {
      if (predicted.kind !== 'bolt') continue;
      const simulated = sim.instances[id]?.utilisation as number;
      const error = Math.abs((predicted.utilisation as number) - simulated) / simulated;
      worst = Math.max(worst, error);
      expect(error, `utilisation of ${id}`).toBeLessThanOrEqual(UTILISATION_TOLERANCE);
    }
    const predictedMs = model.latency.mean as number;
    const latencyError = (predictedMs - sim.meanEndToEndMs) / sim.meanEndToEndMs;
    rows.push({
      scenario,
      rho,
      worstUtilisationError: worst,
      predictedMs,
      poissonMs: poisson.latency.mean as number,
      simulatedMs: sim.meanEndToEndMs,
      halfWidthMs: sim.endToEndHalfWidthMs,
      latencyError,
      tuples: sim.endToEndSamples,
    });
    expect(Math.abs(latencyError), 'mean end-to-end latency').toBeLessThanOrEqual(LATENCY_TOLERANCE);
  });

  afterAll(() => {
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    const lines = [
      '| topology | ρ bottleneck | worst utilisation error | latency predicted (ms) | simulated (ms, 95 % CI) | error | Poisson-only prediction (ms) | sink tuples |',
      '|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.scenario} | ${r.rho} | ${pct(r.worstUtilisationError)} | ${r.predictedMs.toFixed(3)} | ` +
          `${r.simulatedMs.toFixed(3)} ± ${r.halfWidthMs.toFixed(3)} | ${r.latencyError >= 0 ? '+' : ''}${pct(r.latencyError)} | ` +
          `${r.poissonMs.toFixed(3)} (${pct((r.poissonMs - r.simulatedMs) / r.simulatedMs)}) | ${r.tuples} |`,
      ),
    ];
    console.log(`\nValidation table (model vs simulation)\n${lines.join('\n')}\n`);
  });
});

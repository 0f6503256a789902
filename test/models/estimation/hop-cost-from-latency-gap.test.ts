import { describe, expect, it } from 'vitest';
import { meanCompleteLatencyMs } from '../../../bench/accuracy/des/sim-minute-series.js';
import type { SimTopology } from '../../../bench/accuracy/des/sim-topology.js';
import { simulateTopology } from '../../../bench/accuracy/des/simulate-topology.js';
import { hopCostFromLatencyGap } from '../../../src/models/estimation/hop-cost-from-latency-gap.js';

describe('hopCostFromLatencyGap', () => {
  it('divides the weighted gap by the weighted hops, and clamps a negative gap at 0', () => {
    expect(hopCostFromLatencyGap([{ observedLatencyMs: 12, modelledSojournMs: 10, hops: 2 }]).hopMs).toBe(1);
    const two = hopCostFromLatencyGap([
      { observedLatencyMs: 12, modelledSojournMs: 10, hops: 2, weight: 3 },
      { observedLatencyMs: 5, modelledSojournMs: 4, hops: 1, weight: 1 },
    ]);
    expect(two.hopMs).toBeCloseTo((3 * 2 + 1) / (3 * 2 + 1), 12);
    expect(two.evidence).toEqual({ observations: 2, gapMsWeighted: 7, hopsWeighted: 7 });
    expect(hopCostFromLatencyGap([{ observedLatencyMs: 8, modelledSojournMs: 10, hops: 2 }])).toMatchObject({
      hopMs: 0,
      source: 'measured',
    });
  });

  it('says "assumed" with 0 when nothing crosses a hop or the data is not finite', () => {
    expect(hopCostFromLatencyGap([])).toMatchObject({ hopMs: 0, source: 'assumed' });
    expect(
      hopCostFromLatencyGap([
        { observedLatencyMs: 3, modelledSojournMs: 1, hops: 0 },
        { observedLatencyMs: Number.NaN, modelledSojournMs: 1, hops: 2 },
      ]),
    ).toMatchObject({ hopMs: 0, source: 'assumed' });
  });
});

/** spout → a → b in one container at ρ 0.1 per bolt (2 ms service, CV 0.5, 50 tuples/s). */
function chain(localHopMs: number): SimTopology {
  const bolt = (name: string, from: string, outputs: Record<string, number>) => ({
    name,
    kind: 'bolt' as const,
    parallelism: 1,
    outputs,
    serviceMeanMs: 2,
    serviceCv: 0.5,
    inputs: [{ component: from, stream: 'default', grouping: 'SHUFFLE' as const }],
  });
  return {
    name: 'hops',
    containers: 1,
    hopMs: { local: localHopMs, remote: localHopMs },
    highWaterTuples: 10_000,
    lowWaterTuples: 5000,
    components: [
      { name: 'source', kind: 'spout', parallelism: 1, outputs: { default: 1 }, offeredRatePerSec: 50 },
      bolt('a', 'source', { default: 1 }),
      bolt('b', 'a', {}),
    ],
  };
}

/** M/G/1 sojourn (Pollaczek–Khinchine): S + ρS(1 + c_s²)/(2(1 − ρ)), ms. */
const pkSojournMs = (ratePerSec: number, serviceMs: number, scv: number) => {
  const rho = (ratePerSec * serviceMs) / 1000;
  return serviceMs + (rho * serviceMs * (1 + scv)) / (2 * (1 - rho));
};

describe('hopCostFromLatencyGap on the simulator', () => {
  // Two bolts of ≈ 2.14 ms sojourn each; the complete latency's sampling error over 90 000 trees is far
  // below 0.01 ms, the M/G/1 sojourn of the second bolt (its arrivals are not quite Poisson) is off by
  // < 0.05 ms at ρ 0.1: so ± 0.1 ms per hop.
  it.each([0, 0.5, 2])('recovers a hop of %s ms from the spout complete latency', (hopMs) => {
    const result = simulateTopology(chain(hopMs), { seed: 3, warmupMinutes: 1, windowMinutes: 30 });
    const spout = result.instances.find((i) => i.component === 'source')?.id as string;
    const { latencyMs, acked } = meanCompleteLatencyMs(result, spout, 'default');
    const modelled = 2 * pkSojournMs(50, 2, 0.25);
    const estimate = hopCostFromLatencyGap([
      { observedLatencyMs: latencyMs, modelledSojournMs: modelled, hops: 2, weight: acked },
    ]);
    expect(estimate.source).toBe('measured');
    expect(Math.abs(estimate.hopMs - hopMs)).toBeLessThan(0.1);
  });
});

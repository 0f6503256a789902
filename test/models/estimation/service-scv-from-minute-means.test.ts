import { describe, expect, it } from 'vitest';
import { minuteServiceMeans } from '../../../bench/accuracy/des/sim-minute-series.js';
import type { SimComponent, SimTopology } from '../../../bench/accuracy/des/sim-topology.js';
import { simulateTopology } from '../../../bench/accuracy/des/simulate-topology.js';
import { serviceScvFromMinuteMeans } from '../../../src/models/estimation/service-scv-from-minute-means.js';

const minutes = (means: number[], count = 100) =>
  means.map((serviceTimeMeanMs) => ({ serviceTimeMeanMs, executeCount: count }));

describe('serviceScvFromMinuteMeans', () => {
  it('is the count-weighted dispersion of minute means over their grand mean squared', () => {
    expect(serviceScvFromMinuteMeans(minutes([1, 1.2, 0.8]), { priorDegreesOfFreedom: 0 }).scv).toBeCloseTo(
      4,
      12,
    );
    // counts weight both the grand mean and the dispersion: 300·(1−1.1)² + 100·(1.4−1.1)² over df 1, / 1.1²
    const weighted = serviceScvFromMinuteMeans(
      [
        { serviceTimeMeanMs: 1, executeCount: 300 },
        { serviceTimeMeanMs: 1.4, executeCount: 100 },
        { serviceTimeMeanMs: Number.NaN, executeCount: 50 },
      ],
      { priorDegreesOfFreedom: 0, minIntervals: 2 },
    );
    expect(weighted.scv).toBeCloseTo((300 * 0.01 + 100 * 0.09) / 1 / 1.21, 12);
    expect(weighted.evidence).toMatchObject({ intervals: 2, tuples: 400, degreesOfFreedom: 1 });
  });

  it('assumes the prior when the evidence is too thin, and shrinks toward it in log space', () => {
    const thin = serviceScvFromMinuteMeans(minutes([1, 3]));
    expect(thin).toMatchObject({ scv: 1, source: 'assumed', evidence: { rawScv: null, weight: 0 } });
    expect(serviceScvFromMinuteMeans([]).source).toBe('assumed');
    const shrunk = serviceScvFromMinuteMeans(minutes([1, 1.2, 0.8]), { priorDegreesOfFreedom: 2 });
    // df 2 against prior df 2: halfway in log space between 4 and 1
    expect(shrunk.scv).toBeCloseTo(2, 12);
    expect(shrunk).toMatchObject({
      source: 'measured',
      evidence: { rawScv: expect.closeTo(4, 12), weight: 0.5 },
    });
  });

  it('clamps identical minute means to a small positive c_s² rather than 0', () => {
    const flat = serviceScvFromMinuteMeans(minutes([2, 2, 2, 2]), { priorDegreesOfFreedom: 0 });
    expect(flat.scv).toBeGreaterThan(0);
    expect(flat.scv).toBeLessThan(0.01);
  });
});

/** One spout → one bolt at ρ 0.5 (4 ms service, 125 tuples/s): 30 minutes of 7 500 tuples each. */
function singleBolt(cv: number, family: SimComponent['serviceFamily'] = 'gamma'): SimTopology {
  return {
    name: `scv-${cv}`,
    containers: 1,
    hopMs: { local: 0, remote: 0 },
    highWaterTuples: 10_000,
    lowWaterTuples: 5000,
    components: [
      { name: 'source', kind: 'spout', parallelism: 1, outputs: { default: 1 }, offeredRatePerSec: 125 },
      {
        name: 'work',
        kind: 'bolt',
        parallelism: 1,
        outputs: {},
        serviceMeanMs: 4,
        serviceCv: cv,
        serviceFamily: family,
        inputs: [{ component: 'source', stream: 'default', grouping: 'SHUFFLE' }],
      },
    ],
  };
}

describe('serviceScvFromMinuteMeans on the simulator', () => {
  // With 30 minutes the dispersion has 29 df: its relative standard error is √(2/29) ≈ 0.26 for near-normal
  // minute means, so a factor of 2 either way is beyond 2.5 standard errors; heavier tails (lognormal) widen it.
  it.each([
    { cv: 0.2, family: 'gamma' as const, low: 0.02, high: 0.08 },
    { cv: 1, family: 'gamma' as const, low: 0.5, high: 2 },
    { cv: 2, family: 'gamma' as const, low: 2, high: 8 },
    { cv: 2, family: 'lognormal' as const, low: 1.5, high: 8 },
  ])('recovers c_s² of a CV $cv $family bolt to within a factor of 2', ({ cv, family, low, high }) => {
    const result = simulateTopology(singleBolt(cv, family), {
      seed: 11,
      warmupMinutes: 1,
      windowMinutes: 30,
    });
    const id = result.instances.find((i) => i.component === 'work')?.id as string;
    const estimate = serviceScvFromMinuteMeans(minuteServiceMeans(result, id, 'source/default'));
    expect(estimate.source).toBe('measured');
    expect(estimate.scv).toBeGreaterThan(low);
    expect(estimate.scv).toBeLessThan(high);
  });

  it('tells the CV 0.2 hops from the CV 2 hops of a mixed 5-hop chain', () => {
    const cvs = [0.2, 2, 0.2, 2, 1];
    const components: SimComponent[] = [
      { name: 'source', kind: 'spout', parallelism: 1, outputs: { default: 1 }, offeredRatePerSec: 100 },
      ...cvs.map(
        (cv, k): SimComponent => ({
          name: `h${k + 1}`,
          kind: 'bolt',
          parallelism: 1,
          outputs: k < cvs.length - 1 ? { default: 1 } : {},
          serviceMeanMs: 5,
          serviceCv: cv,
          inputs: [{ component: k === 0 ? 'source' : `h${k}`, stream: 'default', grouping: 'SHUFFLE' }],
        }),
      ),
    ];
    const chain: SimTopology = { ...singleBolt(1), name: 'chain5', components };
    const result = simulateTopology(chain, { seed: 5, warmupMinutes: 1, windowMinutes: 30 });
    const estimates = cvs.map((_, k) => {
      const id = result.instances.find((i) => i.component === `h${k + 1}`)?.id as string;
      return serviceScvFromMinuteMeans(
        minuteServiceMeans(result, id, `${k === 0 ? 'source' : `h${k}`}/default`),
      ).scv;
    });
    cvs.forEach((cv, k) => {
      expect(estimates[k]).toBeGreaterThan((cv * cv) / 2);
      expect(estimates[k]).toBeLessThan(cv * cv * 2);
    });
  });
});

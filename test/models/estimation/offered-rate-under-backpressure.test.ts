import { describe, expect, it } from 'vitest';
import { emittedRatePerSec, stmgrBackpressureMs } from '../../../bench/accuracy/des/sim-minute-series.js';
import type { SimTopology } from '../../../bench/accuracy/des/sim-topology.js';
import { simulateTopology } from '../../../bench/accuracy/des/simulate-topology.js';
import {
  offeredRateUnderBackpressure,
  throttledMsPerMinute,
} from '../../../src/models/estimation/offered-rate-under-backpressure.js';

describe('offeredRateUnderBackpressure', () => {
  it('divides the measured rate by the unthrottled share of the window', () => {
    const e = offeredRateUnderBackpressure({ measuredRatePerSec: 100, throttledMs: [15_000, 15_000] });
    expect(e).toMatchObject({ throttledFraction: 0.25, method: 'unthrottled-share', lowerBound: false });
    expect(e.offeredRatePerSec).toBeCloseTo(400 / 3, 12);
  });

  it('keeps the measured rate when nothing was throttled, and prefers a measured backlog growth', () => {
    expect(offeredRateUnderBackpressure({ measuredRatePerSec: 80, throttledMs: [0, 0] })).toMatchObject({
      offeredRatePerSec: 80,
      method: 'not-throttled',
    });
    expect(
      offeredRateUnderBackpressure({
        measuredRatePerSec: 80,
        throttledMs: [30_000],
        backlogGrowthPerSec: 20,
      }),
    ).toMatchObject({ offeredRatePerSec: 100, throttledFraction: 0.5, method: 'backlog-growth' });
  });

  it('caps a window throttled nearly throughout and flags the answer as a lower bound', () => {
    const e = offeredRateUnderBackpressure({ measuredRatePerSec: 10, throttledMs: [60_000, 59_000] });
    expect(e.lowerBound).toBe(true);
    expect(e.offeredRatePerSec).toBeCloseTo(200, 9);
  });

  it('takes the busiest stream manager per minute, clamped to the minute', () => {
    expect(
      throttledMsPerMinute([
        [0, 30_000],
        [10_000, 20_000],
      ]),
    ).toEqual([10_000, 30_000]);
    expect(throttledMsPerMinute([[90_000, Number.NaN]])).toEqual([60_000, 0]);
    expect(throttledMsPerMinute([])).toEqual([]);
  });
});

describe('offeredRateUnderBackpressure on the simulator', () => {
  // spout (300 tuples/s offered) → one 4 ms bolt: ρ 1.2, so the spout is throttled ≈ 1/6 of the time. The
  // simulated spout drops nothing and does not catch up, so the estimate is exact up to Poisson noise of
  // the emitted count (± 0.6 % at 1σ over 30 min) and the cut of the first and last pause: ± 3 %.
  it('recovers the offered rate of an overloaded topology from its stream managers’ backpressure time', () => {
    const topology: SimTopology = {
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
    const result = simulateTopology(topology, { seed: 9, warmupMinutes: 2, windowMinutes: 30 });
    const spout = result.instances.find((i) => i.component === 'source')?.id as string;
    const measured = emittedRatePerSec(result, spout, 'default');
    expect(measured).toBeLessThan(270); // really throttled
    const estimate = offeredRateUnderBackpressure({
      measuredRatePerSec: measured,
      throttledMs: throttledMsPerMinute(stmgrBackpressureMs(result)),
    });
    expect(Math.abs(estimate.throttledFraction - result.truth.throttledFraction)).toBeLessThan(0.005);
    expect(Math.abs(estimate.offeredRatePerSec / 300 - 1)).toBeLessThan(0.03);
  });
});

import { describe, expect, it } from 'vitest';
import { simulateBatsPaths } from '../../../src/models/forecasting/bats-forecast.js';
import { clippedShockBias } from '../../../src/models/forecasting/clipped-shock-bias.js';
import { sampleQuantiles } from '../../../src/models/forecasting/sample-quantiles.js';
import { mulberry32, residualResampler } from '../../../src/models/forecasting/seeded-random.js';

/**
 * Skewed residuals (log scale: most steps a little above, rare deep dips — outages), mean 0. Clipped at
 * ±1 they average +0.35: without the correction every path's level climbs α·0.35 a step.
 */
const residuals = Float64Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? -4.5 : 0.5));
const origin = {
  spec: { periods: [24], arErrors: false },
  params: { alpha: 0.3, gammas: [0.05], ar: 0 },
  state: { level: 5, error: 0, seasonal: [new Float64Array(24)] },
  sigma2: 2.25,
  huber: { scale: 0.5, k: 2 },
};
const horizon = 48;

function medianPath(shockBias: number): Float64Array {
  const draw = residualResampler(residuals, mulberry32(7));
  const sims = simulateBatsPaths({ ...origin, shockBias }, horizon, 2000, draw);
  return sampleQuantiles(sims, horizon, [0.5])[0] as Float64Array;
}

describe('simulated paths from skewed residuals with clipped updates', () => {
  it('the clipped shocks of a skewed pool are off-centre (the drift the correction removes)', () => {
    expect(clippedShockBias(residuals, 1)).toBeCloseTo(0.35, 10);
    expect(clippedShockBias(residuals, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('without the correction the median path drifts up on a flat series', () => {
    const drifting = medianPath(0);
    expect((drifting[horizon - 1] as number) - origin.state.level).toBeGreaterThan(3);
  });

  it('with unbiased clipped shocks the median path stays at the level', () => {
    const path = medianPath(clippedShockBias(residuals, 1));
    for (const v of path) expect(Math.abs(v - 5.5)).toBeLessThan(0.6); // level + the pool's median shock 0.5
    expect(Math.abs((path[horizon - 1] as number) - (path[0] as number))).toBeLessThan(0.3);
  });
});

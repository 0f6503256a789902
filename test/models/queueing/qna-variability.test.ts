import { describe, expect, it } from 'vitest';
import {
  batchScv,
  batchSizeExcess,
  departureScv,
  superpositionWeight,
  thinnedScv,
} from '../../../src/models/queueing/qna-variability.js';

describe('QNA variability rules', () => {
  it('departures of an M/M/1 queue stay Poisson (Burke) and a busy server passes its own variability', () => {
    for (const rho of [0.1, 0.5, 0.9]) expect(departureScv(rho, 1, 1)).toBeCloseTo(1, 14);
    expect(departureScv(1, 1, 0)).toBe(0);
    expect(departureScv(0, 2, 0)).toBe(2);
    expect(departureScv(0.5, 1, 0)).toBe(0.75);
  });

  it('random thinning turns rare items Poisson and keeps a flow whole at p = 1', () => {
    expect(thinnedScv(1, 0.3)).toBeCloseTo(0.3, 15);
    expect(thinnedScv(0, 0.3)).toBe(1);
    expect(thinnedScv(0.25, 0)).toBe(0.75);
  });

  it('batches: r ≤ 1 is thinning, integer r multiplies the index of dispersion', () => {
    expect(batchScv(1, 0.4)).toBe(0.4);
    expect(batchScv(2, 0.5)).toBe(1);
    expect(batchScv(0.5, 0)).toBe(thinnedScv(0.5, 0));
    expect(batchScv(0.3, 2)).toBeCloseTo(thinnedScv(0.3, 2), 14);
    // r = 2.5: half the batches 2, half 3 → Var(B) = 0.25, IDC = 2.5·c² + 0.25/2.5
    expect(batchScv(2.5, 1)).toBeCloseTo(2.6, 14);
  });

  it('batch excess E[B²]/E[B] − 1: none for r ≤ 1, r − 1 for whole batches', () => {
    expect(batchSizeExcess(0.4)).toBe(0);
    expect(batchSizeExcess(1)).toBe(0);
    expect(batchSizeExcess(3)).toBe(2);
    expect(batchSizeExcess(2.5)).toBeCloseTo(6.5 / 2.5 - 1, 14); // B = 2 or 3: E[B²] = 6.5
  });

  it('superposition: one flow keeps its weight 1, many flows into an idle server look Poisson', () => {
    expect(superpositionWeight(0.3, 1)).toBe(1);
    expect(superpositionWeight(0.5, 0.5)).toBe(0.5);
    expect(superpositionWeight(0, 0.01)).toBeLessThan(0.01);
    expect(superpositionWeight(1, 0.01)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  boxCox,
  boxCoxMean,
  guerreroCriterion,
  guerreroLambda,
  inverseBoxCox,
} from '../../../src/models/forecasting/box-cox.js';

describe('Box-Cox transform', () => {
  it.each([
    [4, 0.5, 2],
    [Math.E, 0, 1],
    [3, 1, 2],
    [0, 0.5, -2],
  ])('boxCox(%d, λ = %d) = %d', (y, lambda, z) => {
    expect(boxCox(y, lambda)).toBeCloseTo(z, 14);
    expect(inverseBoxCox(z, lambda)).toBeCloseTo(y, 14);
  });

  it('maps values below −1/λ (which no y ≥ 0 reaches) back to 0', () => {
    expect(inverseBoxCox(-3, 0.5)).toBe(0);
  });

  it('bias-adjusts the back-transformed mean: exp(μ)(1 + σ²/2) for the log', () => {
    expect(boxCoxMean(0, 1, 0)).toBe(1.5);
    expect(boxCoxMean(2, 0.5, 1)).toBe(3); // λ = 1: no adjustment
    // λ = 0.5, μ = 2: median (0.5·2 + 1)² = 4, factor 1 + 0.5·0.5/(2·4) = 1.03125
    expect(boxCoxMean(2, 0.5, 0.5)).toBeCloseTo(4.125, 14);
  });
});

describe("Guerrero's criterion", () => {
  // blocks (1, 2), (10, 20), (100, 200): sd ∝ mean, so sd/mean is constant at λ = 0
  const proportional = Float64Array.of(1, 2, 10, 20, 100, 200);
  // blocks with constant sd: λ = 1 makes sd/mean^0 constant
  const constantSpread = Float64Array.of(1, 3, 11, 13, 101, 103);

  it('is 0 when the transform makes the spread independent of the level', () => {
    expect(guerreroCriterion(proportional, 2, 0)).toBeCloseTo(0, 14);
    expect(guerreroCriterion(constantSpread, 2, 1)).toBeCloseTo(0, 14);
  });

  it('picks log for proportional spread and no transform for constant spread', () => {
    expect(guerreroLambda(proportional, 2)).toBe(0);
    expect(guerreroLambda(constantSpread, 2)).toBe(1);
  });

  it('does not offer the log for series with zeros, and skips missing values', () => {
    expect(guerreroLambda(Float64Array.of(0, 2, 10, 20, 100, 200), 2)).not.toBe(0);
    expect(guerreroCriterion(Float64Array.of(1, 2, Number.NaN, 10), 2, 0)).toBeNaN(); // one block with two values
    expect(
      guerreroCriterion(Float64Array.of(1, 2, Number.NaN, 10, 20, 30, 100, 200, 300), 3, 0),
    ).toBeGreaterThan(0);
  });
});

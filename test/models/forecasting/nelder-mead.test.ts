import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../src/models/forecasting/nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of a shifted quadratic', () => {
    const r = nelderMead(([x = 0, y = 0]) => (x - 1) ** 2 + 3 * (y + 2) ** 2, [0, 0], {
      xTolerance: 1e-8,
      relTolerance: 1e-14,
    });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(-2, 6);
  });

  it("minimises Rosenbrock's function (minimum 0 at (1, 1)) from the classic start (−1.2, 1)", () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const r = nelderMead(rosenbrock, [-1.2, 1], {
      maxEvaluations: 2000,
      xTolerance: 1e-9,
      relTolerance: 1e-16,
    });
    expect(r.value).toBeLessThan(1e-10);
    expect(r.x[0]).toBeCloseTo(1, 4);
  });

  it('copes with five dimensions (the adaptive coefficients of Gao & Han)', () => {
    const target = [1, -2, 3, 0.5, -1];
    const f = (x: readonly number[]) =>
      x.reduce((s, v, i) => s + (i + 1) * (v - (target[i] as number)) ** 2, 0);
    const r = nelderMead(f, [0, 0, 0, 0, 0], { maxEvaluations: 5000, xTolerance: 1e-8, relTolerance: 1e-14 });
    for (const [i, v] of r.x.entries()) expect(v).toBeCloseTo(target[i] as number, 5);
  });

  it('treats NaN and Infinity as rejected points', () => {
    const r = nelderMead(([x = 0]) => (x < 0 ? Number.NaN : (x - 2) ** 2), [1]);
    expect(r.x[0]).toBeCloseTo(2, 4);
  });

  it('stops at the evaluation budget', () => {
    const r = nelderMead(([x = 0, y = 0]) => x * x + y * y, [5, 5], { maxEvaluations: 10 });
    expect(r.evaluations).toBeLessThanOrEqual(12); // a step may finish past the budget by at most n evaluations
    expect(r.converged).toBe(false);
  });
});

describe('nelderMead stopping rule', () => {
  it("stops on R's relative tolerance while a parameter drifts along a flat direction", () => {
    const r = nelderMead(([x = 0, y = 0]) => (x - 1) ** 2 + 1 / (1 + Math.exp(-y)), [0, 0], {
      relTolerance: 1e-6,
    });
    expect(r.converged).toBe(true);
    expect(r.evaluations).toBeLessThan(400);
    expect(r.x[0]).toBeCloseTo(1, 2);
  });
});

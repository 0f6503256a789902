import { describe, expect, it } from 'vitest';
import { solveFixedPoint } from '../../../src/models/queueing/nonnegative-fixed-point.js';
import { sparseRows } from '../../../src/models/queueing/sparse-rows.js';
import { stronglyConnectedComponents } from '../../../src/models/queueing/strongly-connected-components.js';
import { type Routing, solveTrafficEquations } from '../../../src/models/queueing/traffic-equations.js';

const RELATIVE = 1e-9;

function rates(external: number[], routing: Routing[]): number[] {
  const solution = solveTrafficEquations(external, routing);
  if (solution.status !== 'solved') throw new Error(`expected a solution, got ${solution.status}`);
  return Array.from(solution.arrivalRatesPerSec);
}

const expectRelative = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  for (const [i, e] of expected.entries()) {
    expect(Math.abs((actual[i] as number) - e)).toBeLessThanOrEqual(RELATIVE * Math.abs(e) + 1e-300);
  }
};

describe('traffic equations λ = γ + Rᵀλ', () => {
  it('solves a Jackson network with two interlocking cycles to 1e-9 (solved by hand)', () => {
    // γ = (5, 3, 0, 0); r02 = 1, r12 = r13 = 1/2, r23 = 3/5, r21 = 1/5, r30 = r32 = 1/4:
    //   λ0 = 5 + λ3/4,  λ1 = 3 + λ2/5,  λ2 = λ0 + λ1/2 + λ3/4,  λ3 = λ1/2 + 3λ2/5.
    // Substituting λ1 and λ0 into the other two and eliminating: λ3 = 118/11, λ2 = 145/11,
    // λ1 = 62/11, λ0 = 169/22 (check: 5 + 118/44 = 338/44 ✓).
    const solution = rates(
      [5, 3, 0, 0],
      [
        { from: 0, to: 2, probability: 1 },
        { from: 1, to: 2, probability: 0.5 },
        { from: 1, to: 3, probability: 0.5 },
        { from: 2, to: 3, probability: 0.6 },
        { from: 2, to: 1, probability: 0.2 },
        { from: 3, to: 0, probability: 0.25 },
        { from: 3, to: 2, probability: 0.25 },
      ],
    );
    expectRelative(solution, [169 / 22, 62 / 11, 145 / 11, 118 / 11]);
  });

  it('solves an acyclic network exactly in one pass, whatever the node order', () => {
    const solution = solveTrafficEquations(
      [0, 0, 10],
      [
        { from: 2, to: 1, probability: 0.5 },
        { from: 2, to: 0, probability: 0.5 },
        { from: 1, to: 0, probability: 3 }, // a bolt emitting three tuples per input
      ],
    );
    expect(solution).toMatchObject({ status: 'solved', sweeps: 0, convergenceFactor: 0 });
    if (solution.status === 'solved') expect(Array.from(solution.arrivalRatesPerSec)).toEqual([20, 5, 10]);
  });

  it('solves a self-loop in closed form: λ = γ/(1 − r)', () => {
    expectRelative(rates([4], [{ from: 0, to: 0, probability: 0.75 }]), [16]);
  });

  it('converges on a slowly mixing feedback loop (gain 0.999) to 1e-9', () => {
    // λ0 = 1 + 0.999·λ1, λ1 = λ0 → λ = 1000
    expectRelative(
      rates(
        [1, 0],
        [
          { from: 0, to: 1, probability: 1 },
          { from: 1, to: 0, probability: 0.999 },
        ],
      ),
      [1000, 1000],
    );
  });

  it('solves a long cycle with amplifying and damping hops (gain 0.5 around the loop)', () => {
    const n = 200;
    const routing: Routing[] = [];
    for (let i = 0; i < n; i++)
      routing.push({ from: i, to: (i + 1) % n, probability: i % 2 === 0 ? 4 : 0.25 });
    routing[n - 1] = { from: n - 1, to: 0, probability: 0.125 }; // product: 4^100 · 0.25^99 · 0.125 = 0.5
    const external = new Array(n).fill(0);
    external[0] = 1;
    const lambda = rates(external, routing);
    expect(lambda[0]).toBeCloseTo(2, 9); // λ0 = 1/(1 − 0.5)
    expect(lambda[1]).toBeCloseTo(8, 9);
  });

  it.each([
    { gain: 1, label: 'exactly 1' },
    { gain: 1.2, label: 'above 1' },
  ])('reports a loop with gain $label as divergent instead of looping or throwing', ({ gain }) => {
    const solution = solveTrafficEquations(
      [10, 0, 0],
      [
        { from: 0, to: 1, probability: 1 },
        { from: 1, to: 2, probability: 1 },
        { from: 2, to: 1, probability: gain },
      ],
    );
    expect(solution.status).toBe('divergent');
    if (solution.status !== 'solved') {
      expect(solution.cycle.sort()).toEqual([1, 2]);
      expect(solution.growthPerSweep).toBeGreaterThanOrEqual(0.999);
    }
  });

  it('reports a self-loop with gain ≥ 1 as divergent', () => {
    expect(solveTrafficEquations([1], [{ from: 0, to: 0, probability: 1 }]).status).toBe('divergent');
  });

  it('leaves a runaway cycle that no traffic reaches at zero (the minimal solution)', () => {
    const lambda = rates(
      [5, 0, 0],
      [
        { from: 1, to: 2, probability: 3 },
        { from: 2, to: 1, probability: 3 },
      ],
    );
    expect(lambda).toEqual([5, 0, 0]);
  });

  it('reports the Gauss–Seidel convergence factor of a cycle (ρ(A)² for a 2-cycle)', () => {
    // 2-cycle with gains 0.5 and 0.5: spectral radius 0.5; a Gauss–Seidel sweep multiplies the error by 0.25.
    const solution = solveTrafficEquations(
      [1, 0],
      [
        { from: 0, to: 1, probability: 0.5 },
        { from: 1, to: 0, probability: 0.5 },
      ],
    );
    expect(solution.status).toBe('solved');
    if (solution.status === 'solved') {
      expect(solution.convergenceFactor).toBeCloseTo(0.25, 6);
      expect(Array.from(solution.arrivalRatesPerSec)).toEqual([4 / 3, 2 / 3]);
    }
  });

  it('rejects negative rates and probabilities', () => {
    expect(() => solveTrafficEquations([-1], [])).toThrow(RangeError);
    expect(() => solveTrafficEquations([1, 0], [{ from: 0, to: 1, probability: -0.5 }])).toThrow(RangeError);
  });
});

describe('strongly connected components', () => {
  it('finds cycles and orders components after those they read from', () => {
    // rows read: 1 reads 0; 2 reads 1 and 3; 3 reads 2 (cycle {2, 3}); 4 reads 3; 5 reads itself
    const system = sparseRows(6, [1, 2, 2, 3, 4, 5], [0, 1, 3, 2, 3, 5], [1, 1, 1, 1, 1, 1]);
    const c = stronglyConnectedComponents(system);
    expect(c.count).toBe(5);
    const of = (v: number) => c.componentOf[v] as number;
    expect(of(2)).toBe(of(3));
    expect(of(0)).toBeLessThan(of(1));
    expect(of(1)).toBeLessThan(of(2));
    expect(of(3)).toBeLessThan(of(4));
    expect(c.cyclic[of(2)]).toBe(1);
    expect(c.cyclic[of(5)]).toBe(1);
    expect(c.cyclic[of(0)]).toBe(0);
  });

  it('handles a 100 000-node chain without recursion', () => {
    const n = 100_000;
    const rows = Array.from({ length: n - 1 }, (_, i) => i + 1);
    const cols = Array.from({ length: n - 1 }, (_, i) => i);
    const system = sparseRows(n, rows, cols, new Array(n - 1).fill(1));
    expect(stronglyConnectedComponents(system).count).toBe(n);
    const b = new Float64Array(n);
    b[0] = 1;
    const solution = solveFixedPoint(system, b);
    expect(solution.status === 'solved' && solution.x[n - 1]).toBe(1);
  });
});

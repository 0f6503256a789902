import type { SparseRows } from './sparse-rows.js';
import { type Components, stronglyConnectedComponents } from './strongly-connected-components.js';

/** Tuning of {@link solveFixedPoint}. */
export interface FixedPointOptions {
  /** Stop when the estimated remaining error is below this fraction of the solution. @defaultValue 1e-13 */
  relativeTolerance?: number;
  /** Give up on a cycle after this many term evaluations. @defaultValue 2e8 */
  maxWork?: number;
  /**
   * Sweep a cycle's members in reverse order: for systems on the transposed graph (reading successors),
   * whose flow runs against the components' member order. @defaultValue false
   */
  reverse?: boolean;
}

/** How solving one strongly connected component went. */
export interface ComponentSolve {
  status: 'solved' | 'divergent' | 'not-converged';
  /** Gauss–Seidel sweeps used (0 for components solved in closed form). */
  sweeps: number;
  /**
   * Observed growth of the Gauss–Seidel increments per sweep: its limit is the spectral radius of the
   * Gauss–Seidel iteration matrix, which is < 1 exactly when the component's spectral radius is < 1.
   */
  growthPerSweep: number;
}

/** The minimal non-negative solution of x = b + A x, or the cycle that has none. */
export type FixedPointSolution =
  | {
      status: 'solved';
      x: Float64Array;
      /** Most Gauss–Seidel sweeps any cycle needed. */
      sweeps: number;
      /**
       * Largest growth per sweep of the Gauss–Seidel increments on a cycle carrying traffic — its
       * asymptotic convergence factor, < 1 exactly when the cycle's spectral radius is < 1; the gain of a
       * self-loop; 0 when acyclic.
       */
      convergenceFactor: number;
    }
  | {
      status: 'divergent' | 'not-converged';
      /** The unknowns of the cycle without a finite solution (divergent) or not solved in budget. */
      members: number[];
      growthPerSweep: number;
      sweeps: number;
    };

const DEFAULT_TOLERANCE = 1e-13;
const DEFAULT_MAX_WORK = 2e8;
/** Sweeps over which growth is measured and a geometric tail is extrapolated, at most. */
const MAX_WINDOW = 64;

/**
 * Solves x = b + A·x for a non-negative sparse A and b ≥ 0 — the traffic equations of an open queueing
 * network and every linear system on the same routing. The strongly connected components are solved in
 * dependency order: an acyclic unknown exactly in one step, a single unknown with a self-loop in closed
 * form, and a cycle by Gauss–Seidel sweeps started from its inflow. Iterates of a non-negative system
 * rise monotonically to the minimal solution, which is finite when the cycle's spectral radius is < 1
 * (the Stein–Rosenberg theorem: Gauss–Seidel then converges, faster than Jacobi) and infinite when it is
 * ≥ 1 and something flows in. Increments shrinking by a stable factor g < 1 are extrapolated with their
 * geometric tail g/(1 − g) (Aitken) and then checked by further sweeps; increments that do not shrink
 * over two windows of sweeps mean divergence — a tagged answer, never an exception or an endless loop.
 *
 * References: Y. Saad (2003), "Iterative Methods for Sparse Linear Systems", 2nd ed., SIAM, §4.1
 * (Gauss–Seidel); R. S. Varga (2000), "Matrix Iterative Analysis", 2nd ed., Springer, Thm. 3.10
 * (Stein–Rosenberg).
 *
 * @param system A in compressed rows (row v: the terms of xᵥ), weights ≥ 0
 * @param b the constant terms, ≥ 0, length `system.size`
 * @param components the system's strongly connected components (computed when not given)
 * @example solveFixedPoint(sparseRows(2, [0, 1], [1, 0], [0.5, 1]), [10, 0]) // x = [20, 20]
 */
export function solveFixedPoint(
  system: SparseRows,
  b: ArrayLike<number>,
  components: Components = stronglyConnectedComponents(system),
  options: FixedPointOptions = {},
): FixedPointSolution {
  const { rowStart, column, weight } = system;
  const x = new Float64Array(system.size);
  const external = new Float64Array(system.size);
  let sweeps = 0;
  let factor = 0;
  for (let c = 0; c < components.count; c++) {
    const from = components.start[c] as number;
    const to = components.start[c + 1] as number;
    for (let i = from; i < to; i++) {
      const v = components.members[i] as number;
      let s = b[v] as number;
      for (let k = rowStart[v] as number; k < (rowStart[v + 1] as number); k++) {
        const u = column[k] as number;
        if (components.componentOf[u] !== c) s += (weight[k] as number) * (x[u] as number);
      }
      external[v] = s;
    }
    const solved = solveComponent(system, components, c, external, x, options);
    if (solved.status !== 'solved') {
      return {
        status: solved.status,
        members: Array.from(components.members.subarray(from, to)),
        growthPerSweep: solved.growthPerSweep,
        sweeps: solved.sweeps,
      };
    }
    if (solved.sweeps > sweeps) sweeps = solved.sweeps;
    if (solved.growthPerSweep > factor) factor = solved.growthPerSweep;
  }
  return { status: 'solved', x, sweeps, convergenceFactor: factor };
}

/**
 * Solves one strongly connected component c of x = e + A·x, where `external[v]` already holds the inflow
 * eᵥ from outside c (constant term plus terms reading other components) for each member v. Writes the
 * members' values into `x`; reads only members' entries of `x` and terms within c. See
 * {@link solveFixedPoint} for the method.
 *
 * @param system A in compressed rows, weights ≥ 0
 * @param components the components of A (or of its transpose: the same sets)
 * @param c the component to solve
 * @param external inflow per unknown, ≥ 0 (only members are read)
 * @param x receives the members' values
 * @example // one unknown reading itself with weight 0.5 and inflow 1: x = 1/(1 − 0.5) = 2
 */
export function solveComponent(
  system: SparseRows,
  components: Components,
  c: number,
  external: Float64Array,
  x: Float64Array,
  options: FixedPointOptions = {},
): ComponentSolve {
  const { rowStart, column, weight } = system;
  const { componentOf, members } = components;
  const from = components.start[c] as number;
  const to = components.start[c + 1] as number;
  const size = to - from;

  if (!components.cyclic[c]) {
    const v = members[from] as number;
    x[v] = external[v] as number;
    return { status: 'solved', sweeps: 0, growthPerSweep: 0 };
  }
  if (size === 1) {
    const v = members[from] as number;
    let self = 0;
    for (let k = rowStart[v] as number; k < (rowStart[v + 1] as number); k++) {
      if (column[k] === v) self += weight[k] as number;
    }
    const e = external[v] as number;
    if (e === 0) {
      x[v] = 0;
      return { status: 'solved', sweeps: 0, growthPerSweep: 0 };
    }
    if (self >= 1) return { status: 'divergent', sweeps: 0, growthPerSweep: self };
    x[v] = e / (1 - self);
    return { status: 'solved', sweeps: 0, growthPerSweep: self };
  }

  const tolerance = options.relativeTolerance ?? DEFAULT_TOLERANCE;
  let internalTerms = 0;
  let inflow = 0;
  for (let i = from; i < to; i++) {
    const v = members[i] as number;
    x[v] = external[v] as number;
    inflow += external[v] as number;
    internalTerms += (rowStart[v + 1] as number) - (rowStart[v] as number);
  }
  if (inflow === 0) return { status: 'solved', sweeps: 0, growthPerSweep: 0 };

  const maxSweeps = Math.max(
    1000,
    Math.floor((options.maxWork ?? DEFAULT_MAX_WORK) / Math.max(1, internalTerms)),
  );
  const window = Math.min(size, MAX_WINDOW);
  const history: number[] = [];
  const lastStep = new Float64Array(size);
  let growth = 0;
  let extrapolatedAt = -1;

  const reverse = options.reverse === true;
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let step = 0;
    let total = 0;
    for (let n = 0; n < size; n++) {
      const i = reverse ? to - 1 - n : from + n;
      const v = members[i] as number;
      let s = external[v] as number;
      for (let k = rowStart[v] as number; k < (rowStart[v + 1] as number); k++) {
        const u = column[k] as number;
        if (componentOf[u] === c) s += (weight[k] as number) * (x[u] as number);
      }
      const d = s - (x[v] as number);
      lastStep[i - from] = d;
      step += Math.abs(d);
      x[v] = s;
      total += s;
    }
    if (!Number.isFinite(total)) {
      return { status: 'divergent', sweeps: sweep, growthPerSweep: Number.POSITIVE_INFINITY };
    }
    history.push(step);
    if (step <= Number.MIN_VALUE || step <= tolerance * 1e-3 * total) {
      return { status: 'solved', sweeps: sweep, growthPerSweep: growth };
    }
    const k = history.length;
    const span = Math.min(k - 1, window);
    if (span >= 1) {
      const before = history[k - 1 - span] as number;
      growth = before > 0 ? (step / before) ** (1 / span) : 0;
      if (growth < 1 && (step * growth) / (1 - growth) <= tolerance * total && k > window) {
        return { status: 'solved', sweeps: sweep, growthPerSweep: growth };
      }
    }
    if (k > 2 * window) {
      const a = history[k - 1 - window] as number;
      const b = history[k - 1 - 2 * window] as number;
      if (step >= a && a >= b) return { status: 'divergent', sweeps: sweep, growthPerSweep: growth };
      // Slow but steady convergence: add the geometric tail of the increments once growth has settled.
      const previous = (a / b) ** (1 / window);
      if (growth < 1 && Math.abs(growth - previous) <= 1e-6 && sweep - extrapolatedAt > 2 * window) {
        const tail = growth / (1 - growth);
        for (let i = from; i < to; i++) {
          const v = members[i] as number;
          x[v] = (x[v] as number) + (lastStep[i - from] as number) * tail;
        }
        extrapolatedAt = sweep;
      }
    }
  }
  return { status: 'not-converged', sweeps: maxSweeps, growthPerSweep: growth };
}

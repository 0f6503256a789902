import { type FixedPointOptions, solveFixedPoint } from './nonnegative-fixed-point.js';
import { type SparseRows, sparseRows } from './sparse-rows.js';
import type { Components } from './strongly-connected-components.js';

/** One routing entry: a share of what leaves node `from` goes on to node `to`. */
export interface Routing {
  from: number;
  to: number;
  /**
   * Items arriving at `to` per item served at `from`, ≥ 0: the routing probability r_ij, times the
   * number of items a served item produces when nodes multiply (a bolt's output/input ratio).
   */
  probability: number;
}

/** Arrival rates that satisfy the traffic equations, or the feedback cycle that makes them infinite. */
export type TrafficSolution =
  | {
      status: 'solved';
      /** λ per node, items per second. */
      arrivalRatesPerSec: Float64Array;
      /** Most Gauss–Seidel sweeps any cycle needed (0 for an acyclic network). */
      sweeps: number;
      /**
       * Asymptotic convergence factor of Gauss–Seidel on the slowest cycle carrying traffic: < 1 exactly
       * when that cycle's spectral radius is < 1, near 1 for loops that send back nearly all they get;
       * 0 for an acyclic network.
       */
      convergenceFactor: number;
    }
  | {
      /**
       * `divergent`: a cycle that receives traffic has spectral radius ≥ 1 (more comes back than goes
       * in), so the rates grow without bound; `not-converged`: the cycle's radius is so close to 1 that
       * the iteration budget ran out.
       */
      status: 'divergent' | 'not-converged';
      /** The nodes of that cycle. */
      cycle: number[];
      /** Observed growth of the iteration's increments per sweep (≥ 1 when divergent). */
      growthPerSweep: number;
    };

/**
 * Compressed in-rows of a routing matrix: row j lists the entries (i → j) with weight r_ij, the form the
 * traffic equations read.
 *
 * @param nodeCount number of nodes
 * @param routing entries; repeated (i, j) pairs add up
 * @example routingRows(2, [{ from: 0, to: 1, probability: 1 }]).column // Int32Array [0]
 */
export function routingRows(nodeCount: number, routing: readonly Routing[]): SparseRows {
  for (const [index, r] of routing.entries()) {
    if (!(Number.isFinite(r.probability) && r.probability >= 0)) {
      throw new RangeError(`routing[${index}].probability must be a finite number ≥ 0, got ${r.probability}`);
    }
  }
  return sparseRows(
    nodeCount,
    routing.map((r) => r.to),
    routing.map((r) => r.from),
    routing.map((r) => r.probability),
  );
}

/**
 * The traffic equations of an open (Jackson) queueing network: the total arrival rate at each node is
 * its external arrival rate plus what the other nodes route to it,
 *
 *   λⱼ = γⱼ + Σᵢ λᵢ·rᵢⱼ,  i.e. λ = γ + Rᵀλ,
 *
 * with cycles in R allowed. Solved by {@link solveFixedPoint}: exact in one pass over an acyclic network,
 * Gauss–Seidel on each cycle; a cycle whose routing has spectral radius ≥ 1 and receives traffic has no
 * finite solution and is reported, not thrown.
 *
 * References: J. R. Jackson (1957), "Networks of waiting lines", Operations Research 5(4):518–521;
 * J. R. Jackson (1963), "Jobshop-like queueing systems", Management Science 10(1):131–142.
 *
 * @param externalRatesPerSec γ per node, ≥ 0, items per second
 * @param routing R as entries, or as in-rows from {@link routingRows}
 * @param components the strongly connected components of the in-rows, when already known
 * @example solveTrafficEquations([10, 0, 0], [
 *   { from: 0, to: 1, probability: 1 }, { from: 1, to: 0, probability: 0.5 }, { from: 1, to: 2, probability: 0.5 },
 * ]) // arrivalRatesPerSec [20, 20, 10]
 */
export function solveTrafficEquations(
  externalRatesPerSec: ArrayLike<number>,
  routing: readonly Routing[] | SparseRows,
  components?: Components,
  options?: FixedPointOptions,
): TrafficSolution {
  const rows = Array.isArray(routing)
    ? routingRows(externalRatesPerSec.length, routing as readonly Routing[])
    : (routing as SparseRows);
  if (rows.size !== externalRatesPerSec.length) {
    throw new RangeError(
      `externalRatesPerSec has ${externalRatesPerSec.length} nodes, the routing ${rows.size}`,
    );
  }
  for (let i = 0; i < externalRatesPerSec.length; i++) {
    const g = externalRatesPerSec[i] as number;
    if (!(Number.isFinite(g) && g >= 0)) {
      throw new RangeError(`externalRatesPerSec[${i}] must be a finite number ≥ 0, got ${g}`);
    }
  }
  const solution = solveFixedPoint(rows, externalRatesPerSec, components, options);
  if (solution.status === 'solved') {
    return {
      status: 'solved',
      arrivalRatesPerSec: solution.x,
      sweeps: solution.sweeps,
      convergenceFactor: solution.convergenceFactor,
    };
  }
  return { status: solution.status, cycle: solution.members, growthPerSweep: solution.growthPerSweep };
}

import { AppError } from '../../errors.js';
import { solveTrafficEquations } from '../queueing/traffic-equations.js';
import { type InputFlow, totalArrivalRatePerSec } from './instance-load.js';
import type { ScalingProblem } from './scaling-problem.js';

/** What a component does with the rates reaching it under a plan. */
export interface FlowDecision {
  /** Tuples/s the component executes, all instances together (spouts: source events/s). */
  processedRatePerSec: number;
  /** Fraction of it that gets through, in [0, 1]: below 1 when its hottest instance saturates. */
  passFraction: number;
}

/** Decides a component's plan from its input flows (must be pure: it is called once per sweep). */
export type DecideFlow<D extends FlowDecision> = (component: string, inputs: InputFlow[]) => D;

export interface PropagatedRates<D extends FlowDecision> {
  /** Components in flow order (topological; cycle members in the order reached), ties by name. */
  order: string[];
  /** Whether some components form a cycle (then the rates are a fixed point of sweeps). */
  cyclic: boolean;
  /** Each component's input flows at the fixed point. */
  inputs: Map<string, InputFlow[]>;
  decisions: Map<string, D>;
  /** Sweeps done (1 for an acyclic topology). */
  sweeps: number;
}

const MAX_SWEEPS = 10_000;
const RELATIVE_TOLERANCE = 1e-12;

/**
 * Components in flow order: Kahn's topological sort on "reads from" (ties by name); when only cycle
 * members are left, the smallest-named one fed by an ordered component (else the smallest) goes next.
 *
 * @example componentOrder(problem).order // ['spout', 'split', 'count'] for spout → split → count
 */
export function componentOrder(problem: ScalingProblem): { order: string[]; cyclic: boolean } {
  const names = Object.keys(problem.components).sort();
  const upstream = new Map(
    names.map((n) => [n, new Set((problem.components[n]?.inputs ?? []).map((i) => i.component))]),
  );
  const placed = new Set<string>();
  const order: string[] = [];
  let cyclic = false;
  while (order.length < names.length) {
    const remaining = names.filter((n) => !placed.has(n));
    const ready = remaining.filter((n) => [...(upstream.get(n) as Set<string>)].every((u) => placed.has(u)));
    if (ready.length > 0) {
      for (const n of ready) {
        placed.add(n);
        order.push(n);
      }
      continue;
    }
    cyclic = true;
    const fed = remaining.find((n) => [...(upstream.get(n) as Set<string>)].some((u) => placed.has(u)));
    const next = fed ?? (remaining[0] as string);
    placed.add(next);
    order.push(next);
  }
  return { order, cyclic };
}

/** A spout's source events as one input flow, spread evenly over its instances. */
export function spoutFlow(ratePerSec: number): InputFlow {
  return { grouping: 'SHUFFLE', measuredShares: [], ratePerSec };
}

/**
 * The component-level traffic equations, each component deciding its plan from what reaches it:
 *
 *   rₖ(c) = Σ over input k of c from u on stream s:  processedᵤ · passᵤ · ratioᵤ,ₛ
 *   (processed_c, pass_c) = decide(c, r(c))
 *
 * In topological order one sweep is exact, so a downstream component is planned for what the upstream
 * components let through under the new plan (DS2). With cycles, sweeps repeat (Gauss–Seidel from zero:
 * the rates rise monotonically) until no rate changes by more than 10⁻¹² relatively.
 *
 * Reference: V. Kalavri et al. (2018), "Three steps is all you need", OSDI '18, §3 (rates propagated
 * along the dataflow in topological order); J. R. Jackson (1963), traffic equations.
 *
 * @param problem the components and the spouts' offered rates
 * @param decide the plan of one component from its input flows
 * @throws AppError `BAD_REQUEST` when a feedback cycle sends back at least as many tuples as enter it
 *   (at today's parallelism), or when the sweeps do not settle
 */
export function propagateRequiredRates<D extends FlowDecision>(
  problem: ScalingProblem,
  decide: DecideFlow<D>,
): PropagatedRates<D> {
  const { order, cyclic } = componentOrder(problem);
  if (cyclic) assertStableCycles(problem, order);
  const passed = new Map<string, number>(order.map((n) => [n, 0]));
  const inputs = new Map<string, InputFlow[]>();
  const decisions = new Map<string, D>();
  let sweeps = 0;
  for (;;) {
    sweeps++;
    let change = 0;
    for (const name of order) {
      const flows = inputFlows(problem, name, passed);
      const decision = decide(name, flows);
      const out = decision.processedRatePerSec * decision.passFraction;
      const before = passed.get(name) as number;
      if (out !== before) change = Math.max(change, Math.abs(out - before) / Math.max(Math.abs(out), 1e-300));
      passed.set(name, out);
      inputs.set(name, flows);
      decisions.set(name, decision);
    }
    if (!cyclic || change <= RELATIVE_TOLERANCE) break;
    if (sweeps >= MAX_SWEEPS || !Number.isFinite(change)) {
      throw new AppError(
        'BAD_REQUEST',
        `The rates around the topology's feedback cycle did not settle after ${sweeps} sweeps`,
        { details: { field: 'components', reason: 'no stable rates' } },
      );
    }
  }
  return { order, cyclic, inputs, decisions, sweeps };
}

/**
 * The required rates with nothing held back, at today's parallelism: the plain component-level
 * traffic equations, tuples/s each component executes.
 *
 * @example requiredRatesPerSec(problem) // { spout: 1000, split: 1000, count: 3000 }
 */
export function requiredRatesPerSec(problem: ScalingProblem): Record<string, number> {
  const { decisions } = propagateRequiredRates(problem, (name, flows) => ({
    processedRatePerSec: totalArrivalRatePerSec(flows, problem.components[name]?.parallelism ?? 1),
    passFraction: 1,
  }));
  return Object.fromEntries([...decisions].map(([name, d]) => [name, d.processedRatePerSec]));
}

function inputFlows(problem: ScalingProblem, name: string, passed: Map<string, number>): InputFlow[] {
  const component = problem.components[name];
  if (!component) return [];
  if (component.kind === 'spout') return [spoutFlow(problem.spoutRatesPerSec[name] ?? 0)];
  return component.inputs.map((input) => ({
    grouping: input.grouping,
    measuredShares: input.measuredShares,
    ratePerSec:
      (passed.get(input.component) ?? 0) *
      (problem.components[input.component]?.outputRatios[input.stream] ?? 0),
  }));
}

/** Refuses a feedback cycle whose gain (at today's parallelism) lets the rates grow without bound. */
function assertStableCycles(problem: ScalingProblem, order: string[]): void {
  const index = new Map(order.map((n, i) => [n, i]));
  const external = order.map((n) =>
    problem.components[n]?.kind === 'spout' ? (problem.spoutRatesPerSec[n] ?? 0) : 0,
  );
  const routing = order.flatMap((name) => {
    const c = problem.components[name];
    return (c?.inputs ?? []).map((input) => ({
      from: index.get(input.component) as number,
      to: index.get(name) as number,
      probability:
        (problem.components[input.component]?.outputRatios[input.stream] ?? 0) *
        (input.grouping === 'ALL' ? (c?.parallelism ?? 1) : 1),
    }));
  });
  const solution = solveTrafficEquations(external, routing);
  if (solution.status === 'solved') return;
  const members = solution.cycle.map((i) => order[i] as string).sort();
  throw new AppError(
    'BAD_REQUEST',
    `No stable rates: the feedback cycle through ${members.join(', ')} sends back at least as many tuples as enter it`,
    { details: { field: 'components', reason: 'divergent feedback cycle', cycle: members } },
  );
}

import type { HottestLoad, InputFlow } from './instance-load.js';
import type { BoundBy } from './scaling-advice.js';
import type { ScalingComponent } from './scaling-problem.js';
import type { PlannerName, ScalingSettings } from './scaling-settings.js';

/** What a planner sees of one component, with the rates the new plan lets through to it. */
export interface PlannerContext {
  /** The component's name. */
  component: string;
  spec: ScalingComponent;
  /**
   * Its input streams with their rates, tuples/s, at the traffic to sustain and what the upstream
   * components pass under the new plan. A spout's single "input" is its offered source events, spread
   * evenly over its instances.
   */
  inputs: InputFlow[];
  /** The hottest instance's arrival rate as a function of the parallelism. */
  load: HottestLoad;
  /** Mean service time per tuple, ms ≥ 0. */
  serviceTimeMs: number;
  settings: ScalingSettings;
}

/** A planner's answer before the constraints are applied. */
export interface PlannerProposal {
  /** An integer ≥ 1. */
  parallelism: number;
  boundBy: BoundBy;
  /** The rule with its numbers, e.g. "⌈1000 / (500 × 0.7)⌉ = 3". */
  reason: string;
}

/**
 * A scaling planner, pluggable by name (`settings.planner`): a pure rule from one component's rates,
 * service time and backlog to a parallelism. The constraints (`applyConstraints`) come after it.
 */
export interface ScalingPlanner {
  name: PlannerName;
  description: string;
  propose(context: PlannerContext): PlannerProposal;
}

/** ρ of the hottest instance at parallelism n: maxᵢ λᵢ(n) · S / 1000. */
export function hottestUtilisation(
  context: Pick<PlannerContext, 'load' | 'serviceTimeMs'>,
  n: number,
): number {
  return (context.load.atParallelism(n) * context.serviceTimeMs) / 1000;
}

/**
 * The result of `planScaling`. JSON-serialisable, snake_case like augur's other model results; the
 * meaning of every field is in docs/scaling.md.
 */
import type { PackingPlan } from '../../topology/packing-plan.js';
import type { ComponentKind } from '../../topology/topology-structure.js';
import type { PlannerName } from './scaling-settings.js';

/**
 * The rule that fixed a component's recommended parallelism: the planner's own (`target_utilisation`,
 * `hot_key`, `tolerance`, `backlog`, `formula`, `not_scaled`), or the last constraint that changed it.
 */
export type BoundBy =
  | 'target_utilisation'
  | 'hot_key'
  | 'tolerance'
  | 'backlog'
  | 'formula'
  | 'not_scaled'
  | 'min_parallelism'
  | 'max_parallelism'
  | 'max_scale_up'
  | 'max_scale_down'
  | 'key_group_alignment';

export interface ComponentAdvice {
  component: string;
  kind: ComponentKind;
  current_parallelism: number;
  recommended_parallelism: number;
  /**
   * Tuples/s the component must execute, all instances together, at the traffic to sustain and what the
   * upstream components let through under the recommended plan (spouts: the offered source events/s).
   */
  required_rate_per_sec: number;
  /** Tuples/s the component passes on: the required rate, less what a saturated hottest instance holds back. */
  sustained_rate_per_sec: number;
  /** 1000 / mean service time: what one instance executes per busy second; null without a service time. */
  service_rate_per_instance_per_sec: number | null;
  /** ρ of the hottest instance at the current parallelism and the required rate; null without a service time. */
  current_utilisation: number | null;
  /** ρ of the hottest instance after the change; null without a service time. */
  predicted_utilisation: number | null;
  bound_by: BoundBy;
  /** Why, in order: the planner's rule, then every constraint that changed the number. */
  reasons: string[];
}

export interface ScalingAdvice extends Record<string, unknown> {
  planner: PlannerName;
  target_utilisation: number;
  /** In flow order (topological; spouts first), ties by name. */
  components: ComponentAdvice[];
  /** Components whose parallelism changes, by name. */
  changed: string[];
  instances: { current: number; recommended: number };
  /** Sweeps of the component-level traffic equations (1 for an acyclic topology). */
  sweeps: number;
  packing: {
    strategy: 'round-robin' | 'first-fit';
    containers: number;
    /** Components whose instance resources were not given: the packing settings' default was used. */
    assumed_resources: string[];
    plan: PackingPlan;
  };
}

import type { Resources } from './resources.js';

/**
 * Where a topology's instances run and with what resources, DSPS-neutral: Heron's packing plan (containers),
 * later Storm's assignment (worker slots). Proposed plans — what a scheduler would do — have this shape too.
 */
export interface PackingPlan {
  /** The DSPS's id of the topology (Heron: the packing plan's `id`). */
  topologyId: string;
  /** Sorted by `index`. */
  containers: PackedContainer[];
}

export interface PackedContainer {
  /** The container's number: Heron's `ContainerPlan.id`, the `<n>` of `container_<n>`. */
  index: number;
  /** Sorted by task id. */
  instances: PackedInstance[];
  /** What the plan asks for the container as a whole (its instances plus the DSPS's own processes). */
  requiredResources: Resources;
  /** What the scheduler granted, when it says. */
  scheduledResources?: Resources;
}

export interface PackedInstance {
  component: string;
  /** The DSPS's global task id. */
  taskId: number;
  /** Index of the instance within its component, from 0. */
  componentIndex: number;
  resources: Resources;
}

/** The number of instances a plan places. */
export function instanceCount(plan: PackingPlan): number {
  return plan.containers.reduce((sum, container) => sum + container.instances.length, 0);
}

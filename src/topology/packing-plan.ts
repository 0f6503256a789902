import type { Resources } from './resources.js';

/**
 * Where a topology's instances run and with what resources, DSPS-neutral: Heron's packing plan (containers),
 * Storm's assignment (worker slots, each a container named `<node id>:<port>`; each executor an instance
 * running a task range). Proposed plans — what a scheduler would do — have this shape too.
 */
export interface PackingPlan {
  /** The DSPS's id of the topology (Heron: the packing plan's `id`). */
  topologyId: string;
  /** Sorted by `index`. */
  containers: PackedContainer[];
}

export interface PackedContainer {
  /**
   * The container's number: Heron's `ContainerPlan.id`, the `<n>` of `container_<n>`. Storm has none: its
   * worker slots are numbered by their position in (node id, port) order.
   */
  index: number;
  /**
   * The DSPS's own id of the container, when it is not a number: Storm's worker slot `<node id>:<port>`
   * (e.g. `supervisor-a:6700`). Heron leaves it out; its containers are `container_<index>`. Like the
   * numbering, a name does not enter the canonical plan hash: renaming slots moves no instance.
   */
  name?: string;
  /** Sorted by task id. */
  instances: PackedInstance[];
  /** What the plan asks for the container as a whole (its instances plus the DSPS's own processes). */
  requiredResources: Resources;
  /** What the scheduler granted, when it says. */
  scheduledResources?: Resources;
}

export interface PackedInstance {
  component: string;
  /** The DSPS's global task id; for a Storm executor, the first task of its range. */
  taskId: number;
  /**
   * The last task of the range a Storm executor runs (`taskId..lastTaskId`, inclusive): an executor is one
   * thread running several tasks, and a rebalance may split or merge ranges without changing the tasks.
   * Absent means one task (`lastTaskId = taskId`), as for every Heron instance.
   */
  lastTaskId?: number;
  /** Index of the instance within its component, from 0. */
  componentIndex: number;
  resources: Resources;
}

/** The number of instances a plan places. */
export function instanceCount(plan: PackingPlan): number {
  return plan.containers.reduce((sum, container) => sum + container.instances.length, 0);
}

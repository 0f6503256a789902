import { AppError } from '../errors.js';
import type { PackedContainer, PackedInstance, PackingPlan } from './packing-plan.js';
import type { TopologyStructure } from './topology-structure.js';

/** An instance a plan runs: the running topology's or a proposed plan's. */
export interface PlannedInstance {
  /** Heron: `container_<n>_<component>_<task>`; Storm: `<component>:[<start task>-<end task>]`. */
  id: string;
  component: string;
  /** The first (Heron: only) task the instance runs. */
  taskId: number;
  /** Storm: the last task of the executor's range; absent means one task. */
  lastTaskId?: number;
  /** The container's id: Heron `container_<n>`, Storm `<node id>:<port>`. */
  container: string;
}

/**
 * How a DSPS names the instances and containers of a plan, so a proposed plan's ids line up with what the
 * running topology's structure and metrics call them (each DSPS adapter gives one).
 */
export interface PlanNaming {
  /** Heron: `container_<n>`; Storm: the worker slot `<node id>:<port>`. */
  containerIdOf(container: PackedContainer): string;
  /** Heron: `container_<n>_<component>_<task>`; Storm: `<component>:[<start task>-<end task>]`. */
  instanceIdOf(container: PackedContainer, instance: PackedInstance): string;
  /** The stream manager routing a planned container's tuples, when the DSPS has them (Heron: `stmgr-<n>`). */
  streamManagerOf?(container: PackedContainer): string;
}

/**
 * Checks that a proposed plan is a plan of this topology: its id is the running topology's (when the source
 * knows it), and it places every component of the logical plan and nothing else.
 * @throws AppError `BAD_REQUEST` naming the field
 */
export function assertPlanFitsTopology(plan: PackingPlan, structure: TopologyStructure): void {
  if (structure.id !== undefined && plan.topologyId !== structure.id) {
    throw new AppError(
      'BAD_REQUEST',
      `Invalid id: the plan is for topology id "${plan.topologyId}", but ${structure.name} runs as "${structure.id}"`,
      { details: { field: 'id', reason: 'another topology' } },
    );
  }
  const placed = new Set<string>();
  plan.containers.forEach((container, c) => {
    container.instances.forEach((instance, i) => {
      if (!structure.components[instance.component]) {
        const field = `container_plans[${c}].instance_plans[${i}].component_name`;
        throw new AppError(
          'BAD_REQUEST',
          `Invalid ${field}: unknown component "${instance.component}" (${structure.name} has ${Object.keys(structure.components).sort().join(', ')})`,
          { details: { field, reason: 'unknown component' } },
        );
      }
      placed.add(instance.component);
    });
  });
  const missing = Object.keys(structure.components)
    .filter((name) => !placed.has(name))
    .sort();
  if (missing.length > 0) {
    throw new AppError(
      'BAD_REQUEST',
      `Invalid container_plans: the plan places no instance of component ${missing.map((m) => `"${m}"`).join(', ')}`,
      { details: { field: 'container_plans', reason: 'missing components', components: missing } },
    );
  }
}

/** The instances a proposed plan runs, sorted by task id, named as the DSPS names them. */
export function instancesOfPlan(plan: PackingPlan, naming: PlanNaming): PlannedInstance[] {
  return plan.containers
    .flatMap((container) =>
      container.instances.map(
        (i): PlannedInstance => ({
          id: naming.instanceIdOf(container, i),
          component: i.component,
          taskId: i.taskId,
          ...(i.lastTaskId !== undefined ? { lastTaskId: i.lastTaskId } : {}),
          container: naming.containerIdOf(container),
        }),
      ),
    )
    .sort((a, b) => a.taskId - b.taskId);
}

/** The instances the running topology runs, sorted by task id. */
export function instancesOfStructure(structure: TopologyStructure): PlannedInstance[] {
  return Object.values(structure.instances)
    .map(
      (i): PlannedInstance => ({
        id: i.id,
        component: i.component,
        taskId: i.taskId,
        ...(i.lastTaskId !== undefined ? { lastTaskId: i.lastTaskId } : {}),
        container: i.container,
      }),
    )
    .sort((a, b) => a.taskId - b.taskId);
}

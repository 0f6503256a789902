import { AppError } from '../../errors.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import type { TopologyStructure } from '../../topology/topology-structure.js';
import { plannedContainerId, plannedInstanceId } from './topology-job-params.js';

/** An instance a plan runs: the running topology's or a proposed plan's. */
export interface PlannedInstance {
  id: string;
  component: string;
  taskId: number;
  container: string;
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

/** The instances a proposed plan runs, sorted by task id. */
export function instancesOfPlan(plan: PackingPlan): PlannedInstance[] {
  return plan.containers
    .flatMap((container) =>
      container.instances.map((i) => ({
        id: plannedInstanceId(container.index, i.component, i.taskId),
        component: i.component,
        taskId: i.taskId,
        container: plannedContainerId(container.index),
      })),
    )
    .sort((a, b) => a.taskId - b.taskId);
}

/** The instances the running topology runs, sorted by task id. */
export function instancesOfStructure(structure: TopologyStructure): PlannedInstance[] {
  return Object.values(structure.instances)
    .map((i) => ({ id: i.id, component: i.component, taskId: i.taskId, container: i.container }))
    .sort((a, b) => a.taskId - b.taskId);
}

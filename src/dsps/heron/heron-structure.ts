import type { ComponentSpec, InstanceSpec, TopologyStructure } from '../../topology/topology-structure.js';
import type { HeronLogicalPlan } from './logical-plan.js';
import type { HeronPhysicalPlan } from './physical-plan.js';

export interface HeronStructureParts {
  name: string;
  /** The topology id (Heron's packing plan `id`), when known. */
  id?: string;
  logicalPlan: HeronLogicalPlan;
  physicalPlan: HeronPhysicalPlan;
}

/**
 * Builds the DSPS-neutral structure from a Heron logical plan (components, streams, groupings) and physical
 * plan (instances, their container and stream manager). Components are those of the logical plan; their
 * instances are sorted by task id.
 */
export function buildHeronStructure(parts: HeronStructureParts): TopologyStructure {
  const { logicalPlan, physicalPlan } = parts;
  const instances: Record<string, InstanceSpec> = {};
  const byComponent = new Map<string, Array<{ id: string; taskId: number }>>();
  for (const instance of Object.values(physicalPlan.instances)) {
    instances[instance.id] = {
      id: instance.id,
      component: instance.component,
      taskId: instance.taskId,
      container: instance.container,
      ...(instance.stmgrId ? { streamManager: instance.stmgrId } : {}),
    };
    const list = byComponent.get(instance.component) ?? [];
    list.push({ id: instance.id, taskId: instance.taskId });
    byComponent.set(instance.component, list);
  }
  const instancesOf = (component: string) =>
    (byComponent.get(component) ?? []).sort((a, b) => a.taskId - b.taskId).map((i) => i.id);

  const components: Record<string, ComponentSpec> = {};
  for (const [name, spout] of Object.entries(logicalPlan.spouts)) {
    components[name] = {
      name,
      kind: 'spout',
      outputStreams: [...spout.outputStreams],
      inputs: [],
      instances: instancesOf(name),
    };
  }
  for (const [name, bolt] of Object.entries(logicalPlan.bolts)) {
    components[name] = {
      name,
      kind: 'bolt',
      outputStreams: [...bolt.outputStreams],
      inputs: bolt.inputs.map((input) => ({ ...input })),
      instances: instancesOf(name),
    };
  }
  return { name: parts.name, ...(parts.id ? { id: parts.id } : {}), components, instances };
}

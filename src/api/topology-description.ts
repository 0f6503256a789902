import type { DspsAdapter } from '../dsps/dsps-adapter.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { Resources } from '../topology/resources.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { TopologyDescription } from './schemas/topology-description-schema.js';

const resourcesOf = (r: Resources) => ({
  cpu_cores: r.cpuCores,
  ram_bytes: r.ramBytes,
  disk_bytes: r.diskBytes,
});

/**
 * A running topology as a client writing a what-if needs it: components with kind, parallelism, streams and
 * groupings; instances with task ids (Storm: task ranges) and the key a spout rate names them by; containers
 * with their resources when the source has the packing plan.
 */
export function describeTopology(
  adapter: DspsAdapter,
  ref: TopologyRef,
  structure: TopologyStructure,
  plan: PackingPlan | undefined,
): TopologyDescription {
  const planned = new Map<string, Resources>();
  for (const c of plan?.containers ?? []) {
    for (const i of c.instances) {
      planned.set(`${i.component}:${i.taskId}`, i.resources);
    }
  }
  const instances = Object.values(structure.instances)
    .sort((a, b) => a.taskId - b.taskId)
    .map((i) => {
      const last = i.lastTaskId ?? i.taskId;
      const resources = planned.get(`${i.component}:${i.taskId}`);
      return {
        id: i.id,
        component: i.component,
        task_id: i.taskId,
        last_task_id: last,
        rate_key: adapter.rateKeyOf(i),
        container: i.container,
        ...(i.streamManager ? { stream_manager: i.streamManager } : {}),
        ...(resources ? { resources: resourcesOf(resources) } : {}),
      };
    });
  const tasksOf = (ids: string[]) =>
    instances.filter((i) => ids.includes(i.id)).reduce((n, i) => n + i.last_task_id - i.task_id + 1, 0);
  const components = Object.values(structure.components).map((c) => ({
    name: c.name,
    kind: c.kind,
    parallelism: c.instances.length,
    tasks: tasksOf(c.instances),
    output_streams: c.outputStreams,
    inputs: c.inputs.map((input) => ({
      component: input.component,
      stream: input.stream,
      grouping: input.grouping,
      ...(input.groupingFields ? { grouping_fields: input.groupingFields } : {}),
    })),
    instances: c.instances,
  }));
  const containers = plan
    ? plan.containers.map((c) => ({
        id: adapter.containerIdOf(c),
        index: c.index,
        instances: instances.filter((i) => i.container === adapter.containerIdOf(c)).map((i) => i.id),
        required_resources: resourcesOf(c.requiredResources),
      }))
    : [...new Set(instances.map((i) => i.container))].sort().map((id) => ({
        id,
        instances: instances.filter((i) => i.container === id).map((i) => i.id),
      }));
  return {
    dsps: ref.dsps,
    cluster: ref.cluster,
    environ: ref.environ,
    ...(ref.role ? { role: ref.role } : {}),
    topology: ref.topology,
    ...(structure.id ? { topology_id: structure.id } : {}),
    components,
    instances,
    containers,
  };
}

import type { PackedContainer, PackedInstance, PackingPlan } from '../../topology/packing-plan.js';
import type { Resources } from '../../topology/resources.js';
import type { InstanceSpec, TopologyStructure } from '../../topology/topology-structure.js';
import { compareWorkerSlots, executorShare, stormWorkerResources } from './storm-assignment.js';
import { stormContainerId } from './storm-structure.js';
import type { StormTopologyPage } from './topology-page.js';

/** A worker slot of the running topology, and what Storm assigned it. */
interface Slot {
  /** `<node id>:<port>`, the executors' container id. */
  name: string;
  nodeId: string;
  port: number;
  required: Resources;
}

/**
 * The running Storm topology's assignment as a {@link PackingPlan}, shaped as `decodeStormAssignment` shapes a
 * proposed one, so that proposing today's assignment hashes as today's plan: one container per worker slot of
 * the topology page (`name` `<supervisor id>:<port>`, `index` its position in (node id, port) order, from 0;
 * required resources from `assignedCpu` (% of a core → cores) and `assignedMemOnHeap` + `assignedMemOffHeap`
 * (MB → bytes), zero when the UI does not say), holding the structure's executors whose container is that
 * slot, each with an even share of the worker's resources. An executor on a slot the page does not list (the
 * UI's `host:port` fallback) still gets a container, with zero resources, so that every executor is placed.
 *
 * @returns undefined when the page lists no workers (Storm before 1.2 does not): no resources to read
 */
export function stormPackingPlan(
  topologyPage: StormTopologyPage,
  structure: TopologyStructure,
): PackingPlan | undefined {
  if (topologyPage.workers.length === 0) return undefined;
  const slots = new Map<string, Slot>();
  for (const w of topologyPage.workers) {
    const required = stormWorkerResources({
      ...(w.assignedCpu !== undefined ? { cpuPercent: w.assignedCpu } : {}),
      ...(w.assignedMemOnHeapMb !== undefined ? { memOnHeapMb: w.assignedMemOnHeapMb } : {}),
      ...(w.assignedMemOffHeapMb !== undefined ? { memOffHeapMb: w.assignedMemOffHeapMb } : {}),
    });
    const name = stormContainerId(w.supervisorId, w.port);
    slots.set(name, { name, nodeId: w.supervisorId, port: w.port, required });
  }
  const byTask = Object.values(structure.instances).sort((a, b) => a.taskId - b.taskId);
  for (const i of byTask) {
    if (!slots.has(i.container)) slots.set(i.container, unlistedSlot(i.container));
  }

  const componentIndex = new Map<InstanceSpec, number>();
  const perComponent = new Map<string, number>();
  for (const i of byTask) {
    const n = perComponent.get(i.component) ?? 0;
    componentIndex.set(i, n);
    perComponent.set(i.component, n + 1);
  }

  const containers = [...slots.values()].sort(compareWorkerSlots).map((slot, index): PackedContainer => {
    const executors = byTask.filter((i) => i.container === slot.name);
    const share = executorShare(slot.required, executors.length);
    return {
      index,
      name: slot.name,
      instances: executors.map(
        (i): PackedInstance => ({
          component: i.component,
          taskId: i.taskId,
          lastTaskId: i.lastTaskId ?? i.taskId,
          componentIndex: componentIndex.get(i) ?? 0,
          resources: { ...share },
        }),
      ),
      requiredResources: slot.required,
    };
  });
  return { topologyId: structure.id ?? topologyPage.id, containers };
}

/** A slot known only from an executor's container id `<node or host>:<port>`: no resources known. */
function unlistedSlot(container: string): Slot {
  const colon = container.lastIndexOf(':');
  const port = Number(container.slice(colon + 1));
  return {
    name: container,
    nodeId: colon >= 0 ? container.slice(0, colon) : container,
    port: Number.isFinite(port) ? port : 0,
    required: { cpuCores: 0, ramBytes: 0, diskBytes: 0 },
  };
}

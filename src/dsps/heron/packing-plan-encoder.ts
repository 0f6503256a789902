import type { PackingPlan } from '../../topology/packing-plan.js';
import type { Resources } from '../../topology/resources.js';
import { HERON_MESSAGES, heronMessageType } from './heron-proto.js';

/** `heron.proto.system.Resource` in its JSON form: cpu in cores, ram and disk in bytes. */
export interface HeronResourceJson {
  cpu: number;
  ram: number;
  disk: number;
}

/** `heron.proto.system.PackingPlan` in its JSON form (proto field names), as the proposed-plan route takes it. */
export interface HeronPackingPlanJson {
  id: string;
  container_plans: Array<{
    id: number;
    instance_plans: Array<{
      component_name: string;
      task_id: number;
      component_index: number;
      resource: HeronResourceJson;
    }>;
    requiredResource: HeronResourceJson;
    scheduledResource?: HeronResourceJson;
  }>;
}

/**
 * A DSPS-neutral plan as Heron's `PackingPlan` message in JSON form: what a Heron scheduler (or
 * `POST /model/topology/heron/proposed/…`) reads. RAM and disk are whole bytes, as Heron's int64 fields.
 */
export function packingPlanToHeronJson(plan: PackingPlan): HeronPackingPlanJson {
  return {
    id: plan.topologyId,
    container_plans: plan.containers.map((c) => ({
      id: c.index,
      instance_plans: c.instances.map((i) => ({
        component_name: i.component,
        task_id: i.taskId,
        component_index: i.componentIndex,
        resource: resourceJson(i.resources),
      })),
      requiredResource: resourceJson(c.requiredResources),
      ...(c.scheduledResources ? { scheduledResource: resourceJson(c.scheduledResources) } : {}),
    })),
  };
}

/** The plan as `heron.proto.system.PackingPlan` protobuf bytes (proto/packing_plan.proto). */
export function encodeHeronPackingPlan(plan: PackingPlan): Uint8Array {
  const type = heronMessageType(HERON_MESSAGES.packingPlan);
  return type.encode(type.fromObject(packingPlanToHeronJson(plan))).finish();
}

function resourceJson(r: Resources): HeronResourceJson {
  return { cpu: r.cpuCores, ram: Math.round(r.ramBytes), disk: Math.round(r.diskBytes) };
}

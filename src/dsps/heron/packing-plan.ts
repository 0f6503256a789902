import { z } from 'zod';
import { unwrapTrackerResponse, validateTrackerPayload } from './tracker-envelope.js';

/** Resources as Heron's packing plan states them: CPU in cores, RAM and disk in bytes. */
export interface HeronResources {
  cpu: number;
  ramBytes: number;
  diskBytes: number;
}

export interface HeronPackedInstance {
  component: string;
  taskId: number;
  /** Index of the instance within its component, from 0. */
  componentIndex: number;
  resources: HeronResources;
}

export interface HeronContainerPlan {
  id: number;
  instances: HeronPackedInstance[];
  requiredResources: HeronResources;
  /** What the scheduler granted, when it says. */
  scheduledResources?: HeronResources;
}

/** A Heron packing plan, normalised. `id` is the topology id. */
export interface HeronPackingPlan {
  id: string;
  containers: HeronContainerPlan[];
}

const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i)]).transform(Number);
const resourcesSchema = z.object({ cpu: num, ram: num, disk: num });
const partialResourcesSchema = z.object({ cpu: num.nullish(), ram: num.nullish(), disk: num.nullish() });

const packingPlanSchema = z.object({
  id: z.string(),
  container_plans: z.array(
    z.object({
      id: num,
      instances: z.array(
        z.object({
          component_name: z.string(),
          task_id: num,
          component_index: num,
          instance_resources: resourcesSchema,
        }),
      ),
      required_resources: resourcesSchema,
      scheduled_resources: partialResourcesSchema.nullish(),
    }),
  ),
});

const toResources = (r: { cpu: number; ram: number; disk: number }): HeronResources => ({
  cpu: r.cpu,
  ramBytes: r.ram,
  diskBytes: r.disk,
});

/**
 * Parses a `/topologies/packingplan` answer in any style, including Heron 0.19–0.20.1's envelope whose
 * `result` is the plan as a JSON-encoded string.
 */
export function parsePackingPlan(body: unknown): HeronPackingPlan {
  const endpoint = '/topologies/packingplan';
  const plan = validateTrackerPayload(packingPlanSchema, unwrapTrackerResponse(body, endpoint), endpoint);
  return {
    id: plan.id,
    containers: plan.container_plans
      .map((container) => {
        const s = container.scheduled_resources;
        const scheduled =
          s && typeof s.cpu === 'number' && typeof s.ram === 'number' && typeof s.disk === 'number'
            ? toResources({ cpu: s.cpu, ram: s.ram, disk: s.disk })
            : undefined;
        return {
          id: container.id,
          instances: container.instances
            .map((i) => ({
              component: i.component_name,
              taskId: i.task_id,
              componentIndex: i.component_index,
              resources: toResources(i.instance_resources),
            }))
            .sort((a, b) => a.taskId - b.taskId),
          requiredResources: toResources(container.required_resources),
          ...(scheduled ? { scheduledResources: scheduled } : {}),
        };
      })
      .sort((a, b) => a.id - b.id),
  };
}

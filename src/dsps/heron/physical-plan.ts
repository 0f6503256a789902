import { z } from 'zod';
import { AppError } from '../../errors.js';
import { parseInstanceId } from './instance-id.js';
import { unwrapTrackerResponse, validateTrackerPayload } from './tracker-envelope.js';

export interface HeronPhysicalInstance {
  id: string;
  component: string;
  taskId: number;
  /** `container_<n>`. */
  container: string;
  /** Stream manager id, e.g. `stmgr-1`, when the plan names one. */
  stmgrId?: string;
}

export interface HeronStreamManager {
  id: string;
  host?: string;
  port?: number;
  instanceIds: string[];
}

/** A Heron physical plan, normalised. */
export interface HeronPhysicalPlan {
  instances: Record<string, HeronPhysicalInstance>;
  stmgrs: Record<string, HeronStreamManager>;
}

// Tornado Trackers say `stmgrId`; the FastAPI Tracker (and a few late Tornado builds) `stmgr_id`.
const instanceSchema = z.object({
  name: z.string(),
  stmgrId: z.string().optional(),
  stmgr_id: z.string().optional(),
});

const stmgrSchema = z.object({
  id: z.string().optional(),
  host: z.string().nullish(),
  port: z.number().nullish(),
  instance_ids: z.array(z.string()).default([]),
});

const physicalPlanSchema = z.object({
  instances: z.record(z.string(), instanceSchema),
  stmgrs: z.record(z.string(), stmgrSchema).default({}),
});

/** Parses a `/topologies/physicalplan` answer (any style) or the `physical_plan` of `/topologies/info`. */
export function parsePhysicalPlan(body: unknown): HeronPhysicalPlan {
  const endpoint = '/topologies/physicalplan';
  const plan = validateTrackerPayload(physicalPlanSchema, unwrapTrackerResponse(body, endpoint), endpoint);
  const stmgrOfInstance = new Map<string, string>();
  const stmgrs: Record<string, HeronStreamManager> = {};
  for (const [key, stmgr] of Object.entries(plan.stmgrs)) {
    const id = stmgr.id ?? key;
    stmgrs[id] = {
      id,
      ...(stmgr.host ? { host: stmgr.host } : {}),
      ...(typeof stmgr.port === 'number' ? { port: stmgr.port } : {}),
      instanceIds: [...stmgr.instance_ids].sort(),
    };
    for (const instanceId of stmgr.instance_ids) stmgrOfInstance.set(instanceId, id);
  }
  const instances: Record<string, HeronPhysicalInstance> = {};
  for (const [id, instance] of Object.entries(plan.instances)) {
    const parsed = parseInstanceId(id);
    if (parsed.component !== instance.name) {
      throw new AppError(
        'METRICS_BAD_RESPONSE',
        `Instance ${id} is listed under component "${instance.name}"`,
        {
          details: { endpoint, instanceId: id },
        },
      );
    }
    const stmgrId = instance.stmgrId ?? instance.stmgr_id ?? stmgrOfInstance.get(id);
    instances[id] = {
      id,
      component: instance.name,
      taskId: parsed.taskId,
      container: parsed.container,
      ...(stmgrId ? { stmgrId } : {}),
    };
  }
  return { instances, stmgrs };
}

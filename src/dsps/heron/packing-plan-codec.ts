import { AppError, isAppError } from '../../errors.js';
import type { PackedContainer, PackedInstance, PackingPlan } from '../../topology/packing-plan.js';
import type { Resources } from '../../topology/resources.js';
import {
  badRequest,
  bodyFormatOf,
  decodeJsonMessage,
  decodeProtobufMessage,
  HERON_MESSAGES,
  jsonBodyValue,
  type MessageBody,
  type MessageBodyLimits,
  protobufBodyBytes,
} from './heron-proto.js';
import { type HeronPackingPlan, type HeronResources, parsePackingPlan } from './packing-plan.js';
import { isTrackerEnvelope } from './tracker-envelope.js';

/** What a packing plan may hold before it is refused as absurd. */
export interface PackingPlanLimits extends MessageBodyLimits {
  /** Most containers. @defaultValue 10000 */
  maxContainers: number;
  /** Most instances, all containers together. @defaultValue 100000 */
  maxInstances: number;
  /** Most CPU one instance or container may ask for, cores. @defaultValue 10000 */
  maxCpuCores: number;
  /** Most RAM one instance or container may ask for, bytes. @defaultValue 2^50 (1 PiB) */
  maxRamBytes: number;
  /** Most disk one instance or container may ask for, bytes. @defaultValue 2^53 − 1 (8 PiB) */
  maxDiskBytes: number;
}

export const DEFAULT_PACKING_PLAN_LIMITS: Readonly<PackingPlanLimits> = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxContainers: 10_000,
  maxInstances: 100_000,
  maxCpuCores: 10_000,
  maxRamBytes: 2 ** 50,
  maxDiskBytes: Number.MAX_SAFE_INTEGER,
});

/**
 * Decodes a Heron packing plan as a client sends it, into the DSPS-neutral {@link PackingPlan}:
 *
 * - `application/x-protobuf` (or `application/protobuf`, `application/octet-stream`…): the bytes of
 *   `heron.proto.system.PackingPlan` (proto/packing_plan.proto), decoded with protobufjs;
 * - `application/json`: that message's JSON form (`container_plans`/`containerPlans`, `instance_plans`,
 *   `requiredResource`…), or the Heron Tracker's `/topologies/packingplan` JSON (any answer style:
 *   `instances`, `instance_resources`, `required_resources`).
 *
 * `body` is bytes, JSON text, or JSON already parsed. Containers come back sorted by index, instances by
 * task id.
 * @throws AppError `BAD_REQUEST` (400) saying what is wrong and where (`details: {field, reason}`):
 * truncated or corrupted bytes, another message's bytes, a missing required field, unknown fields, an
 * unsupported content type, duplicate container or task ids, and absurd sizes (body, counts or resources
 * beyond {@link PackingPlanLimits}; negative or non-finite resources).
 */
export function decodePackingPlan(
  body: MessageBody,
  contentType: string,
  limits: Partial<PackingPlanLimits> = {},
): PackingPlan {
  const bounds = { ...DEFAULT_PACKING_PLAN_LIMITS, ...limits };
  const typeName = HERON_MESSAGES.packingPlan;
  if (bodyFormatOf(contentType, typeName) === 'protobuf') {
    const plain = decodeProtobufMessage(typeName, protobufBodyBytes(body, 'packing plan'), bounds);
    return packingPlanFromMessage(plain as unknown as PackingPlanMessage, bounds);
  }
  const json = jsonBodyValue(body, bounds, 'packing plan');
  if (isTrackerStyle(json)) return packingPlanFromTrackerJson(json, bounds);
  return packingPlanFromMessage(decodeJsonMessage(typeName, json) as unknown as PackingPlanMessage, bounds);
}

/** The Tracker's packing plan (as `parsePackingPlan` normalises it) in the DSPS-neutral shape. */
export function packingPlanFromHeron(plan: HeronPackingPlan): PackingPlan {
  return {
    topologyId: plan.id,
    containers: plan.containers.map((container) => ({
      index: container.id,
      instances: container.instances.map((i) => ({
        component: i.component,
        taskId: i.taskId,
        componentIndex: i.componentIndex,
        resources: fromHeronResources(i.resources),
      })),
      requiredResources: fromHeronResources(container.requiredResources),
      ...(container.scheduledResources
        ? { scheduledResources: fromHeronResources(container.scheduledResources) }
        : {}),
    })),
  };
}

/** The plain shape of `heron.proto.system.PackingPlan` (proto field names; int64 already numbers). */
interface PackingPlanMessage {
  id: string;
  container_plans?: Array<{
    id: number;
    instance_plans?: Array<{
      component_name: string;
      task_id: number;
      component_index: number;
      resource: ResourceMessage;
    }>;
    requiredResource: ResourceMessage;
    scheduledResource?: ResourceMessage;
  }>;
}

interface ResourceMessage {
  cpu: number;
  ram: number;
  disk: number;
}

function packingPlanFromMessage(message: PackingPlanMessage, limits: PackingPlanLimits): PackingPlan {
  const containers = (message.container_plans ?? []).map(
    (c): PackedContainer => ({
      index: c.id,
      instances: (c.instance_plans ?? []).map(
        (i): PackedInstance => ({
          component: i.component_name,
          taskId: i.task_id,
          componentIndex: i.component_index,
          resources: fromMessageResources(i.resource),
        }),
      ),
      requiredResources: fromMessageResources(c.requiredResource),
      ...(c.scheduledResource ? { scheduledResources: fromMessageResources(c.scheduledResource) } : {}),
    }),
  );
  return checkedAndSorted({ topologyId: message.id, containers }, limits, MESSAGE_PATHS);
}

function packingPlanFromTrackerJson(json: unknown, limits: PackingPlanLimits): PackingPlan {
  let heron: HeronPackingPlan;
  try {
    heron = parsePackingPlan(json);
  } catch (err) {
    if (!isAppError(err)) throw err;
    const issues = (err.details?.issues as string[] | undefined) ?? [];
    throw new AppError(
      'BAD_REQUEST',
      `Invalid packing plan (Heron Tracker JSON): ${issues.join('; ') || err.message}`,
      { cause: err, details: { field: issues[0]?.split(':')[0] ?? '(root)', reason: issues.join('; ') } },
    );
  }
  // parsePackingPlan sorted the containers and instances, so paths name positions after sorting.
  return checkedAndSorted(packingPlanFromHeron(heron), limits, TRACKER_PATHS);
}

/** Field paths in errors, in the vocabulary of the format the client sent. */
interface PathNames {
  containers: string;
  instances: string;
  instanceResources: string;
  requiredResources: string;
  scheduledResources: string;
}

const MESSAGE_PATHS: PathNames = {
  containers: 'container_plans',
  instances: 'instance_plans',
  instanceResources: 'resource',
  requiredResources: 'requiredResource',
  scheduledResources: 'scheduledResource',
};

const TRACKER_PATHS: PathNames = {
  containers: 'container_plans',
  instances: 'instances',
  instanceResources: 'instance_resources',
  requiredResources: 'required_resources',
  scheduledResources: 'scheduled_resources',
};

/**
 * Refuses plans no scheduler could mean: too many containers or instances, duplicate container ids, task
 * ids or component indexes, negative ids, empty names, resources negative, non-finite or beyond the limits.
 */
function checkedAndSorted(plan: PackingPlan, limits: PackingPlanLimits, names: PathNames): PackingPlan {
  if (plan.topologyId === '') throw badRequest('must not be empty', 'id');
  if (plan.containers.length > limits.maxContainers) {
    throw badRequest(
      `${plan.containers.length} containers; a plan may have at most ${limits.maxContainers}`,
      names.containers,
    );
  }
  const total = plan.containers.reduce((sum, c) => sum + c.instances.length, 0);
  if (total > limits.maxInstances) {
    throw badRequest(`${total} instances; a plan may have at most ${limits.maxInstances}`, names.containers);
  }
  const containerIds = new Map<number, number>();
  const taskIds = new Map<number, string>();
  const componentIndexes = new Map<string, string>();
  plan.containers.forEach((container, c) => {
    const cPath = `${names.containers}[${c}]`;
    checkId(container.index, `${cPath}.id`);
    const clash = containerIds.get(container.index);
    if (clash !== undefined) {
      throw badRequest(
        `container id ${container.index} is also ${names.containers}[${clash}]'s`,
        `${cPath}.id`,
      );
    }
    containerIds.set(container.index, c);
    checkResources(container.requiredResources, `${cPath}.${names.requiredResources}`, limits);
    if (container.scheduledResources) {
      checkResources(container.scheduledResources, `${cPath}.${names.scheduledResources}`, limits);
    }
    container.instances.forEach((instance, i) => {
      const iPath = `${cPath}.${names.instances}[${i}]`;
      if (instance.component === '') throw badRequest('must not be empty', `${iPath}.component_name`);
      checkId(instance.taskId, `${iPath}.task_id`);
      checkId(instance.componentIndex, `${iPath}.component_index`);
      const taskClash = taskIds.get(instance.taskId);
      if (taskClash)
        throw badRequest(`task id ${instance.taskId} is also ${taskClash}'s`, `${iPath}.task_id`);
      taskIds.set(instance.taskId, iPath);
      const key = `${instance.component}\u0000${instance.componentIndex}`;
      const indexClash = componentIndexes.get(key);
      if (indexClash) {
        throw badRequest(
          `component ${instance.component} index ${instance.componentIndex} is also ${indexClash}'s`,
          `${iPath}.component_index`,
        );
      }
      componentIndexes.set(key, iPath);
      checkResources(instance.resources, `${iPath}.${names.instanceResources}`, limits);
    });
  });
  return {
    topologyId: plan.topologyId,
    containers: plan.containers
      .map((c) => ({ ...c, instances: [...c.instances].sort((a, b) => a.taskId - b.taskId) }))
      .sort((a, b) => a.index - b.index),
  };
}

function checkId(value: number, path: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw badRequest(`${value} is not a whole number ≥ 0`, path);
}

function checkResources(r: Resources, path: string, limits: PackingPlanLimits): void {
  const check = (value: number, field: string, max: number, unit: string, integer: boolean) => {
    if (!Number.isFinite(value)) throw badRequest(`${value} is not a finite number`, `${path}.${field}`);
    if (value < 0) throw badRequest(`${value} is negative`, `${path}.${field}`);
    if (integer && !Number.isInteger(value)) throw badRequest(`${value} is not whole`, `${path}.${field}`);
    if (value > max) throw badRequest(`${value} ${unit} is beyond the limit of ${max}`, `${path}.${field}`);
  };
  check(r.cpuCores, 'cpu', limits.maxCpuCores, 'cores', false);
  check(r.ramBytes, 'ram', limits.maxRamBytes, 'bytes', true);
  check(r.diskBytes, 'disk', limits.maxDiskBytes, 'bytes', true);
}

function fromMessageResources(r: ResourceMessage): Resources {
  return { cpuCores: r.cpu, ramBytes: r.ram, diskBytes: r.disk };
}

function fromHeronResources(r: HeronResources): Resources {
  return { cpuCores: r.cpu, ramBytes: r.ramBytes, diskBytes: r.diskBytes };
}

/**
 * The Tracker's JSON (an envelope, a JSON-encoded string, or a bare plan whose containers say `instances` /
 * `required_resources`) rather than the protobuf message's JSON form (`instance_plans` / `requiredResource`).
 */
function isTrackerStyle(json: unknown): boolean {
  if (typeof json === 'string' || isTrackerEnvelope(json)) return true;
  if (typeof json !== 'object' || json === null) return false;
  const plans = (json as Record<string, unknown>).container_plans;
  return (
    Array.isArray(plans) &&
    plans.some((c) => typeof c === 'object' && c !== null && ('instances' in c || 'required_resources' in c))
  );
}

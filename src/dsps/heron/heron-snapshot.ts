import { AppError } from '../../errors.js';
import { canonicalPlanHash } from '../../topology/canonical-plan-hash.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import type {
  SnapshotContainer,
  SnapshotInstance,
  SnapshotStream,
  SnapshotStreamManager,
  TopologySnapshot,
} from '../../topology/topology-snapshot.js';
import type { ComponentSpec } from '../../topology/topology-structure.js';
import { formatInstanceId, tryParseInstanceId } from './instance-id.js';
import type { HeronLogicalPlan } from './logical-plan.js';
import type { HeronPhysicalPlan } from './physical-plan.js';

/** The plans of one Heron topology a snapshot is made of; at least one of physical and packing plan. */
export interface HeronPlans {
  /** Topology name. */
  name: string;
  /** Topology id; defaults to the packing plan's. */
  id?: string;
  /** Components and streams: the Tracker's `/logicalplan`, or `decodeTopology(...).logicalPlan`. */
  logicalPlan: HeronLogicalPlan;
  /**
   * Instances, their containers and stream managers: the Tracker's `/physicalplan`, or
   * `decodePhysicalPlan(...).physicalPlan` (whose instances also carry their component index).
   */
  physicalPlan?: HeronPhysicalPlan;
  /**
   * Resources (and, without a physical plan, the placement itself): `decodePackingPlan(...)`, or the
   * Tracker's `/packingplan` through `packingPlanFromHeron(parsePackingPlan(...))`. A proposed plan is
   * given alone, without a physical plan.
   */
  packingPlan?: PackingPlan;
}

export interface SnapshotFromPlansOptions {
  /**
   * The code of the error for plans that disagree: `BAD_REQUEST` for plans a client sent (the default),
   * `METRICS_BAD_RESPONSE` for plans a Tracker answered.
   */
  errorCode?: 'BAD_REQUEST' | 'METRICS_BAD_RESPONSE';
}

/**
 * Builds the DSPS-neutral snapshot of a Heron topology from its logical plan plus its physical plan, its
 * packing plan, or both:
 *
 * - physical plan (with or without packing plan): the running topology. Instances, containers and stream
 *   managers come from the physical plan; resources and component indexes from the packing plan, matched by
 *   task id (which must agree on component and container). Without either source of component indexes,
 *   an instance's index is its rank by task id within its component — Heron numbers both in the same order.
 * - packing plan alone: a proposed plan. Instance ids are Heron's `container_<n>_<component>_<task id>` and
 *   the stream manager of container n is `stmgr-<n>`, as Heron names them.
 *
 * @throws AppError (`options.errorCode`, `BAD_REQUEST` by default) when the plans disagree: an instance of a
 * component the logical plan does not have, a component without instances, a stream from an unknown
 * component, a physical instance missing from the packing plan or packed elsewhere.
 */
export function snapshotFromPlans(
  plans: HeronPlans,
  options: SnapshotFromPlansOptions = {},
): TopologySnapshot {
  const fail = (message: string, field: string): never => {
    throw new AppError(options.errorCode ?? 'BAD_REQUEST', message, { details: { field } });
  };
  const { logicalPlan, physicalPlan, packingPlan } = plans;
  if (!physicalPlan && !packingPlan) fail('A snapshot needs a physical plan or a packing plan', 'plans');

  const components: Record<string, ComponentSpec> = {};
  for (const [name, spout] of Object.entries(logicalPlan.spouts)) {
    components[name] = {
      name,
      kind: 'spout',
      outputStreams: [...spout.outputStreams],
      inputs: [],
      instances: [],
    };
  }
  for (const [name, bolt] of Object.entries(logicalPlan.bolts)) {
    if (components[name]) fail(`Component "${name}" is both a spout and a bolt`, 'logicalPlan');
    components[name] = {
      name,
      kind: 'bolt',
      outputStreams: [...bolt.outputStreams],
      inputs: bolt.inputs.map((input) => ({
        ...input,
        ...(input.groupingFields ? { groupingFields: [...input.groupingFields] } : {}),
      })),
      instances: [],
    };
  }
  const streams = streamsOf(components, fail);

  const packed = new Map<
    number,
    { containerIndex: number; instance: PackingPlan['containers'][0]['instances'][0] }
  >();
  for (const container of packingPlan?.containers ?? []) {
    for (const instance of container.instances)
      packed.set(instance.taskId, { containerIndex: container.index, instance });
  }

  const instances: Record<string, SnapshotInstance> = {};
  if (physicalPlan) {
    for (const instance of Object.values(physicalPlan.instances)) {
      const parsed = tryParseInstanceId(instance.id);
      if (!parsed)
        return fail(
          `Instance id "${instance.id}" is not container_<n>_<component>_<task id>`,
          'physicalPlan',
        );
      const fromPacking = packed.get(instance.taskId);
      if (packingPlan) {
        if (!fromPacking || fromPacking.instance.component !== instance.component) {
          fail(`Instance ${instance.id} is not in the packing plan (task ${instance.taskId})`, 'packingPlan');
        } else if (fromPacking.containerIndex !== parsed.containerIndex) {
          fail(
            `Instance ${instance.id} runs in ${instance.container} but is packed in container ${fromPacking.containerIndex}`,
            'packingPlan',
          );
        }
      }
      const known = (instance as { componentIndex?: unknown }).componentIndex;
      instances[instance.id] = {
        id: instance.id,
        component: instance.component,
        taskId: instance.taskId,
        componentIndex: typeof known === 'number' ? known : (fromPacking?.instance.componentIndex ?? -1),
        container: instance.container,
        ...(instance.stmgrId ? { streamManager: instance.stmgrId } : {}),
        ...(fromPacking ? { resources: { ...fromPacking.instance.resources } } : {}),
      };
    }
    if (packingPlan && packed.size !== Object.keys(instances).length) {
      fail(
        `The packing plan places ${packed.size} instances, the physical plan runs ${Object.keys(instances).length}`,
        'packingPlan',
      );
    }
  } else if (packingPlan) {
    for (const container of packingPlan.containers) {
      for (const instance of container.instances) {
        const id = formatInstanceId(container.index, instance.component, instance.taskId);
        instances[id] = {
          id,
          component: instance.component,
          taskId: instance.taskId,
          componentIndex: instance.componentIndex,
          container: containerId(container.index),
          streamManager: heronStmgrId(container.index),
          resources: { ...instance.resources },
        };
      }
    }
  }

  // Attach instances to their components, sorted by task id; fill in unknown component indexes by rank.
  const byTask = Object.values(instances).sort((a, b) => a.taskId - b.taskId);
  for (const instance of byTask) {
    const component = components[instance.component];
    if (!component)
      return fail(`Instance ${instance.id} belongs to unknown component "${instance.component}"`, 'plans');
    if (instance.componentIndex < 0) instance.componentIndex = component.instances.length;
    component.instances.push(instance.id);
  }
  for (const component of Object.values(components)) {
    if (component.instances.length === 0) fail(`Component "${component.name}" has no instance`, 'plans');
  }

  const containers: Record<string, SnapshotContainer> = {};
  const containerOf = (index: number): SnapshotContainer => {
    const id = containerId(index);
    containers[id] ??= { id, index, instances: [] };
    return containers[id];
  };
  for (const container of packingPlan?.containers ?? []) {
    const target = containerOf(container.index);
    target.requiredResources = { ...container.requiredResources };
    if (container.scheduledResources) target.scheduledResources = { ...container.scheduledResources };
  }
  for (const instance of byTask) {
    const parsed = tryParseInstanceId(instance.id);
    const target = containerOf(
      parsed?.containerIndex ?? Number(instance.container.replace(/^container_/, '')),
    );
    target.instances.push(instance.id);
  }

  const streamManagers: Record<string, SnapshotStreamManager> = {};
  if (physicalPlan) {
    for (const stmgr of Object.values(physicalPlan.stmgrs)) {
      const first = stmgr.instanceIds.map((id) => instances[id]).find((i) => i !== undefined);
      const index = first ? tryParseInstanceId(first.id)?.containerIndex : stmgrContainerIndex(stmgr.id);
      if (index === undefined) continue; // an idle stream manager of unknown container carries no traffic
      streamManagers[stmgr.id] = {
        id: stmgr.id,
        container: containerId(index),
        ...(stmgr.host ? { host: stmgr.host } : {}),
      };
    }
    for (const instance of byTask) {
      if (instance.streamManager && !streamManagers[instance.streamManager]) {
        streamManagers[instance.streamManager] = {
          id: instance.streamManager,
          container: instance.container,
        };
      }
    }
  } else {
    for (const container of Object.values(containers)) {
      const id = heronStmgrId(container.index);
      streamManagers[id] = { id, container: container.id };
    }
  }
  for (const stmgr of Object.values(streamManagers)) {
    const container = containers[stmgr.container];
    if (container && !container.streamManager) container.streamManager = stmgr.id;
  }

  const sortedContainers = Object.values(containers).sort((a, b) => a.index - b.index);
  const planHash = canonicalPlanHash({
    containers: sortedContainers.map((container) => ({
      ...(container.requiredResources ? { requiredResources: container.requiredResources } : {}),
      instances: container.instances.map((id) => instances[id] as SnapshotInstance),
    })),
  });
  const id = plans.id ?? packingPlan?.topologyId;
  return {
    dsps: 'heron',
    name: plans.name,
    ...(id ? { id } : {}),
    components,
    instances,
    containers: Object.fromEntries(sortedContainers.map((c) => [c.id, c])),
    streamManagers,
    streams,
    planHash,
  };
}

function streamsOf(
  components: Record<string, ComponentSpec>,
  fail: (message: string, field: string) => never,
): SnapshotStream[] {
  const streams = new Map<string, SnapshotStream>();
  for (const target of Object.values(components)) {
    for (const input of target.inputs) {
      if (!components[input.component]) {
        fail(
          `Bolt "${target.name}" consumes stream "${input.stream}" of unknown component "${input.component}"`,
          'logicalPlan',
        );
      }
      const key = JSON.stringify([input.component, input.stream, target.name]);
      if (streams.has(key)) continue;
      streams.set(key, {
        source: input.component,
        stream: input.stream,
        target: target.name,
        grouping: input.grouping,
        ...(input.groupingFields ? { groupingFields: [...input.groupingFields] } : {}),
      });
    }
  }
  return [...streams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** Heron's name of container n. */
function containerId(index: number): string {
  return `container_${index}`;
}

/** Heron's name of container n's stream manager. */
export function heronStmgrId(containerIndex: number): string {
  return `stmgr-${containerIndex}`;
}

function stmgrContainerIndex(id: string): number | undefined {
  const match = /^stmgr-(\d+)$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

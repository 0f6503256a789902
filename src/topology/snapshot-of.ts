import { canonicalPlanHash } from './canonical-plan-hash.js';
import type { PackedContainer, PackingPlan } from './packing-plan.js';
import { instancesOfPlan, type PlanNaming, type PlannedInstance } from './planned-instances.js';
import type { Dsps } from './topology-ref.js';
import type {
  SnapshotContainer,
  SnapshotInstance,
  SnapshotStream,
  SnapshotStreamManager,
  TopologySnapshot,
} from './topology-snapshot.js';
import type { ComponentSpec, TopologyStructure } from './topology-structure.js';

export interface SnapshotOfOptions {
  dsps: Dsps;
  /** The running topology: its logical plan (components, streams), and today's placement. */
  structure: TopologyStructure;
  /**
   * The running topology's packing plan, when the source has one: the resources of today's instances and
   * containers. Ignored with `proposed`.
   */
  packingPlan?: PackingPlan;
  /** A proposed plan to snapshot instead of today's placement, named as the DSPS names its instances. */
  proposed?: { plan: PackingPlan; naming: PlanNaming };
}

/**
 * The DSPS-neutral snapshot of one plan of a topology — the running one, or a proposed one — from the
 * running topology's structure: its components and streams, the plan's instances with their containers,
 * stream managers and resources, and the plan's canonical hash. What jobs hand to models and what the
 * topology graph is built from.
 */
export function snapshotOf(options: SnapshotOfOptions): TopologySnapshot {
  const { structure, proposed } = options;
  const plan = proposed?.plan ?? options.packingPlan;
  const placed: PlannedInstance[] = proposed
    ? instancesOfPlan(proposed.plan, proposed.naming)
    : Object.values(structure.instances).sort((a, b) => a.taskId - b.taskId);

  const components: Record<string, ComponentSpec> = {};
  for (const component of Object.values(structure.components))
    components[component.name] = { ...component, instances: [] };
  const packed = new Map<number, { container: PackedContainer; index: number }>();
  for (const container of plan?.containers ?? [])
    for (const instance of container.instances)
      packed.set(instance.taskId, { container, index: instance.componentIndex });

  const instances: Record<string, SnapshotInstance> = {};
  const containers: Record<string, SnapshotContainer> = {};
  const streamManagers: Record<string, SnapshotStreamManager> = {};
  for (const instance of placed) {
    const component = components[instance.component];
    if (!component) continue;
    const inPlan = packed.get(instance.taskId);
    const resources = inPlan?.container.instances.find((i) => i.taskId === instance.taskId)?.resources;
    const streamManager =
      'streamManager' in instance && typeof instance.streamManager === 'string'
        ? instance.streamManager
        : inPlan && proposed?.naming.streamManagerOf?.(inPlan.container);
    instances[instance.id] = {
      id: instance.id,
      component: instance.component,
      taskId: instance.taskId,
      ...(instance.lastTaskId !== undefined ? { lastTaskId: instance.lastTaskId } : {}),
      container: instance.container,
      ...(streamManager ? { streamManager } : {}),
      componentIndex: inPlan?.index ?? component.instances.length,
      ...(resources ? { resources: { ...resources } } : {}),
    };
    component.instances.push(instance.id);
    containers[instance.container] ??= { id: instance.container, index: -1, instances: [] };
    const container = containers[instance.container] as SnapshotContainer;
    container.instances.push(instance.id);
    if (streamManager) {
      streamManagers[streamManager] ??= { id: streamManager, container: instance.container };
      container.streamManager ??= streamManager;
    }
    if (inPlan) {
      container.index = inPlan.container.index;
      container.requiredResources = { ...inPlan.container.requiredResources };
      if (inPlan.container.scheduledResources)
        container.scheduledResources = { ...inPlan.container.scheduledResources };
    }
  }
  // Containers no plan numbers (a structure without packing plan) are numbered in id order.
  const sorted = Object.values(containers).sort((a, b) => compareText(a.id, b.id));
  sorted.forEach((container, position) => {
    if (container.index < 0) container.index = position + 1;
  });
  sorted.sort((a, b) => a.index - b.index || compareText(a.id, b.id));

  const planHash = canonicalPlanHash(
    plan ?? {
      containers: sorted.map((container) => ({
        instances: container.instances.map((id) => instances[id] as SnapshotInstance),
      })),
    },
  );
  const id = structure.id ?? plan?.topologyId;
  return {
    dsps: options.dsps,
    name: structure.name,
    ...(id ? { id } : {}),
    components,
    instances,
    containers: Object.fromEntries(sorted.map((c) => [c.id, c])),
    streamManagers,
    streams: streamsOf(components),
    planHash,
  };
}

/** One stream per (source component, stream, consuming component), sorted. */
function streamsOf(components: Record<string, ComponentSpec>): SnapshotStream[] {
  const streams = new Map<string, SnapshotStream>();
  for (const target of Object.values(components)) {
    for (const input of target.inputs) {
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
  return [...streams.entries()].sort(([a], [b]) => compareText(a, b)).map(([, s]) => s);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { DSPS_ADAPTERS } from '../../../src/dsps/dsps-adapters.js';
import { buildHeronStructure } from '../../../src/dsps/heron/heron-structure.js';
import type { HeronLogicalPlan } from '../../../src/dsps/heron/logical-plan.js';
import type { PackedContainer, PackingPlan } from '../../../src/topology/packing-plan.js';
import { snapshotOf } from '../../../src/topology/snapshot-of.js';
import type { TopologySnapshot } from '../../../src/topology/topology-snapshot.js';
import type { ComponentKind, Grouping } from '../../../src/topology/topology-structure.js';

export interface SyntheticComponent {
  name: string;
  kind: ComponentKind;
  parallelism: number;
}

export interface SyntheticStream {
  source: string;
  target: string;
  grouping: Grouping;
  /** @defaultValue 'default' */
  stream?: string;
  groupingFields?: string[];
}

export interface SyntheticTopology {
  name: string;
  components: SyntheticComponent[];
  streams: SyntheticStream[];
  /** Containers the instances are dealt over, round robin in task order. */
  containers: number;
}

const MiB = 1024 ** 2;

/** The logical and packing plan of a synthetic topology, as a client would send a proposed plan. */
export function syntheticPlans(spec: SyntheticTopology): {
  logicalPlan: HeronLogicalPlan;
  packingPlan: PackingPlan;
} {
  const logicalPlan: HeronLogicalPlan = { spouts: {}, bolts: {} };
  const outputs = (name: string) => [
    ...new Set(spec.streams.filter((s) => s.source === name).map((s) => s.stream ?? 'default')),
  ];
  for (const c of spec.components) {
    if (c.kind === 'spout') logicalPlan.spouts[c.name] = { outputStreams: outputs(c.name) };
    else {
      logicalPlan.bolts[c.name] = {
        outputStreams: outputs(c.name),
        inputs: spec.streams
          .filter((s) => s.target === c.name)
          .map((s) => ({
            component: s.source,
            stream: s.stream ?? 'default',
            grouping: s.grouping,
            ...(s.groupingFields ? { groupingFields: s.groupingFields } : {}),
          })),
      };
    }
  }
  const containers: PackedContainer[] = Array.from({ length: spec.containers }, (_, i) => ({
    index: i + 1,
    instances: [],
    requiredResources: { cpuCores: 0, ramBytes: 0, diskBytes: 0 },
  }));
  let taskId = 1;
  for (const component of spec.components) {
    for (let index = 0; index < component.parallelism; index++) {
      const container = containers[(taskId - 1) % containers.length] as PackedContainer;
      const resources = { cpuCores: 0.5, ramBytes: 256 * MiB, diskBytes: 512 * MiB };
      container.instances.push({ component: component.name, taskId, componentIndex: index, resources });
      container.requiredResources.cpuCores += resources.cpuCores;
      container.requiredResources.ramBytes += resources.ramBytes;
      container.requiredResources.diskBytes += resources.diskBytes;
      taskId++;
    }
  }
  return { logicalPlan, packingPlan: { topologyId: `${spec.name}-id`, containers } };
}

/** The snapshot of a synthetic topology, built the way a proposed Heron plan is (snapshotOf). */
export function syntheticSnapshot(spec: SyntheticTopology): TopologySnapshot {
  const { logicalPlan, packingPlan } = syntheticPlans(spec);
  const structure = buildHeronStructure({
    name: spec.name,
    logicalPlan,
    physicalPlan: { instances: {}, stmgrs: {} },
  });
  return snapshotOf({
    dsps: 'heron',
    structure,
    proposed: { plan: packingPlan, naming: DSPS_ADAPTERS.heron },
  });
}

/**
 * A chain of `components` components (one spout, then bolts) of `parallelism` instances each, groupings
 * cycling through shuffle, fields, all-to-one-lowest and none, dealt over `containers`: instances grow as
 * components × parallelism, logical edges as components × parallelism² (LOWEST: × parallelism).
 */
export function chainTopology(
  name: string,
  components: number,
  parallelism: number,
  containers: number,
): SyntheticTopology {
  const groupings: Grouping[] = ['SHUFFLE', 'FIELDS', 'SHUFFLE', 'NONE'];
  return {
    name,
    containers,
    components: Array.from({ length: components }, (_, i) => ({
      name: i === 0 ? 'spout' : `bolt${i}`,
      kind: i === 0 ? 'spout' : 'bolt',
      parallelism,
    })),
    streams: Array.from({ length: components - 1 }, (_, i) => {
      const grouping = groupings[i % groupings.length] as Grouping;
      return {
        source: i === 0 ? 'spout' : `bolt${i}`,
        target: `bolt${i + 1}`,
        grouping,
        ...(grouping === 'FIELDS' ? { groupingFields: ['key'] } : {}),
      };
    }),
  };
}

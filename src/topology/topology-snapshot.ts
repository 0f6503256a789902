import type { Resources } from './resources.js';
import type { Dsps } from './topology-ref.js';
import type { Grouping, InstanceSpec, TopologyStructure } from './topology-structure.js';

/**
 * Everything augur knows of one plan of a topology, DSPS-neutral: the logical plan (components, streams
 * with their groupings), the physical plan (instances, their container and stream manager) and the packing
 * plan (resources). Built from a running topology's plans or from a proposed packing plan; the topology
 * graph is built from it. It is a {@link TopologyStructure}, so code that reads a structure reads it too.
 */
export interface TopologySnapshot extends TopologyStructure {
  dsps: Dsps;
  instances: Record<string, SnapshotInstance>;
  /** Keyed by container id. */
  containers: Record<string, SnapshotContainer>;
  /** Keyed by stream manager id; empty when the DSPS has none (Storm). */
  streamManagers: Record<string, SnapshotStreamManager>;
  /** One per (source component, stream, consuming component), sorted. */
  streams: SnapshotStream[];
  /** `canonicalPlanHash` of the snapshot's placement: equal for plans that place the same instances alike. */
  planHash: string;
}

export interface SnapshotInstance extends InstanceSpec {
  /** Index of the instance within its component, from 0. */
  componentIndex: number;
  /** What the packing plan gives the instance, when known. */
  resources?: Resources;
}

export interface SnapshotContainer {
  /** Heron: `container_<n>`. */
  id: string;
  /** Heron: the `<n>` of `container_<n>`. */
  index: number;
  /** The stream manager running in the container, when the DSPS has one. */
  streamManager?: string;
  /** Instance ids, sorted by task id. */
  instances: string[];
  requiredResources?: Resources;
  scheduledResources?: Resources;
}

export interface SnapshotStreamManager {
  id: string;
  /** Container id. */
  container: string;
  host?: string;
}

/** A stream from one component to one consumer: the logical plan's edge. */
export interface SnapshotStream {
  /** The component that emits the stream. */
  source: string;
  stream: string;
  /** The component that consumes it. */
  target: string;
  grouping: Grouping;
  /** Key fields of a FIELDS grouping; absent when the source of the plan does not say. */
  groupingFields?: string[];
}

/**
 * The DSPS-neutral shape of a running topology: components, their streams and their instances.
 * Adapters (Heron Tracker, offline snapshots, later Storm UI) build it; models read it.
 */
export type ComponentKind = 'spout' | 'bolt';

/** How a stream is partitioned across the consuming component's instances. */
export type Grouping = 'SHUFFLE' | 'FIELDS' | 'ALL' | 'LOWEST' | 'NONE' | 'DIRECT' | 'CUSTOM';

export interface ComponentInput {
  /** The upstream component that emits the stream. */
  component: string;
  stream: string;
  grouping: Grouping;
  /**
   * The key fields of a FIELDS grouping, in the order the DSPS hashes them; empty for other groupings.
   * Absent when the source does not say (the Heron Tracker's logical plan does not).
   */
  groupingFields?: string[];
}

export interface ComponentSpec {
  name: string;
  kind: ComponentKind;
  /** Names of the streams this component emits. */
  outputStreams: string[];
  /** Streams this component consumes (empty for spouts). */
  inputs: ComponentInput[];
  /** Instance ids, sorted by task id. */
  instances: string[];
}

export interface InstanceSpec {
  /** Heron: `container_<n>_<component>_<task>`; Storm: `<component>:[<start task>-<end task>]`. */
  id: string;
  component: string;
  /** The DSPS's global task id; for a Storm executor, the first task of its range. */
  taskId: number;
  /**
   * The last task a Storm executor runs (`taskId..lastTaskId`, inclusive); absent means one task, as in
   * Heron. The tasks, unlike the executors, are fixed for a topology's life, so this is how a proposed
   * assignment is checked to cover the topology.
   */
  lastTaskId?: number;
  /** Container (Heron) or worker slot (Storm) that runs the instance. */
  container: string;
  /** Stream manager routing the instance's tuples, when the DSPS has one. */
  streamManager?: string;
}

export interface TopologyStructure {
  name: string;
  /** The DSPS's own id of the running topology, when known. */
  id?: string;
  components: Record<string, ComponentSpec>;
  instances: Record<string, InstanceSpec>;
}

export function spoutNames(structure: TopologyStructure): string[] {
  return Object.values(structure.components)
    .filter((c) => c.kind === 'spout')
    .map((c) => c.name)
    .sort();
}

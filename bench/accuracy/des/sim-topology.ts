import type { ServiceFamily } from './sim-random.js';

/** How a spout's source events arrive. */
export type SimArrival =
  | { kind: 'poisson' }
  /** Poisson batches of geometric size (mean `meanBatch`): c_a² ≈ 2·meanBatch − 1 at the tuple level. */
  | { kind: 'bursty'; meanBatch: number };

export interface SimInput {
  component: string;
  stream: string;
  grouping: 'SHUFFLE' | 'FIELDS';
  /** FIELDS: number of distinct keys and their Zipf exponent (0 = uniform keys). */
  keys?: number;
  zipfS?: number;
}

export interface SimComponent {
  name: string;
  kind: 'spout' | 'bolt';
  parallelism: number;
  /** Tuples emitted per source event (spouts) or per executed tuple (bolts), by stream; < 1 drops, > 1 fans out. */
  outputs: Record<string, number>;
  /** Spouts: source events offered per second by the whole component, spread evenly over its instances. */
  offeredRatePerSec?: number;
  arrival?: SimArrival;
  /** Bolts: mean execute time, ms; CV of the execute time; its family. */
  serviceMeanMs?: number;
  serviceCv?: number;
  serviceFamily?: ServiceFamily;
  inputs?: SimInput[];
}

/**
 * A Heron-like topology for the simulator: components, containers (instances placed round-robin by task
 * id, task ids by component name like Heron's round-robin packing), hop costs and the stream manager's
 * backpressure water marks.
 */
export interface SimTopology {
  name: string;
  components: SimComponent[];
  containers: number;
  /** Transfer time of one tuple between instances in one container / across containers, ms. */
  hopMs: { local: number; remote: number };
  /** Backpressure starts when an instance's queue holds more than this many tuples… */
  highWaterTuples: number;
  /** …and ends when every queue is back under this. */
  lowWaterTuples: number;
}

export interface SimInstance {
  id: string;
  component: string;
  taskId: number;
  componentIndex: number;
  /** Heron container index, 1-based. */
  container: number;
}

/** Heron-style placement: task ids 1… by component name, containers filled round-robin. */
export function placeInstances(topology: SimTopology): SimInstance[] {
  const instances: SimInstance[] = [];
  let taskId = 1;
  const byName = [...topology.components].sort((a, b) => a.name.localeCompare(b.name));
  for (const c of byName) {
    for (let componentIndex = 0; componentIndex < c.parallelism; componentIndex++) {
      const container = ((taskId - 1) % topology.containers) + 1;
      instances.push({
        id: `container_${container}_${c.name}_${taskId}`,
        component: c.name,
        taskId,
        componentIndex,
        container,
      });
      taskId++;
    }
  }
  return instances;
}

/** The same topology with other parallelisms (a proposed or advised plan). */
export function withParallelism(topology: SimTopology, parallelism: Record<string, number>): SimTopology {
  return {
    ...topology,
    components: topology.components.map((c) => ({ ...c, parallelism: parallelism[c.name] ?? c.parallelism })),
  };
}

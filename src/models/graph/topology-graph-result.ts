/** The model name the graph aspect's result carries. */
export const GRAPH_MODEL = 'topology-graph';

/** The result of the graph aspect (`GET /model/graph/…`): the plan's graph, analysed. */
export interface TopologyGraphResult extends Record<string, unknown> {
  units: { rates: 'tuples/s'; latency: 'ms' };
  components: ComponentFan[];
  /** Fan-in and fan-out of every instance, by instance id. */
  instances: Record<string, InstanceFan>;
  /** Spout → sink paths of components, with the mean time along each at the modelled rates. */
  paths: GraphPath[];
  paths_truncated: boolean;
  /** Streams that closed a cycle and were not followed by the path search. */
  cycles_cut: number;
  /** The path with the largest mean time at the modelled rates; null without a stable model. */
  critical_path: GraphPath | null;
  /** Sets of components tuples can go round. */
  cycles: string[][];
  containers: {
    /** Tuples/s from one container's instances to another's (the container itself included). */
    pairs: Array<{ from: string; to: string; tuples_per_sec: number }>;
    /** Share of the tuples sent between instances that cross containers, in [0, 1]. */
    cross_container_fraction: number;
    streams: Array<{ source: string; stream: string; target: string; cross_container_fraction: number }>;
  };
  /** The logical plan, as nodes and edges a browser can draw. */
  logical: {
    nodes: Array<{ id: string; kind: 'spout' | 'bolt'; parallelism: number }>;
    edges: Array<{ source: string; target: string; stream: string; grouping: string }>;
  };
  /** The physical plan: instances in containers, and instance edges with their routing probability. */
  physical: {
    containers: Array<{ id: string; cpu_cores: number | null }>;
    nodes: Array<{ id: string; component: string; container: string }>;
    /** Omitted past `max_edges` (they grow as sender × target instances): see `edges_total`. */
    edges: Array<{ from: string; to: string; stream: string; probability: number }> | null;
    edges_total: number;
    max_edges: number;
  };
}

export interface ComponentFan {
  name: string;
  kind: 'spout' | 'bolt';
  parallelism: number;
  inputs: Array<{ source: string; stream: string; grouping: string; routing_basis: string }>;
  outputs: Array<{ target: string; stream: string; grouping: string }>;
  /** Sender instances over all inputs (each instance counted once per input stream). */
  fan_in: number;
  /** Target instances over all outputs. */
  fan_out: number;
  /** Tuples/s arriving at the component (bolts) or offered (spouts) at the modelled rates. */
  arrival_rate: number | null;
  /** Mean sojourn time over its instances, weighted by arrivals, ms (bolts). */
  sojourn_time_ms: number | null;
}

export interface InstanceFan {
  component: string;
  container: string;
  /** Sender instances that reach it with a probability > 0, over its inputs. */
  fan_in: number;
  /** Target instances it reaches with a probability > 0, over its outputs. */
  fan_out: number;
}

export interface GraphPath {
  components: string[];
  streams: string[];
  /** Σ of the components' mean sojourn times along the path, ms; null when one has no steady state. */
  latency_ms: number | null;
}

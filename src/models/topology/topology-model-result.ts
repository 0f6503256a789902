/**
 * The result of the `queueing-theory` topology model. JSON-serialisable: quantities that are unbounded
 * (a queue with ρ ≥ 1) or undefined (no traffic reaches a sink) are `null`, with a flag saying which.
 * The meaning of every number is in docs/queueing-model.md.
 */

/** min / mean / max of a quantity over a documented population. */
export interface Spread {
  mean: number | null;
  max: number | null;
  min: number | null;
}

export interface LatencySummary extends Spread {
  units: 'ms';
  /**
   * Traffic-weighted mean over every tuple leaving the topology (at a sink, or dropped by a bolt whose
   * output ratio is below 1), from the emission of its spout tuple.
   */
  mean: number | null;
  /** The same mean over the tuples reaching sink bolts only; null when none does. */
  sink_mean: number | null;
  /**
   * Mean time from a spout's emission until its whole tuple tree is done (the slowest of parallel
   * branches): the counterpart of Heron's complete latency. Null with cycles or saturated paths.
   */
  complete_mean: number | null;
  /** Slowest spout → sink path (mean time along it; a cycle is traversed its expected number of times). */
  max: number | null;
  /** Fastest spout → sink path. */
  min: number | null;
  /**
   * False when traffic crosses an instance at ρ ≥ 1 at the operating point: its queue then grows until
   * Heron's buffers fill, which the model cannot size, and the affected values are null.
   */
  bounded: boolean;
  /** The spout rates the latency is for: as offered, or throttled by backpressure. */
  at: 'offered' | 'throttled';
}

export interface ThroughputSummary extends Spread {
  units: 'tuples/s';
  /** Mean, max and min over spout instances of their predicted emission rate (offered × throttle). */
  mean: number | null;
  max: number | null;
  min: number | null;
  /** Predicted emission rate of all spouts together. */
  total: number;
  /** What the spouts were asked to emit. */
  offered_total: number;
  /** Predicted rate of tuples arriving at sink bolts. */
  sink_total: number;
  /** Predicted rate of tuples leaving the topology: at sinks, and dropped by bolts (output ratio < 1). */
  exit_total: number;
}

export interface InstanceLoad {
  instance: string;
  component: string;
  /** ρ at the offered spout rates (may exceed 1). */
  utilisation: number;
}

export interface BackpressureSummary {
  threshold: number;
  warning_threshold: number;
  /** Whether some instance reaches the threshold at the offered rates. */
  active: boolean;
  /** Instances at or above the threshold, hottest first. */
  instances: InstanceLoad[];
  /** Instances in [warning, threshold), hottest first. */
  warnings: InstanceLoad[];
  /** The instance with the highest utilisation: where backpressure starts first. Null with no load. */
  bottleneck: InstanceLoad | null;
  bottleneck_component: string | null;
  /** Factor Heron scales every spout by: min(1, threshold / ρ_max). */
  throttle_factor: number;
}

export interface SaturationSummary {
  threshold: number;
  /**
   * Headroom factor threshold / ρ_max: the spout rates can be multiplied by it before some instance
   * reaches the threshold (< 1: the offered rates are already too much). Null when nothing is loaded.
   */
  headroom: number | null;
  limiting_instance: string | null;
  limiting_component: string | null;
  /** Per spout instance, the largest emission rate without backpressure, tuples/s (offered × headroom). */
  spout_rates: Record<string, number | null>;
  total_rate: number | null;
}

export interface ContainerCpu {
  /** Predicted CPU use at the operating point, cores (Σ CPU per tuple × λ over measured instances). */
  load_cores: number;
  /** CPU use at the offered rates, cores. */
  offered_load_cores: number;
  capacity_cores: number | null;
  /** offered_load_cores / capacity_cores. */
  utilisation: number | null;
  over_capacity: boolean;
  instances: number;
  /** Instances without a measured CPU per tuple: the load is a lower bound when > 0. */
  unmeasured_instances: number;
}

export interface CpuSummary {
  units: 'cores';
  containers: Record<string, ContainerCpu>;
  /** Containers whose offered load exceeds their capacity. */
  over_capacity: string[];
  /** min over containers of capacity / offered load: how far the spout rates can grow before one runs out. */
  headroom: number | null;
  /** Whether every instance had a measured CPU per tuple. */
  complete: boolean;
}

export interface InstanceDetail {
  kind: 'spout' | 'bolt';
  component: string;
  container: string;
  /** λ at the operating point, tuples/s (spouts: emission rate of source events). */
  arrival_rate: number;
  /** λ at the offered spout rates. */
  offered_arrival_rate: number;
  /** ρ at the operating point (bolts; null for spouts). */
  utilisation: number | null;
  /** ρ at the offered spout rates. */
  offered_utilisation: number | null;
  /** Mean service time and the measured spread of it (null when not measured), ms. */
  service_time_ms: Spread | null;
  service_scv: number | null;
  service_scv_source: 'measured' | 'assumed' | null;
  /** c² of the arrivals used by Kingman's formula (spouts: of their emissions). */
  arrival_scv: number;
  /**
   * Mean number of tuples arriving at the same instant as a tuple (emitted in one batch by a bolt with
   * output ratio > 1), E[X²]/E[X] − 1; adds half of it times S to the wait.
   */
  arrival_batch_excess: number;
  /** Kingman Wq (with the batch term), ms; null when ρ ≥ 1 at the operating point. */
  waiting_time_ms: number | null;
  /** W = Wq + S, ms. */
  sojourn_time_ms: number | null;
  /** Lq = λ·Wq. */
  queue_length: number | null;
  /** L = λ·W. */
  number_in_system: number | null;
  state: 'ok' | 'warning' | 'backpressure';
  /** Sinks only: mean end-to-end latency of the tuples they finish, ms. */
  end_to_end_latency_ms?: number | null;
}

export interface ComponentDetail {
  kind: 'spout' | 'bolt';
  instances: number;
  /** Σ λ over the instances at the operating point, tuples/s. */
  arrival_rate: number;
  offered_arrival_rate: number;
  /** Over the instances, at the operating point (bolts). */
  utilisation: Spread | null;
  /** Mean weighted by arrivals, max and min over the instances, ms (bolts). */
  sojourn_time_ms: Spread | null;
  backpressure_instances: number;
  warning_instances: number;
}

export interface ModelAssumptions {
  service_scv: { default: number; instances_assumed: number; instances_measured: number };
  spout_arrival_scv: { default: number; spouts_assumed: number; spouts_measured: number };
  arrival_variability: 'propagate' | 'poisson';
  hop_ms: {
    local: number;
    remote: number;
    source: HopSource;
    edges_measured: number;
    /** With `measured`: the latency the hop cost was measured from. */
    evidence?: HopEvidence;
  };
}

export interface SolverReport {
  /** Strongly connected components with a cycle. */
  cycles: number;
  /** Most Gauss–Seidel sweeps a cycle needed. */
  sweeps: number;
  /**
   * Gauss–Seidel convergence factor on the slowest feedback cycle (< 1; near 1 means a loop that sends
   * back nearly everything it gets); 0 without cycles.
   */
  convergence_factor: number;
}

export interface QueueingTheoryResult extends Record<string, unknown> {
  status: 'solved';
  latency: LatencySummary;
  throughput: ThroughputSummary;
  backpressure: BackpressureSummary;
  saturation: SaturationSummary;
  cpu: CpuSummary;
  components: Record<string, ComponentDetail>;
  instances: Record<string, InstanceDetail>;
  assumptions: ModelAssumptions;
  solver: SolverReport;
}

/**
 * The traffic equations have no finite solution: a feedback cycle sends back at least as many tuples as
 * enter it (spectral radius of its gains ≥ 1), or so nearly that the solver's budget ran out.
 */
export interface NoStableSolutionResult extends Record<string, unknown> {
  status: 'no_stable_solution';
  reason: 'divergent' | 'not_converged';
  message: string;
  cycle: { size: number; components: string[]; instances: string[] };
  growth_per_sweep: number;
}

export type TopologyModelResult = QueueingTheoryResult | NoStableSolutionResult;

/**
 * Where the hop costs came from: `measured` from the latency gap, `assumed` 0 (no evidence), `settings` (an
 * explicit override), `network` (given with the network).
 */
export type HopSource = 'measured' | 'assumed' | 'settings' | 'network';

export interface HopEvidence {
  /** The running topology's acked-weighted mean complete latency, ms. */
  complete_latency_ms: number;
  /** Tuples acked with a latency. */
  tuples: number;
  /** Mean hops per exiting tuple in the model of the plan the latency was measured on. */
  modelled_hops: number;
  /** Whether the latency was measured on this plan at these rates, or on the running plan. */
  on: 'this_plan' | 'running_plan';
}

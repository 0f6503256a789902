/**
 * The few numbers an operator reads first in a `queueing-theory` result: latency, throughput, max ρ,
 * backpressure, headroom and CPU per container. One reading for the console, the CLI table, the report
 * and the CLI's `--fail-on` checks, so they never disagree.
 */

export interface InstanceResult {
  kind: 'spout' | 'bolt';
  component: string;
  container: string;
  arrival_rate: number | null;
  utilisation: number | null;
  /** ρ the offered traffic asks for, before backpressure throttles the spouts (≥ 1 when it does). */
  offered_utilisation?: number | null;
  service_time_ms: { mean: number | null } | null;
  waiting_time_ms: number | null;
  sojourn_time_ms: number | null;
  queue_length: number | null;
  state: 'ok' | 'warning' | 'backpressure';
  end_to_end_latency_ms?: number | null;
}

export interface ContainerCpu {
  load_cores: number | null;
  capacity_cores: number | null;
  utilisation: number | null;
  over_capacity: boolean;
  instances: number;
}

/** The part of a `queueing-theory` result the console reads. */
export interface TopologyModelResults {
  status: string;
  latency: { mean: number | null; max: number | null; min: number | null; bounded: boolean };
  throughput: { total: number; offered_total: number; sink_total: number };
  backpressure: {
    active: boolean;
    instances: Array<{ instance: string; utilisation: number }>;
    warnings: Array<{ instance: string; utilisation: number }>;
    bottleneck: { instance: string; component: string; utilisation: number } | null;
    throttle_factor: number;
  };
  saturation: { headroom: number | null; limiting_instance: string | null };
  cpu: { containers: Record<string, ContainerCpu>; over_capacity: string[]; headroom: number | null };
  instances: Record<string, InstanceResult>;
  assumptions?: { hop_ms?: { local: number; remote: number } };
}

export interface TopologySummary {
  latencyMeanMs: number | null;
  latencyMaxMs: number | null;
  throughputTuplesPerSec: number;
  offeredTuplesPerSec: number;
  /** Highest predicted ρ over bolt instances (null with no load). */
  maxUtilisation: number | null;
  backpressure: boolean;
  backpressureInstances: string[];
  warningInstances: string[];
  bottleneck: string | null;
  headroom: number | null;
  instanceCount: number;
  containers: Array<{
    id: string;
    loadCores: number | null;
    capacityCores: number | null;
    overCapacity: boolean;
  }>;
}

/** The `queueing-theory` results of a topology result document, or of a scaling prediction. */
export function topologyResultsOf(doc: { model_results: Array<{ results: unknown }> }): TopologyModelResults {
  const results = doc.model_results[0]?.results as TopologyModelResults | undefined;
  if (!results?.instances) throw new TypeError('not a topology model result');
  return results;
}

export function summariseTopology(r: TopologyModelResults): TopologySummary {
  return {
    latencyMeanMs: r.latency.mean,
    latencyMaxMs: r.latency.max,
    throughputTuplesPerSec: r.throughput.total,
    offeredTuplesPerSec: r.throughput.offered_total,
    maxUtilisation: r.backpressure.bottleneck?.utilisation ?? null,
    backpressure: r.backpressure.active,
    backpressureInstances: r.backpressure.instances.map((i) => i.instance),
    warningInstances: r.backpressure.warnings.map((i) => i.instance),
    bottleneck: r.backpressure.bottleneck?.instance ?? null,
    headroom: r.saturation.headroom,
    instanceCount: Object.keys(r.instances).length,
    containers: Object.entries(r.cpu.containers)
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([id, c]) => ({
        id,
        loadCores: c.load_cores,
        capacityCores: c.capacity_cores,
        overCapacity: c.over_capacity,
      })),
  };
}

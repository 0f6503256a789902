import { DSPS_ADAPTERS } from '../../dsps/dsps-adapters.js';
import type { EnsuredGraph, TopologyGraphStore } from '../../graph/topology-graph-store.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import { readMetricsSnapshot } from '../../metrics/read-metrics-snapshot.js';
import {
  modelMetricsOf,
  networkFromSnapshot,
  type TopologyNetworkSource,
  type TopologyWindow,
} from '../../models/topology/network-from-snapshot.js';
import type { MeasuredLatency, TopologyNetwork } from '../../models/topology/topology-network.js';
import type { MetricsSnapshot } from '../../topology/metrics-snapshot.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import { assertPlanFitsTopology } from '../../topology/planned-instances.js';
import { snapshotOf } from '../../topology/snapshot-of.js';
import { type TopologyRef, topologyRefKey } from '../../topology/topology-ref.js';
import type { TopologySnapshot } from '../../topology/topology-snapshot.js';

/** Where a modelled plan's graph is, reported with the result. */
export interface GraphReport {
  /** `memory` or `gremlin`. */
  backend: string;
  /** The fingerprint of the plan: the key of its graph in the store. */
  plan_ref: string;
  /** True when this request wrote the graph; false when the store already held it. */
  built: boolean;
}

/** What a topology job models: the plan's graph, the snapshot it came from and the metrics. */
export interface ModelledPlan {
  metrics: MetricsSnapshot;
  snapshot: TopologySnapshot;
  graph: EnsuredGraph;
  proposed: boolean;
}

/**
 * Reads the topology's metrics snapshot over `window` and makes sure the graph of the modelled plan — the
 * running one, or `plan` — is in the graph store (written once per plan, then reused).
 * @throws AppError `BAD_REQUEST` for a plan of another topology
 */
export async function loadModelledPlan(
  source: MetricsSource,
  graphs: TopologyGraphStore,
  ref: TopologyRef,
  window: TopologyWindow,
  plan?: PackingPlan,
  onProgress: (fraction: number) => Promise<void> = async () => {},
): Promise<ModelledPlan> {
  const { backpressureComponent } = DSPS_ADAPTERS[ref.dsps];
  const metrics = await readMetricsSnapshot(source, ref, {
    window,
    metricsOf: modelMetricsOf,
    ...(backpressureComponent ? { backpressureComponent } : {}),
    onProgress,
  });
  if (plan) assertPlanFitsTopology(plan, metrics.topology);
  const snapshot = plan
    ? snapshotOf({
        dsps: ref.dsps,
        structure: metrics.topology,
        proposed: { plan, naming: DSPS_ADAPTERS[ref.dsps] },
      })
    : metrics.topology;
  const graph = await graphs.ensure(snapshot, topologyRefKey(ref));
  return { metrics, snapshot, graph, proposed: plan !== undefined };
}

/**
 * The queueing-theory network of the running topology or of a proposed `plan`, estimated from the metrics
 * snapshot and the plan's topology graph ({@link networkFromSnapshot}).
 * @param rates offered rate per spout task id of the modelled plan, tuples/s; absent: measured
 * @throws AppError `BAD_REQUEST` for a plan of another topology, `NO_METRICS` without bolt latencies
 */
export async function loadTopologyNetwork(
  source: MetricsSource,
  graphs: TopologyGraphStore,
  ref: TopologyRef,
  window: TopologyWindow,
  plan?: PackingPlan,
  rates?: Record<string, number>,
  onProgress: (fraction: number) => Promise<void> = async () => {},
): Promise<{ network: TopologyNetwork; built: TopologyNetworkSource; graph: GraphReport }> {
  const modelled = await loadModelledPlan(source, graphs, ref, window, plan, onProgress);
  const { network, built } = networkFromSnapshot(modelled.metrics, modelled.graph.graph, {
    ...(rates ? { rates } : {}),
    proposed: modelled.proposed,
  });
  const measuredLatency = await runningMeasuredLatency(graphs, ref, modelled, rates !== undefined);
  return {
    network: measuredLatency ? { ...network, measuredLatency } : network,
    built,
    graph: graphReport(graphs, modelled.graph),
  };
}

/**
 * For another plan or other rates than the running ones, the running plan's network at its measured rates,
 * with the complete latency measured on it: the hop cost is measured against that network's sojourns.
 */
async function runningMeasuredLatency(
  graphs: TopologyGraphStore,
  ref: TopologyRef,
  modelled: ModelledPlan,
  requestedRates: boolean,
): Promise<MeasuredLatency | undefined> {
  if (!modelled.proposed && !requestedRates) return undefined;
  const graph = modelled.proposed
    ? (await graphs.ensure(modelled.metrics.topology, topologyRefKey(ref))).graph
    : modelled.graph.graph;
  const { network: running } = networkFromSnapshot(modelled.metrics, graph);
  const { measuredLatency, ...runningNetwork } = running;
  return measuredLatency ? { ...measuredLatency, runningNetwork } : undefined;
}

export function graphReport(graphs: TopologyGraphStore, ensured: EnsuredGraph): GraphReport {
  return { backend: graphs.client.backend, plan_ref: ensured.scope.planRef, built: ensured.built };
}

import { DSPS_ADAPTERS } from '../../dsps/dsps-adapters.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import { readMetricsSnapshot } from '../../metrics/read-metrics-snapshot.js';
import {
  modelMetricsOf,
  networkFromSnapshot,
  type TopologyNetworkSource,
  type TopologyWindow,
} from '../../models/topology/network-from-snapshot.js';
import type { TopologyNetwork } from '../../models/topology/topology-network.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import { assertPlanFitsTopology } from '../../topology/planned-instances.js';
import { snapshotOf } from '../../topology/snapshot-of.js';
import type { TopologyRef } from '../../topology/topology-ref.js';

/**
 * The queueing-theory network of the running topology or of a proposed `plan`: reads the topology's
 * metrics snapshot over `window` and estimates the network from it ({@link networkFromSnapshot}).
 * @param rates offered rate per spout task id of the modelled plan, tuples/s; absent: measured
 * @throws AppError `BAD_REQUEST` for a plan of another topology, `NO_METRICS` without bolt latencies
 */
export async function loadTopologyNetwork(
  source: MetricsSource,
  ref: TopologyRef,
  window: TopologyWindow,
  plan?: PackingPlan,
  rates?: Record<string, number>,
  onProgress: (fraction: number) => Promise<void> = async () => {},
): Promise<{ network: TopologyNetwork; built: TopologyNetworkSource }> {
  const metrics = await readMetricsSnapshot(source, ref, {
    window,
    metricsOf: modelMetricsOf,
    onProgress,
  });
  if (plan) assertPlanFitsTopology(plan, metrics.topology);
  const modelled = plan
    ? snapshotOf({
        dsps: ref.dsps,
        structure: metrics.topology,
        proposed: { plan, naming: DSPS_ADAPTERS[ref.dsps] },
      })
    : metrics.topology;
  return networkFromSnapshot(metrics, modelled, rates);
}

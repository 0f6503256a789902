import type { EmitRates } from '../../graph/analysis/cross-container-traffic.js';
import { analyseTopologyGraph } from '../../models/graph/analyse-topology-graph.js';
import { GRAPH_MODEL } from '../../models/graph/topology-graph-result.js';
import { modelTopology } from '../../models/topology/model-topology.js';
import { networkFromSnapshot } from '../../models/topology/network-from-snapshot.js';
import type { InstanceDetail } from '../../models/topology/topology-model-result.js';
import type { TopologyNetwork } from '../../models/topology/topology-network.js';
import type { ModelJobOf } from '../model-job.js';
import { documentHead, timed } from '../result-document.js';
import type { JobHandler } from './job-handler.js';
import { graphReport, loadModelledPlan } from './load-topology-network.js';
import { requestedSpoutRates } from './requested-spout-rates.js';
import { queueingSettingsFor } from './scaling-job.js';

/**
 * The worker side of `GET /model/graph/…` and `POST …/proposed`: the plan's topology graph from the store
 * (built once per plan), its routing, and the queueing model at the requested, measured or forecast rates
 * for path latencies and container traffic.
 */
export const runGraphJob: JobHandler<'graph'> = async (
  job: ModelJobOf<'graph'>,
  { source, registry, graphs },
  ctx,
) => {
  const { params } = job;
  const endSec = source.windowEndSec(job.requestedAtSec);
  const window = { startSec: endSec - Math.round(params.window_minutes * 60), endSec };
  await ctx.reportProgress(5);
  const { rates, forecast } = await requestedSpoutRates(source, job.ref, params, window, (f) =>
    ctx.reportProgress(5 + Math.round(f * 35)),
  );
  const modelled = await loadModelledPlan(source, graphs, job.ref, window, params.plan, (f) =>
    ctx.reportProgress(40 + Math.round(f * 40)),
  );
  const { graph } = modelled.graph;
  const { network, built, routed } = networkFromSnapshot(modelled.metrics, graph, {
    ...(rates ? { rates } : {}),
    proposed: modelled.proposed,
  });
  const result = timed(GRAPH_MODEL, () => {
    const model = modelTopology(network, queueingSettingsFor(registry, job.ref.dsps));
    return analyseTopologyGraph(graph, routed, {
      ...(model.status === 'solved' ? { model } : {}),
      emitRates: emitRatesOf(network, model.status === 'solved' ? model.instances : undefined),
    });
  });
  await ctx.reportProgress(100);
  const { plan: _plan, ...request } = params;
  return {
    ...documentHead(job, source.kind, window, request),
    traffic: {
      source: forecast ? 'forecast' : built.traffic,
      units: 'tuples/s',
      spout_rates: built.spout_rates,
    },
    plan: {
      kind: params.plan_kind,
      ...(params.plan_hash ? { hash: params.plan_hash } : {}),
      parallelism: built.parallelism,
      graph: graphReport(graphs, modelled.graph),
    },
    model_results: [result],
  };
};

/**
 * Tuples/s each instance emits on each stream: a spout's offered rate, a bolt's arrival rate at the
 * operating point (when the model solved), times the output ratio of the stream.
 */
function emitRatesOf(
  network: TopologyNetwork,
  instances: Record<string, InstanceDetail> | undefined,
): EmitRates {
  const rates: Record<string, Record<string, number>> = {};
  for (const s of network.spouts)
    rates[s.id] = Object.fromEntries(
      Object.entries(s.outputRatios).map(([st, r]) => [st, s.offeredRatePerSec * r]),
    );
  if (instances)
    for (const b of network.bolts) {
      const lambda = instances[b.id]?.arrival_rate ?? 0;
      rates[b.id] = Object.fromEntries(Object.entries(b.outputRatios).map(([st, r]) => [st, lambda * r]));
    }
  return rates;
}

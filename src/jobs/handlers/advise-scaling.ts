import type { DspsAdapter, SchedulerPlan } from '../../dsps/dsps-adapter.js';
import { DSPS_ADAPTERS } from '../../dsps/dsps-adapters.js';
import type { TopologyGraphStore } from '../../graph/topology-graph-store.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import { planScaling } from '../../models/scaling/plan-scaling.js';
import type { ScalingAdvice } from '../../models/scaling/scaling-advice.js';
import { scalingProblemOf } from '../../models/scaling/scaling-problem-of.js';
import { modelTopology } from '../../models/topology/model-topology.js';
import type { TopologyNetworkSource, TopologyWindow } from '../../models/topology/network-from-snapshot.js';
import type { QueueingTheorySettings } from '../../models/topology/queueing-theory-settings.js';
import type { TopologyModelResult } from '../../models/topology/topology-model-result.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import { instancesOfPlan } from '../../topology/planned-instances.js';
import type { TopologyRef } from '../../topology/topology-ref.js';
import type { TopologyStructure } from '../../topology/topology-structure.js';
import type { ScalingJobParams } from '../params/scaling-params.js';
import { type ForecastSpoutRates, forecastSpoutRates } from './forecast-spout-rates.js';
import { loadTopologyNetwork } from './load-topology-network.js';
import { measuredBacklog } from './measured-backlog.js';

/** What a scaling advice answers: the advice, its plan, and the topology model's prediction for it. */
export interface ScalingOutcome {
  window: TopologyWindow;
  traffic: {
    source: TopologyNetworkSource['traffic'] | 'forecast';
    spout_rates: Record<string, number>;
  } & Partial<Pick<ForecastSpoutRates, 'horizon' | 'peak' | 'methods'>> &
    Pick<TopologyNetworkSource, 'throttled_fraction' | 'offered_estimate'>;
  advice: ScalingAdvice;
  /** Pending tuples per component the `backlog` and `formula` planners read, and where they came from. */
  backlog: BacklogInput;
  /** The recommended plan for the DSPS's scheduler. */
  plan: SchedulerPlan;
  /** Today's plan in the same form, when the source knows it (what a rollback goes back to). */
  current_plan?: unknown;
  /** The queueing-theory model on today's plan and on the recommended one, at the same traffic. */
  prediction: { current: TopologyModelResult; recommended: TopologyModelResult };
}

/**
 * Scaling advice for a running topology: reads the measured network (service times, ratios, routing) over
 * the window at the traffic to sustain (requested, measured or forecast peak), derives the component-level
 * problem, runs the configured planner with its constraints (`planScaling`), writes the recommended plan in
 * the DSPS's form (a Heron `PackingPlan` as JSON and protobuf; a Storm assignment and `storm rebalance`
 * command — Storm executors never outnumber a component's tasks), and predicts both plans with the
 * queueing-theory model.
 */
export async function adviseScaling(
  source: MetricsSource,
  graphs: TopologyGraphStore,
  ref: TopologyRef,
  params: ScalingJobParams,
  requestedAtSec: number,
  queueingSettings: QueueingTheorySettings,
  onProgress: (percent: number) => Promise<void> = async () => {},
): Promise<ScalingOutcome> {
  const adapter = DSPS_ADAPTERS[ref.dsps];
  const endSec = source.windowEndSec(requestedAtSec);
  const window = { startSec: endSec - Math.round(params.window_minutes * 60), endSec };
  const forecast =
    params.traffic === 'forecast' && params.forecast
      ? await forecastSpoutRates(
          source,
          ref,
          { startSec: endSec - Math.round(params.forecast.source_hours * 3600), endSec },
          params.forecast.duration_minutes,
          params.forecast.peak,
          undefined,
          undefined,
          (f) => onProgress(5 + Math.round(f * 35)),
        )
      : undefined;
  const { network, built } = await loadTopologyNetwork(
    source,
    graphs,
    ref,
    window,
    undefined,
    forecast?.rates ?? params.spout_rates,
    (f) => onProgress(40 + Math.round(f * 40)),
  );
  const structure = await source.getStructure(ref);
  const currentPlan = await source.getPackingPlan?.(ref);
  const backlog = await backlogOf(source, ref, structure, params, endSec);
  const problem = scalingProblemOf(network, structure, {
    ...(currentPlan ? { plan: currentPlan } : {}),
    ...(backlog.source !== 'none' ? { backlogTuples: backlog.tuples } : {}),
    constraints: adapter.parallelismConstraints(structure),
  });
  const advice = planScaling(problem, params.settings);
  const packed: PackingPlan = { ...advice.packing.plan, topologyId: structure.id ?? structure.name };
  const { plan, schedulerPlan } = adapter.schedulerPlan(packed, structure, currentPlan);
  // The advised plan is modelled exactly as `POST …/proposed/…` models it, at the same spout traffic.
  const { network: recommended } = await loadTopologyNetwork(
    source,
    graphs,
    ref,
    window,
    plan,
    spoutRatesFor(plan, adapter, structure, built.spout_rates),
  );
  await onProgress(95);
  return {
    window,
    traffic: {
      source: forecast ? 'forecast' : built.traffic,
      spout_rates: built.spout_rates,
      ...(built.throttled_fraction !== undefined ? { throttled_fraction: built.throttled_fraction } : {}),
      ...(built.offered_estimate ? { offered_estimate: built.offered_estimate } : {}),
      ...(forecast ? { horizon: forecast.horizon, peak: forecast.peak, methods: forecast.methods } : {}),
    },
    advice: { ...advice, packing: { ...advice.packing, plan } },
    backlog,
    plan: schedulerPlan,
    ...(currentPlan ? { current_plan: adapter.currentSchedulerPlan(currentPlan) } : {}),
    prediction: {
      current: modelTopology(network, queueingSettings),
      recommended: modelTopology(recommended, queueingSettings),
    },
  };
}

/** Pending tuples per component: the request's, else measured (`__pending-tuples`) for planners that read them. */
export interface BacklogInput {
  source: 'requested' | 'measured' | 'none';
  /** component → tuples waiting. */
  tuples: Record<string, number>;
}

async function backlogOf(
  source: MetricsSource,
  ref: TopologyRef,
  structure: TopologyStructure,
  params: ScalingJobParams,
  endSec: number,
): Promise<BacklogInput> {
  if (params.backlog_tuples) return { source: 'requested', tuples: params.backlog_tuples };
  const planner = params.settings.planner ?? 'utilisation';
  if (planner === 'utilisation') return { source: 'none', tuples: {} };
  const tuples = await measuredBacklog(source, ref, structure, endSec);
  return Object.keys(tuples).length > 0 ? { source: 'measured', tuples } : { source: 'none', tuples: {} };
}

/**
 * Storm runs at most one executor per task, and its groupings pick a task: each component's task count bounds
 * its parallelism, and executors are aligned to a divisor of it so every executor runs as many tasks (equal
 * loads, as the planner assumes).

/**
 * Spout rates for a new plan by its spout task ids: each spout component's total today (requested, measured or
 * forecast, as the current plan was modelled) spread evenly over its planned instances.
 */
function spoutRatesFor(
  plan: PackingPlan,
  adapter: DspsAdapter,
  structure: TopologyStructure,
  todayByInstance: Record<string, number>,
): Record<string, number> {
  const totals = new Map<string, number>();
  for (const [id, rate] of Object.entries(todayByInstance)) {
    const component = structure.instances[id]?.component;
    if (component) totals.set(component, (totals.get(component) ?? 0) + rate);
  }
  const planned = instancesOfPlan(plan, adapter).filter((i) => totals.has(i.component));
  const counts = new Map<string, number>();
  for (const i of planned) counts.set(i.component, (counts.get(i.component) ?? 0) + 1);
  return Object.fromEntries(
    planned.map((i) => [
      String(i.taskId),
      (totals.get(i.component) as number) / (counts.get(i.component) as number),
    ]),
  );
}

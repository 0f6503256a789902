import type { AccuracyCase } from './accuracy-cases.js';
import type { Json } from './augur-http.js';
import type { SimTopology } from './des/sim-topology.js';
import type { SimTruth } from './des/simulate-topology.js';

/** Signed relative error (predicted − true) / true; null when either is missing. */
export function relativeError(
  predicted: number | null | undefined,
  actual: number | null | undefined,
): number | null {
  if (
    predicted === null ||
    predicted === undefined ||
    actual === null ||
    actual === undefined ||
    actual === 0
  )
    return null;
  return (predicted - actual) / actual;
}

export interface InstanceComparison {
  instance: string;
  component: string;
  predictedUtilisation: number | null;
  simulatedUtilisation: number;
  predictedBackpressure: boolean;
  simulatedBackpressure: boolean;
}

/** A plan's predictions next to the simulated topology's behaviour. */
export interface PlanComparison {
  /** augur's `latency.mean` (sinks only), ms, and the simulated mean over every exit / over sinks. */
  predictedLatencyMs: number | null;
  simulatedExitLatencyMs: number | null;
  simulatedSinkLatencyMs: number | null;
  latencyError: number | null;
  predictedThroughputPerSec: number | null;
  simulatedThroughputPerSec: number;
  throughputError: number | null;
  predictedBackpressure: boolean;
  simulatedThrottledFraction: number;
  instances: InstanceComparison[];
  /**
   * Largest |predicted − simulated| utilisation over bolt instances, and the largest relative one (over
   * instances at least {@link MIN_UTILISATION_FOR_RELATIVE} busy).
   */
  maxUtilisationAbsError: number;
  maxUtilisationRelError: number;
}

export interface ProposedOutcome extends PlanComparison {
  parallelism: Record<string, number>;
  /** Fields-grouped components: predicted and simulated load of the hottest instance. */
  hottest: Array<{ component: string; predicted: number | null; simulated: number }>;
}

export interface CaseOutcome extends PlanComparison {
  name: string;
  shape: string;
  rho: number;
  seed: number;
  assumptions: { serviceScvAssumed: number | null; hopSource: string | null };
  proposed: ProposedOutcome[];
}

export interface ScalingOutcome {
  name: string;
  shape: string;
  rho: number;
  start: 'over-provisioned' | 'busy' | 'overloaded';
  current: Record<string, number>;
  recommended: Record<string, number>;
  boundBy: Record<string, string>;
  predictedBackpressure: boolean | null;
  simulatedThrottledFraction: number;
  backpressureFree: boolean;
  instances: number;
}

/** Instances below this simulated utilisation count in the absolute error only. */
export const MIN_UTILISATION_FOR_RELATIVE = 0.05;

function comparePlan(predicted: Json, truth: SimTruth): PlanComparison {
  const predictedIds = new Set<string>(
    (predicted.backpressure?.instances ?? []).map((b: Json) => b.instance),
  );
  const instances: InstanceComparison[] = Object.entries(truth.bolts).map(([id, t]) => ({
    instance: id,
    component: predicted.instances?.[id]?.component ?? '',
    predictedUtilisation: predicted.instances?.[id]?.utilisation ?? null,
    simulatedUtilisation: t.utilisation,
    predictedBackpressure: predictedIds.has(id),
    simulatedBackpressure: (truth.backpressureInstances[id] ?? 0) > 0,
  }));
  let maxAbs = 0;
  let maxRel = 0;
  for (const i of instances) {
    if (i.predictedUtilisation === null) {
      maxAbs = Number.POSITIVE_INFINITY;
      continue;
    }
    maxAbs = Math.max(maxAbs, Math.abs(i.predictedUtilisation - i.simulatedUtilisation));
    // Relative errors of nearly idle instances say nothing; judge the ones doing real work.
    if (i.simulatedUtilisation < MIN_UTILISATION_FOR_RELATIVE) continue;
    maxRel = Math.max(maxRel, Math.abs(relativeError(i.predictedUtilisation, i.simulatedUtilisation) ?? 0));
  }
  const latency = predicted.latency?.mean ?? null;
  const throughput = predicted.throughput?.total ?? null;
  return {
    predictedLatencyMs: latency,
    simulatedExitLatencyMs: truth.exitLatencyMeanMs,
    simulatedSinkLatencyMs: truth.sinkLatencyMeanMs,
    latencyError: relativeError(latency, truth.exitLatencyMeanMs),
    predictedThroughputPerSec: throughput,
    simulatedThroughputPerSec: truth.throughputPerSec,
    throughputError: relativeError(throughput, truth.throughputPerSec),
    predictedBackpressure: predicted.backpressure?.active === true,
    simulatedThrottledFraction: truth.throttledFraction,
    instances,
    maxUtilisationAbsError: maxAbs,
    maxUtilisationRelError: maxRel,
  };
}

export function compareCurrent(c: AccuracyCase, predicted: Json, truth: SimTruth): CaseOutcome {
  return {
    name: c.topology.name,
    shape: c.shape,
    rho: c.rho,
    seed: c.seed,
    ...comparePlan(predicted, truth),
    assumptions: {
      serviceScvAssumed: predicted.assumptions?.service_scv?.instances_assumed ?? null,
      hopSource: predicted.assumptions?.hop_ms?.source ?? null,
    },
    proposed: [],
  };
}

export function compareProposed(
  _c: AccuracyCase,
  plan: SimTopology,
  parallelism: Record<string, number>,
  predicted: Json,
  truth: SimTruth,
): ProposedOutcome {
  const comparison = comparePlan(predicted, truth);
  const hottest = plan.components
    .filter((x) => (x.inputs ?? []).some((i) => i.grouping === 'FIELDS'))
    .map((x) => {
      const of = comparison.instances.filter((i) => i.component === x.name);
      const max = (values: Array<number | null>) =>
        values.some((v) => v === null) ? null : Math.max(...(values as number[]));
      return {
        component: x.name,
        predicted: max(of.map((i) => i.predictedUtilisation)),
        simulated: Math.max(...of.map((i) => i.simulatedUtilisation)),
      };
    });
  return { ...comparison, parallelism, hottest };
}

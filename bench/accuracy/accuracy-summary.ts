import type { CaseOutcome, ScalingOutcome } from './compare.js';

/** Latency counts as right within this relative error. */
export const LATENCY_TOLERANCE = 0.15;
/** Latency is judged where a steady state exists and is not near saturation. */
export const LATENCY_MAX_RHO = 0.8;

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface ShapeLatencyRow {
  shape: string;
  cases: number;
  within: number;
  /** Signed relative errors, one per case (null: augur gave no latency). */
  errors: Array<number | null>;
}

/** The headline numbers: what holds and what does not, across every case. */
export function summarise(outcomes: CaseOutcome[], scaling: ScalingOutcome[]) {
  const judged = outcomes.filter((o) => o.rho <= LATENCY_MAX_RHO);
  const within = (e: number | null) => e !== null && Math.abs(e) <= LATENCY_TOLERANCE;
  const byShape = new Map<string, ShapeLatencyRow>();
  for (const o of judged) {
    const row = byShape.get(o.shape) ?? { shape: o.shape, cases: 0, within: 0, errors: [] };
    row.cases++;
    if (within(o.latencyError)) row.within++;
    row.errors.push(o.latencyError === null ? null : round(o.latencyError));
    byShape.set(o.shape, row);
  }
  const instances = outcomes.flatMap((o) => o.instances);
  const verdictsRight = instances.filter((i) => i.predictedBackpressure === i.simulatedBackpressure).length;
  const topologyVerdictsRight = outcomes.filter(
    (o) => o.predictedBackpressure === o.simulatedThrottledFraction > 0,
  ).length;
  const throttled = outcomes.filter((o) => o.simulatedThrottledFraction > 0);
  const split = (start: ScalingOutcome['start']) => {
    const of = scaling.filter((s) => s.start === start);
    return { cases: of.length, oneStepSuccess: of.filter((s) => s.backpressureFree).length };
  };
  const proposed = outcomes.flatMap((o) => o.proposed);
  const hottest = proposed.flatMap((p) => p.hottest);
  return {
    latency: {
      tolerance: LATENCY_TOLERANCE,
      maxRho: LATENCY_MAX_RHO,
      cases: judged.length,
      within: judged.filter((o) => within(o.latencyError)).length,
      noLatency: judged.filter((o) => o.predictedLatencyMs === null).length,
      byShape: [...byShape.values()],
    },
    utilisation: {
      instances: instances.length,
      maxAbsError: round(Math.max(...outcomes.map((o) => o.maxUtilisationAbsError)), 4),
      maxRelError: round(Math.max(...outcomes.map((o) => o.maxUtilisationRelError)), 4),
      maxRelErrorAtRhoBelow1: round(
        Math.max(0, ...outcomes.filter((o) => o.rho < 1).map((o) => o.maxUtilisationRelError)),
        4,
      ),
    },
    backpressure: {
      instanceVerdicts: instances.length,
      instanceVerdictsRight: verdictsRight,
      topologyVerdicts: outcomes.length,
      topologyVerdictsRight,
      throttledCases: throttled.length,
      maxThrottledThroughputError: round(
        Math.max(0, ...throttled.map((o) => Math.abs(o.throughputError ?? Number.POSITIVE_INFINITY))),
        4,
      ),
    },
    scaling: {
      cases: scaling.length,
      oneStepSuccess: scaling.filter((s) => s.backpressureFree).length,
      overProvisioned: split('over-provisioned'),
      busy: split('busy'),
      overloaded: split('overloaded'),
      predictedFreeButThrottled: scaling.filter(
        (s) => s.predictedBackpressure === false && !s.backpressureFree,
      ).length,
    },
    proposed: {
      plans: proposed.length,
      latencyWithin: proposed.filter((p) => within(p.latencyError)).length,
      maxUtilisationRelError: round(Math.max(0, ...proposed.map((p) => p.maxUtilisationRelError)), 4),
      hottestInstance: hottest.map((h) => ({
        ...h,
        error: h.predicted === null ? null : round((h.predicted - h.simulated) / h.simulated),
      })),
    },
  };
}

export type AccuracySummary = ReturnType<typeof summarise>;

import type { ComponentChange, ComponentDecision } from './evaluation.js';
import type { LoopAdvice } from './loop-advice.js';

/** One past evaluation's recommendations, component → parallelism. */
export interface RecommendationSample {
  /** When it was observed, ms since the epoch. */
  atMs: number;
  recommended: Record<string, number>;
}

export interface ScalingSettings {
  /** Half-width of the band around the target, fraction of the target, in [0, 1]. */
  tolerance: number;
  /** Scale-downs take the highest recommendation of this window, s ≥ 0. */
  scaleDownStabilizationSec: number;
  /** No change starts this long after the previous one, s ≥ 0. */
  cooldownSec: number;
  /**
   * How long one evaluation vouches for its recommendation, s (the loop passes two evaluation intervals, so
   * one late or missed run does not restart the window, a longer outage does).
   */
  sampleValiditySec: number;
  /** The band's centre, fraction; the advice's `target_utilisation` when absent. */
  targetUtilisation?: number;
}

export interface DecideScalingInput {
  advice: Pick<LoopAdvice, 'target_utilisation' | 'components'>;
  /** Earlier evaluations' recommendations, any order (the current advice is added as a sample at `nowMs`). */
  history: readonly RecommendationSample[];
  /** Start of the last change (applied or failed), ms since the epoch; null when none. */
  lastChangeAtMs: number | null;
  /** Another change of this topology is running. */
  inFlight: boolean;
  /** ms since the epoch. */
  nowMs: number;
  settings: ScalingSettings;
}

export type ScalingDecisionAction = 'hold' | 'scale' | 'cooldown' | 'in_flight' | 'stabilizing';

export interface ScalingDecision {
  action: ScalingDecisionAction;
  target_utilisation: number;
  components: ComponentDecision[];
  /** The changes wanted; to be run only when `action` is `scale`. */
  changes: ComponentChange[];
  reasons: string[];
  /** With `cooldown`: when a change may start again, ms since the epoch. */
  cooldownUntilMs?: number;
}

/**
 * The loop's decision for one topology, from one advice and the loop's memory: a rule set after the
 * Kubernetes Horizontal Pod Autoscaler (tolerance, scale-down stabilization window, one change at a time;
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details), per
 * component:
 *
 * 1. recommended = current → keep (`at_recommendation`);
 * 2. busiest-instance utilisation u within target·(1 ± tolerance) → keep (`within_band`); u is the advice's
 *    current one (today's plan at the advised traffic), or, when the advice has none, predicted·recommended/current (load split evenly over instances);
 *    with neither, the band is not applied;
 * 3. recommended > current → scale up to it at once (`scale_up`);
 * 4. recommended < current → scale down to the highest recommendation of the last
 *    `scaleDownStabilizationSec` (the sample in force at the window's start included), but only once the loop
 *    has observed the whole window without a gap longer than `sampleValiditySec` (`stabilizing` until then);
 *    a window maximum ≥ current keeps it (`held_by_window`).
 *
 * Then for the topology: no change wanted → `hold` (or `stabilizing` when a scale-down waits for its window);
 * a change wanted while another runs → `in_flight`; within `cooldownSec` of the last change → `cooldown`;
 * otherwise `scale`. Pure: no clock, no I/O.
 *
 * @example
 * // target 0.7, tolerance 0.1: a bolt at 0.95 with 4 instances, recommended 6 → scale up 4 → 6 now.
 * decideScaling({ advice: { target_utilisation: 0.7, components: [{ component: 'split', kind: 'bolt',
 *   current_parallelism: 4, recommended_parallelism: 6, current_utilisation: 0.95, predicted_utilisation: 0.63,
 *   bound_by: 'utilisation', reasons: [] }] }, history: [], lastChangeAtMs: null, inFlight: false, nowMs: 0,
 *   settings: { tolerance: 0.1, scaleDownStabilizationSec: 900, cooldownSec: 600, sampleValiditySec: 600 } })
 *   .changes // [{ component: 'split', from: 4, to: 6 }]
 */
export function decideScaling(input: DecideScalingInput): ScalingDecision {
  const { advice, history, nowMs, settings } = input;
  const target = settings.targetUtilisation ?? advice.target_utilisation;
  const low = target * (1 - settings.tolerance);
  const high = target * (1 + settings.tolerance);
  const samples: RecommendationSample[] = [
    ...history.filter((s) => s.atMs < nowMs),
    {
      atMs: nowMs,
      recommended: Object.fromEntries(advice.components.map((c) => [c.component, c.recommended_parallelism])),
    },
  ].sort((a, b) => a.atMs - b.atMs);

  const components = advice.components.map((c): ComponentDecision => {
    const from = c.current_parallelism;
    const recommended = c.recommended_parallelism;
    const current = c.current_utilisation ?? null;
    const estimated =
      c.predicted_utilisation === null ? null : (c.predicted_utilisation * recommended) / from;
    const utilisation = current ?? estimated;
    const source: ComponentDecision['utilisation_source'] =
      current !== null ? 'current' : estimated !== null ? 'estimated' : 'unknown';
    const base = {
      component: c.component,
      kind: c.kind,
      from,
      recommended,
      utilisation,
      utilisation_source: source,
    };
    const u =
      utilisation === null
        ? 'utilisation unknown (no band)'
        : `${source === 'estimated' ? 'estimated ' : ''}utilisation ${fmt(utilisation)}`;
    if (recommended === from) {
      return {
        ...base,
        to: from,
        verdict: 'at_recommendation',
        reason: `${c.component}: at the recommended ${from}`,
      };
    }
    if (utilisation !== null && utilisation >= low && utilisation <= high) {
      return {
        ...base,
        to: from,
        verdict: 'within_band',
        reason: `${c.component}: ${u} within ${fmt(low)}–${fmt(high)} (target ${fmt(target)} ± ${fmt(settings.tolerance * 100)} %), keeps ${from} (recommended ${recommended})`,
      };
    }
    // Where u lies against the band, in words (a scale-up may come from the traffic ahead, not from u).
    const side =
      utilisation === null
        ? ''
        : utilisation > high
          ? ` above ${fmt(high)}`
          : utilisation < low
            ? ` below ${fmt(low)}`
            : ` within ${fmt(low)}–${fmt(high)}`;
    if (recommended > from) {
      return {
        ...base,
        to: recommended,
        verdict: 'scale_up',
        reason: `${c.component}: ${u}${side}, scale up ${from} → ${recommended} (${c.bound_by})`,
      };
    }
    if (utilisation !== null && utilisation > high) {
      return {
        ...base,
        to: from,
        verdict: 'held_overloaded',
        reason: `${c.component}: ${u}${side} yet recommended ${recommended} < ${from} (${c.bound_by}): an overloaded component is never scaled down`,
      };
    }
    const window = stabilizationWindow(samples, c.component, nowMs, settings);
    if (!window.observed) {
      return {
        ...base,
        to: from,
        verdict: 'stabilizing',
        reason: `${c.component}: recommended ${recommended} < ${from}, but the ${settings.scaleDownStabilizationSec} s stabilization window is not observed yet (${window.observedSec} s so far)`,
      };
    }
    if (window.max >= from) {
      return {
        ...base,
        to: from,
        verdict: 'held_by_window',
        window_max: window.max,
        reason: `${c.component}: recommended ${recommended} < ${from}, but the window's highest recommendation is ${window.max}`,
      };
    }
    return {
      ...base,
      to: window.max,
      verdict: 'scale_down',
      window_max: window.max,
      reason: `${c.component}: ${u}${side}, scale down ${from} → ${window.max} (highest recommendation of the last ${settings.scaleDownStabilizationSec} s)`,
    };
  });

  const changes = components
    .filter((c) => c.to !== c.from)
    .map((c): ComponentChange => ({ component: c.component, from: c.from, to: c.to }));
  const reasons = components.filter((c) => c.verdict !== 'at_recommendation').map((c) => c.reason);
  const decided = { target_utilisation: target, components, changes };

  if (changes.length === 0) {
    const waiting = components.some((c) => c.verdict === 'stabilizing');
    if (reasons.length === 0) reasons.push('every component is at its recommended parallelism');
    return { ...decided, action: waiting ? 'stabilizing' : 'hold', reasons };
  }
  if (input.inFlight) {
    return {
      ...decided,
      action: 'in_flight',
      reasons: [...reasons, 'another change of this topology is running'],
    };
  }
  const cooldownMs = settings.cooldownSec * 1000;
  if (input.lastChangeAtMs !== null && nowMs - input.lastChangeAtMs < cooldownMs) {
    const cooldownUntilMs = input.lastChangeAtMs + cooldownMs;
    return {
      ...decided,
      action: 'cooldown',
      cooldownUntilMs,
      reasons: [
        ...reasons,
        `cooldown: the last change started ${fmt((nowMs - input.lastChangeAtMs) / 1000)} s ago (${settings.cooldownSec} s)`,
      ],
    };
  }
  return { ...decided, action: 'scale', reasons };
}

/**
 * Whether a component's recommendations cover `[now − window, now]` and their maximum. Each sample holds for
 * `sampleValiditySec` after it was taken; the window is observed when the sample in force at its start
 * exists and is still valid there, and no later sample comes after the previous one's validity ran out.
 */
export function stabilizationWindow(
  samples: readonly RecommendationSample[],
  component: string,
  nowMs: number,
  settings: Pick<ScalingSettings, 'scaleDownStabilizationSec' | 'sampleValiditySec'>,
): { observed: boolean; max: number; observedSec: number } {
  const startMs = nowMs - settings.scaleDownStabilizationSec * 1000;
  const validityMs = settings.sampleValiditySec * 1000;
  const points = samples
    .filter((s) => s.atMs <= nowMs && s.recommended[component] !== undefined)
    .map((s) => ({ atMs: s.atMs, value: s.recommended[component] as number }))
    .sort((a, b) => a.atMs - b.atMs);
  const atStart = points.filter((p) => p.atMs <= startMs).at(-1);
  const inside = points.filter((p) => p.atMs > startMs);
  const considered = atStart ? [atStart, ...inside] : inside;
  const max = Math.max(...considered.map((p) => p.value));

  // How far back the unbroken run of samples ending now reaches.
  let earliestMs = nowMs;
  for (let i = points.length - 1; i >= 0; i -= 1) {
    const p = points[i] as { atMs: number };
    if (p.atMs + validityMs < earliestMs) break;
    earliestMs = p.atMs;
    if (earliestMs <= startMs) break;
  }
  const observed = settings.scaleDownStabilizationSec === 0 || earliestMs <= startMs;
  return { observed, max, observedSec: Math.round((nowMs - earliestMs) / 1000) };
}

const fmt = (x: number): string => String(Math.round(x * 1000) / 1000);

/**
 * What the scaling planners read: a topology at component level, DSPS-neutral — each component's
 * parallelism, per-instance cost and routing, and the traffic it must sustain. Built from a measured
 * {@link TopologyNetwork} by `scalingProblemOf`, or by hand. Every quantity carries its unit in its name.
 */
import type { Resources } from '../../topology/resources.js';
import type { ComponentKind, Grouping } from '../../topology/topology-structure.js';
import { MAX_KEY_GROUPS, MAX_RECOMMENDED_PARALLELISM } from './parallelism-limits.js';

/** A stream a component consumes, with today's per-instance split of it. */
export interface ScalingInput {
  /** The upstream component emitting the stream. */
  component: string;
  stream: string;
  grouping: Grouping;
  /**
   * Today's share of the stream each current instance receives (instances sorted by task id), ≥ 0; they
   * need not sum to 1. Read only for key-based groupings (FIELDS, DIRECT, CUSTOM), whose measured skew
   * is kept when the parallelism changes (see `redistributeLoad`); empty or all zero means an even split.
   */
  measuredShares: number[];
}

/** Bounds on a component's parallelism (the problem's own, overridden field by field by the settings). */
export interface ComponentConstraints {
  /**
   * Fewest instances, an integer in [1, 10 000] (MAX_RECOMMENDED_PARALLELISM: a hard bound, refused
   * rather than capped above it). @defaultValue 1
   */
  min?: number;
  /** Most instances, an integer ≥ 1. @defaultValue unbounded */
  max?: number;
  /**
   * Number of key groups of a key-grouped (FIELDS) component — Flink's `maxParallelism`, an integer in
   * [1, 32 768] (Flink's upper bound): the parallelism is rounded up to a divisor of it so every instance
   * owns as many key groups (unless that divisor exceeds `max`), and never exceeds it. Not applied to
   * components without a FIELDS input. @defaultValue none (no alignment)
   */
  maxParallelism?: number;
  /**
   * Align to `maxParallelism` whatever the grouping. Storm sets it with `maxParallelism` = the component's
   * fixed task count: its groupings pick a task, so executors of unequal task ranges get unequal loads even
   * under shuffle, and a divisor of the task count gives every executor as many tasks. @defaultValue false
   */
  alignAnyGrouping?: boolean;
}

export interface ScalingComponent {
  kind: ComponentKind;
  /** Instances today, an integer ≥ 1. */
  parallelism: number;
  /**
   * Mean time an instance is busy per tuple, ms ≥ 0: the execute latency of a bolt (required for bolts);
   * for a spout the time per emitted source event, when known (only read with `scaleSpouts`). Its
   * inverse, 1000 / S tuples/s, is the instance's true service rate (DS2's "true processing rate").
   */
  serviceTimeMeanMs?: number;
  /** c² of the service time, Var(S)/S², when measured; passed on to the rebuilt network. */
  serviceTimeScv?: number;
  /** Spouts: c² of the inter-emission times, when measured; passed on to the rebuilt network. */
  arrivalScv?: number;
  /**
   * Tuples emitted on each output stream per executed tuple (spouts: per source event), ≥ 0. Every stream
   * a downstream input reads must be listed.
   */
  outputRatios: Record<string, number>;
  /** Streams consumed; empty for spouts. */
  inputs: ScalingInput[];
  /** Measured CPU per executed tuple, core·s/tuple; passed on to the rebuilt network. */
  cpuCoreSecPerTuple?: number;
  /** What one instance asks of its container; the packing settings' default when absent. */
  resourcesPerInstance?: Resources;
  /** Tuples waiting in the component's queues now (Heron: pending tuples), ≥ 0; read by `backlog` and `formula`. */
  backlogTuples?: number;
  /**
   * Instances already requested but not yet running (on top of `parallelism`), an integer ≥ 0; the `backlog`
   * planner counts them as capacity so it does not request them twice. @defaultValue 0
   */
  startingInstances?: number;
  constraints?: ComponentConstraints;
}

export interface ScalingProblem {
  /** Components by name. */
  components: Record<string, ScalingComponent>;
  /**
   * The traffic to sustain: source events per second of each spout component, all its instances together,
   * ≥ 0. Every spout must be listed.
   */
  spoutRatesPerSec: Record<string, number>;
}

const isNonNegative = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isCount = (x: unknown, least: number): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= least;

/**
 * Checks a scaling problem: positive integer parallelisms, finite non-negative numbers, a service time for
 * every bolt, a rate for every spout, inputs from known components on streams they emit, spouts without
 * inputs, finite non-negative instance resources, and integer bounds (min ≤ 10 000, key groups ≤ 32 768).
 *
 * @returns one message per problem, naming the field; empty when the problem is valid
 * @example validateScalingProblem({ components: { b: { kind: 'bolt', parallelism: 0, outputRatios: {}, inputs: [] } }, spoutRatesPerSec: {} })
 *   // ['components.b.parallelism: must be an integer ≥ 1', 'components.b.serviceTimeMeanMs: a bolt needs a finite number ≥ 0']
 */
export function validateScalingProblem(problem: ScalingProblem): string[] {
  const problems: string[] = [];
  const components = problem.components ?? {};
  for (const [name, c] of Object.entries(components)) {
    const at = `components.${name}`;
    if (c.kind !== 'spout' && c.kind !== 'bolt') problems.push(`${at}.kind: must be "spout" or "bolt"`);
    if (!isCount(c.parallelism, 1)) problems.push(`${at}.parallelism: must be an integer ≥ 1`);
    if (c.kind === 'bolt' && !isNonNegative(c.serviceTimeMeanMs))
      problems.push(`${at}.serviceTimeMeanMs: a bolt needs a finite number ≥ 0`);
    for (const field of [
      'serviceTimeMeanMs',
      'serviceTimeScv',
      'arrivalScv',
      'cpuCoreSecPerTuple',
      'backlogTuples',
    ] as const) {
      if (field === 'serviceTimeMeanMs' && c.kind === 'bolt') continue;
      if (c[field] !== undefined && !isNonNegative(c[field]))
        problems.push(`${at}.${field}: must be a finite number ≥ 0`);
    }
    if (c.startingInstances !== undefined && !isCount(c.startingInstances, 0))
      problems.push(`${at}.startingInstances: must be an integer ≥ 0`);
    for (const [stream, ratio] of Object.entries(c.outputRatios ?? {})) {
      if (!isNonNegative(ratio)) problems.push(`${at}.outputRatios.${stream}: must be a finite number ≥ 0`);
    }
    // A min above augur's cap would be silently broken, and a huge key-group count means a long search.
    const most: Record<'min' | 'max' | 'maxParallelism', [number, string] | undefined> = {
      min: [MAX_RECOMMENDED_PARALLELISM, 'augur never recommends more instances of one component'],
      max: undefined,
      maxParallelism: [MAX_KEY_GROUPS, "Flink's upper bound of key groups"],
    };
    for (const field of ['min', 'max', 'maxParallelism'] as const) {
      const value = c.constraints?.[field];
      const limit = most[field];
      if (value === undefined) continue;
      if (!isCount(value, 1)) problems.push(`${at}.constraints.${field}: must be an integer ≥ 1`);
      else if (limit && value > limit[0])
        problems.push(`${at}.constraints.${field}: must be at most ${limit[0]} (${limit[1]}), got ${value}`);
    }
    const resources = c.resourcesPerInstance;
    if (resources !== undefined) {
      for (const field of ['cpuCores', 'ramBytes', 'diskBytes'] as const) {
        if (!isNonNegative(resources?.[field]))
          problems.push(`${at}.resourcesPerInstance.${field}: must be a finite number ≥ 0`);
      }
    }
    const inputs = c.inputs ?? [];
    if (c.kind === 'spout' && inputs.length > 0) problems.push(`${at}.inputs: a spout has no inputs`);
    if (c.kind === 'spout' && !isNonNegative(problem.spoutRatesPerSec?.[name]))
      problems.push(`spoutRatesPerSec.${name}: a spout needs a finite number ≥ 0`);
    inputs.forEach((input, i) => {
      const where = `${at}.inputs[${i}]`;
      const upstream = components[input.component];
      if (!upstream) problems.push(`${where}.component: unknown component "${input.component}"`);
      else if (!Object.hasOwn(upstream.outputRatios ?? {}, input.stream))
        problems.push(
          `${where}.stream: "${input.component}" has no output ratio for stream "${input.stream}"`,
        );
      if (!Array.isArray(input.measuredShares) || !input.measuredShares.every(isNonNegative))
        problems.push(`${where}.measuredShares: must be a list of finite numbers ≥ 0`);
    });
  }
  for (const name of Object.keys(problem.spoutRatesPerSec ?? {})) {
    if (components[name]?.kind !== 'spout') problems.push(`spoutRatesPerSec.${name}: not a spout component`);
  }
  return problems;
}

import type { Grouping } from '../../topology/topology-structure.js';
import {
  compareText,
  type InstanceNode,
  instancesByComponent,
  type PlanGraph,
  type StreamEdge,
} from './plan-graph.js';
import { redistributeLoad } from './redistribute-load.js';

/**
 * Tuples each instance executed, by where they came from, over one window:
 * instance id → `<source component>/<stream>` → count.
 */
export type ExecuteCounts = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** How a stream's routing probabilities were found. */
export type RoutingBasis =
  /** From the grouping and the task ranges alone: shuffle and none, all, lowest. */
  | 'grouping'
  /** From measured per-instance execute counts (fields, direct, custom). */
  | 'measured'
  /** Fields, direct or custom without measurements: spread like shuffle. */
  | 'assumed-uniform';

/** One stream's routing onto the consumer's instances. */
export interface RoutedStream extends StreamEdge {
  /** The consumer's instances in this plan, in task order. */
  targets: InstanceNode[];
  /**
   * The probability that a tuple of the stream, from any sender, reaches each target, in `targets` order
   * (in [0, 1]; ALL gives 1 to every target). Senders split alike: a grouping's choice does not depend on
   * which instance emitted the tuple.
   */
  probabilities: number[];
  basis: RoutingBasis;
}

/** One of today's instances: its task range, for re-grouping measured shares onto a proposed plan. */
export interface TodayInstance extends TaskRange {
  instanceId: string;
}

export interface RoutingInput {
  /** What today's instances executed, for key-based groupings. */
  executeCounts?: ExecuteCounts;
  /**
   * For a proposed plan: today's instances of each component, in task order, whose measured shares are
   * carried onto the plan's instances. Absent: the graph is today's plan.
   */
  today?: Readonly<Record<string, readonly TodayInstance[]>>;
}

/**
 * The routing of every stream of a plan graph — the one implementation of augur's routing rules
 * ({@link taskShares}), which the queueing model, the scaling advice and the graph aspect all read. O(streams
 * × consumer instances): a probability per (stream, target), not per instance pair.
 */
export function routeStreams(
  graph: Pick<PlanGraph, 'streams' | 'instances'>,
  input: RoutingInput = {},
): RoutedStream[] {
  const byComponent = instancesByComponent(graph);
  return graph.streams.map((stream): RoutedStream => {
    const targets = byComponent.get(stream.target) ?? [];
    const key = `${stream.source}/${stream.stream}`;
    const todayOf = input.today ? (input.today[stream.target] ?? []) : targets;
    const share = (id: string) => {
      const count = input.executeCounts?.[id]?.[key];
      return typeof count === 'number' && Number.isFinite(count) && count > 0 ? count : 0;
    };
    const today = todayOf.map((t) => ({
      taskId: t.taskId,
      ...(t.lastTaskId !== undefined ? { lastTaskId: t.lastTaskId } : {}),
      share: share(t.instanceId),
    }));
    const keyed = KEY_BASED.has(stream.grouping);
    const measured = keyed && today.some((t) => t.share > 0);
    const probabilities =
      targets.length === 0
        ? []
        : input.today && today.length > 0
          ? taskShares({ grouping: stream.grouping, today, targets })
          : taskShares({
              grouping: stream.grouping,
              today: input.today ? targets.map((t) => ({ ...rangeFields(t), share: 0 })) : today,
            });
    return {
      ...stream,
      targets,
      probabilities,
      basis: !keyed ? 'grouping' : measured ? 'measured' : 'assumed-uniform',
    };
  });
}

const KEY_BASED: ReadonlySet<Grouping> = new Set<Grouping>(['FIELDS', 'DIRECT', 'CUSTOM']);

function rangeFields(t: TaskRange): TaskRange {
  return { taskId: t.taskId, ...(t.lastTaskId !== undefined ? { lastTaskId: t.lastTaskId } : {}) };
}

/** Routed streams sorted by key, each target with its probability: a stable form to compare or show. */
export function routingTable(routed: readonly RoutedStream[]) {
  return [...routed]
    .sort((a, b) => compareText(`${a.source}/${a.stream}/${a.target}`, `${b.source}/${b.stream}/${b.target}`))
    .map((r) => ({
      source: r.source,
      stream: r.stream,
      target: r.target,
      grouping: r.grouping,
      basis: r.basis,
      probabilities: Object.fromEntries(r.targets.map((t, j) => [t.instanceId, r.probabilities[j] ?? 0])),
    }));
}

/**
 * The tasks an executor runs: `taskId..lastTaskId`, inclusive. A Storm executor carries `lastTaskId` (augur's
 * Storm adapters set it even for a one-task executor); a Heron instance does not, and is one task.
 */
export interface TaskRange {
  /** First task id, an integer. */
  taskId: number;
  /** Last task id, an integer ≥ `taskId`; absent means `taskId` (one task). */
  lastTaskId?: number;
}

/** One of today's executors with the share of a stream it executed over the measurement window. */
export interface MeasuredTaskRange extends TaskRange {
  /** Tuples of the stream it executed, or any measure proportional to them; finite, ≥ 0. */
  share: number;
}

export interface TaskSharesOptions {
  grouping: Grouping;
  /** Today's executors of the consuming component, each with its measured share of the stream. */
  today: readonly MeasuredTaskRange[];
  /** The executors to route to (a proposed plan's); absent means today's own. */
  targets?: readonly TaskRange[];
}

/**
 * Routing probabilities of one stream onto a consuming component's executors, in `targets` order: the
 * probability that a tuple of the stream reaches each executor (the edge probabilities of a network).
 *
 * Storm groupings pick a task, not an executor, and a topology's tasks are fixed for its life (a rebalance
 * regroups them into executors), so an executor receives the traffic of the tasks it runs:
 *
 * - SHUFFLE, NONE: every task alike, so executor j gets kⱼ / Σ k (kⱼ its number of tasks);
 * - FIELDS, DIRECT, CUSTOM (key-based, or known only to the topology's code): the measured per-task shares —
 *   today's executor i's normalised share sᵢ / Σ s split evenly over its kᵢ tasks (the Storm UI reports no
 *   finer split) — summed over the target's tasks: pⱼ = Σ_{t ∈ j} s_{i(t)} / (kᵢ₍ₜ₎ · Σ s). A key stays on
 *   its task, so the skew survives any regrouping. All shares zero (nothing measured) is read as SHUFFLE;
 * - ALL: 1 for every executor (the network carries at most one copy per edge, though Storm delivers one to
 *   each of the executor's tasks);
 * - LOWEST: 1 to the executor running the lowest task, 0 to the others.
 *
 * Heron instances (none of `today` carries `lastTaskId`) are one task each, so with `targets` absent the
 * rules above give 1/n, 1, [1, 0, …] and sᵢ / Σ s, today's current-plan probabilities, to the last bit. But a
 * Heron re-pack renumbers tasks, so a proposed Heron plan's task ids say nothing about its keys: with
 * `targets` given, Heron shares are re-spread as before, by `redistributeLoad(shares, targets.length,
 * grouping)`.
 *
 * References: Apache Storm documentation, "Concepts" — a stream grouping partitions a stream among a bolt's
 * tasks (https://storm.apache.org/releases/current/Concepts.html); "Understanding the Parallelism of a Storm
 * Topology" — an executor runs one or more tasks of one component, and a component's number of tasks stays
 * the same for the topology's life while its executors change
 * (https://storm.apache.org/releases/current/Understanding-the-parallelism-of-a-Storm-topology.html).
 *
 * @param options.grouping the stream's grouping
 * @param options.today today's executors, non-overlapping, each with its share ≥ 0 (any unit: normalised
 *   here; read only for FIELDS, DIRECT and CUSTOM)
 * @param options.targets the executors to route to; for Storm they must run only tasks some executor of
 *   `today` runs (a Storm assignment runs the topology's tasks, no others). Absent: today's executors
 * @returns one probability in [0, 1] per target executor, in `targets` order (`today`'s when absent)
 * @throws RangeError for a malformed range (not integers, or starting after it ends), executors of `today`
 *   sharing a task, a share read that is negative or not finite, or a Storm target running a task none of
 *   today's executors runs; for a proposed Heron plan, whatever `redistributeLoad` throws
 * @example
 * // today's tasks 1–4 as [1-2], [3-3], [4-4] executing 500, 250, 250 tuples: 0.25 per task
 * taskShares({ grouping: 'FIELDS', today: [{ taskId: 1, lastTaskId: 2, share: 500 },
 *   { taskId: 3, lastTaskId: 3, share: 250 }, { taskId: 4, lastTaskId: 4, share: 250 }],
 *   targets: [{ taskId: 1, lastTaskId: 1 }, { taskId: 2, lastTaskId: 4 }] }) // [0.25, 0.75]
 * // shuffle by task count, the same targets: [1/4, 3/4]
 */
export function taskShares(options: TaskSharesOptions): number[] {
  const { grouping, today, targets } = options;
  const heron = today.every((e) => e.lastTaskId === undefined);
  if (heron && targets !== undefined)
    return redistributeLoad(
      today.map((e) => e.share),
      targets.length,
      grouping,
    );

  const from = today.map((e, i) => rangeOf(e, `today[${i}]`));
  assertDisjoint(from);
  const to = targets === undefined ? from : targets.map((e, j) => rangeOf(e, `targets[${j}]`));
  const byTaskCount = (): number[] => {
    const tasks = to.reduce((sum, r) => sum + r.tasks, 0);
    return to.map((r) => r.tasks / tasks);
  };
  switch (grouping) {
    case 'SHUFFLE':
    case 'NONE':
      return byTaskCount();
    case 'ALL':
      return to.map(() => 1);
    case 'LOWEST': {
      const lowest = to.reduce((best, r, j) => (r.first < (to[best] as Range).first ? j : best), 0);
      return to.map((_, j) => (j === lowest ? 1 : 0));
    }
    case 'FIELDS':
    case 'DIRECT':
    case 'CUSTOM': {
      const shares = today.map((e, i) => {
        if (!(Number.isFinite(e.share) && e.share >= 0))
          throw new RangeError(`today[${i}].share must be a finite number ≥ 0, got ${e.share}`);
        return e.share;
      });
      const total = shares.reduce((a, b) => a + b, 0);
      if (!(total > 0)) return byTaskCount();
      const perTask = from.map((r, i) => (shares[i] as number) / total / r.tasks);
      return to.map((target, j) => {
        let sum = 0;
        let covered = 0;
        from.forEach((r, i) => {
          const overlap = Math.min(target.last, r.last) - Math.max(target.first, r.first) + 1;
          if (overlap <= 0) return;
          sum += overlap * (perTask[i] as number);
          covered += overlap;
        });
        if (covered !== target.tasks) {
          throw new RangeError(
            `targets[${j}] runs tasks ${target.first}-${target.last}, not all of which today's executors run`,
          );
        }
        return sum;
      });
    }
  }
}

interface Range {
  first: number;
  last: number;
  tasks: number;
}

function rangeOf(e: TaskRange, field: string): Range {
  const last = e.lastTaskId ?? e.taskId;
  if (!(Number.isInteger(e.taskId) && Number.isInteger(last) && e.taskId <= last)) {
    throw new RangeError(`${field}: task range ${e.taskId}-${last} must be integers, first ≤ last`);
  }
  return { first: e.taskId, last, tasks: last - e.taskId + 1 };
}

function assertDisjoint(ranges: readonly Range[]): void {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  for (let k = 1; k < sorted.length; k++) {
    const [a, b] = [sorted[k - 1] as Range, sorted[k] as Range];
    if (b.first <= a.last)
      throw new RangeError(`today's executors ${a.first}-${a.last} and ${b.first}-${b.last} share tasks`);
  }
}

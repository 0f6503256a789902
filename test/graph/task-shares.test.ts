import { describe, expect, it } from 'vitest';
import { redistributeLoad } from '../../src/graph/analysis/redistribute-load.js';
import {
  type MeasuredTaskRange,
  type TaskRange,
  taskShares,
} from '../../src/graph/analysis/routing-probabilities.js';
import type { Grouping } from '../../src/topology/topology-structure.js';
import { mulberry32 } from '../models/topology/simulator/seeded-random.js';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Storm executors `[first, last]` → task ranges (always with `lastTaskId`, as augur's Storm adapters give). */
const storm = (...ranges: Array<[number, number]>): TaskRange[] =>
  ranges.map(([taskId, lastTaskId]) => ({ taskId, lastTaskId }));
const measured = (ranges: TaskRange[], shares: number[]): MeasuredTaskRange[] =>
  ranges.map((r, i) => ({ ...r, share: shares[i] as number }));

/** The example's count bolt: one task per executor, fields shares 28 %, 26 %, 24.5 %, 21.5 % (of 963 240). */
const COUNT_TODAY = measured(storm([11, 11], [12, 12], [13, 13], [14, 14]), [269220, 250700, 236200, 207120]);
const COUNT_TOTAL = 963240;

describe('taskShares on Storm executors (tasks fixed, executors regrouped)', () => {
  it.each([
    // [what, grouping, today, targets, expected]
    [
      'shuffle over [11-12],[13-13],[14-14]: by task count',
      'SHUFFLE',
      COUNT_TODAY,
      storm([11, 12], [13, 13], [14, 14]),
      [0.5, 0.25, 0.25],
    ],
    [
      'shuffle over [5-7],[8-10]: 3 : 3',
      'SHUFFLE',
      measured(storm([5, 10]), [1]),
      storm([5, 7], [8, 10]),
      [0.5, 0.5],
    ],
    [
      'shuffle over [5-8],[9-10]: 4 : 2',
      'SHUFFLE',
      measured(storm([5, 6], [7, 8], [9, 10]), [1, 1, 1]),
      storm([5, 8], [9, 10]),
      [4 / 6, 2 / 6],
    ],
    [
      'none is shuffle',
      'NONE',
      measured(storm([1, 2], [3, 3]), [0, 0]),
      storm([1, 1], [2, 3]),
      [1 / 3, 2 / 3],
    ],
    [
      'fields, merged [11-12]: the sum of tasks 11 and 12',
      'FIELDS',
      COUNT_TODAY,
      storm([11, 12], [13, 13], [14, 14]),
      [(269220 + 250700) / COUNT_TOTAL, 236200 / COUNT_TOTAL, 207120 / COUNT_TOTAL],
    ],
    [
      'fields, the TSDoc example: [1-2] split evenly over its tasks',
      'FIELDS',
      measured(storm([1, 2], [3, 3], [4, 4]), [500, 250, 250]),
      storm([1, 1], [2, 4]),
      [0.25, 0.75],
    ],
    [
      'fields, split [11-14] into one-task executors: even within the measured executor',
      'FIELDS',
      measured(storm([11, 12], [13, 14]), [600, 200]),
      storm([11, 11], [12, 12], [13, 13], [14, 14]),
      [0.375, 0.375, 0.125, 0.125],
    ],
    [
      'custom is key-based like fields',
      'CUSTOM',
      measured(storm([1, 2], [3, 3], [4, 4]), [500, 250, 250]),
      storm([1, 1], [2, 4]),
      [0.25, 0.75],
    ],
    [
      'direct is key-based like fields',
      'DIRECT',
      measured(storm([1, 2], [3, 3], [4, 4]), [500, 250, 250]),
      storm([1, 1], [2, 4]),
      [0.25, 0.75],
    ],
    [
      'fields with nothing measured: by task count',
      'FIELDS',
      measured(storm([1, 1], [2, 2], [3, 3]), [0, 0, 0]),
      storm([1, 2], [3, 3]),
      [2 / 3, 1 / 3],
    ],
    ['all: every executor, once', 'ALL', COUNT_TODAY, storm([11, 12], [13, 14]), [1, 1]],
    [
      'lowest: the executor running the lowest task, wherever it is listed',
      'LOWEST',
      COUNT_TODAY,
      storm([13, 14], [11, 12]),
      [0, 1],
    ],
  ] as Array<[string, Grouping, MeasuredTaskRange[], TaskRange[], number[]]>)(
    '%s',
    (_what, grouping, today, targets, expected) => {
      const shares = taskShares({ grouping, today, targets });
      expect(shares).toHaveLength(expected.length);
      // sums of a few doubles: equal to the last few bits
      shares.forEach((s, j) => {
        expect(s).toBeCloseTo(expected[j] as number, 14);
      });
    },
  );

  it.each([
    // [what, grouping, today, expected]: targets absent, the running executors
    [
      'shuffle over today’s [5-8],[9-9],[10-10]',
      'SHUFFLE',
      storm([5, 8], [9, 9], [10, 10]),
      [1, 1, 1],
      [4 / 6, 1 / 6, 1 / 6],
    ],
    ['fields: the measured shares', 'FIELDS', storm([5, 8], [9, 9], [10, 10]), [6, 3, 1], [0.6, 0.3, 0.1]],
    ['lowest', 'LOWEST', storm([5, 8], [9, 9], [10, 10]), [6, 3, 1], [1, 0, 0]],
  ] as Array<[string, Grouping, TaskRange[], number[], number[]]>)(
    'today’s own executors: %s',
    (_what, grouping, ranges, shares, expected) => {
      expect(taskShares({ grouping, today: measured(ranges, shares) })).toEqual(
        expected.map((p) => expect.closeTo(p, 14)),
      );
    },
  );

  it('keeps a hot key on the executor of its task at any regrouping', () => {
    // task 13 carries 70 % (one hot key); 10 % on each other task
    const today = measured(storm([11, 11], [12, 12], [13, 13], [14, 14]), [10, 10, 70, 10]);
    for (const targets of [
      storm([11, 14]),
      storm([11, 12], [13, 14]),
      storm([11, 13], [14, 14]),
      storm([11, 11], [12, 14]),
    ]) {
      const shares = taskShares({ grouping: 'FIELDS', today, targets });
      const hot = targets.findIndex((t) => t.taskId <= 13 && 13 <= (t.lastTaskId as number));
      expect(shares[hot]).toBeGreaterThanOrEqual(0.7 - 1e-12);
      expect(sum(shares)).toBeCloseTo(1, 12);
    }
  });

  describe('properties over 500 seeded random regroupings', () => {
    const uniform = mulberry32(20261103);
    /** Cuts tasks first..last into contiguous executors at random. */
    const cut = (first: number, last: number): TaskRange[] => {
      const out: TaskRange[] = [];
      let start = first;
      for (let t = first; t <= last; t++) {
        if (t === last || uniform() < 0.4) {
          out.push({ taskId: start, lastTaskId: t });
          start = t + 1;
        }
      }
      return out;
    };
    const cases = Array.from({ length: 500 }, () => {
      const first = 1 + Math.floor(uniform() * 20);
      const last = first + Math.floor(uniform() * 12);
      const from = cut(first, last);
      return {
        today: measured(
          from,
          from.map(() => (uniform() < 0.15 ? 0 : Math.round(uniform() * 1000))),
        ),
        targets: cut(first, last),
        tasks: last - first + 1,
      };
    });
    const tasksOf = (r: TaskRange) => (r.lastTaskId as number) - r.taskId + 1;

    it('shares sum to 1, shuffle is tasks ÷ all tasks', () => {
      for (const { today, targets, tasks } of cases) {
        expect(sum(taskShares({ grouping: 'FIELDS', today, targets }))).toBeCloseTo(1, 12);
        expect(taskShares({ grouping: 'SHUFFLE', today, targets })).toEqual(
          targets.map((t) => tasksOf(t) / tasks),
        );
      }
    });

    it('a fields share is additive over tasks: an executor gets the sum of its one-task shares', () => {
      for (const { today, targets } of cases) {
        const singles = targets.flatMap((t) =>
          Array.from({ length: tasksOf(t) }, (_, k) => ({ taskId: t.taskId + k, lastTaskId: t.taskId + k })),
        );
        const perTask = taskShares({ grouping: 'FIELDS', today, targets: singles });
        const summed = targets.map((t) => {
          const at = singles.findIndex((s) => s.taskId === t.taskId);
          return sum(perTask.slice(at, at + tasksOf(t)));
        });
        taskShares({ grouping: 'FIELDS', today, targets }).forEach((s, j) => {
          expect(s).toBeCloseTo(summed[j] as number, 12);
        });
      }
    });

    it('regrouping into today’s executors gives today’s measured shares', () => {
      for (const { today } of cases) {
        const targets = today.map(({ taskId, lastTaskId }) => ({ taskId, lastTaskId }));
        expect(taskShares({ grouping: 'FIELDS', today, targets })).toEqual(
          taskShares({ grouping: 'FIELDS', today }),
        );
      }
    });
  });

  it.each([
    [
      'a target task no executor runs today',
      COUNT_TODAY,
      storm([11, 12], [13, 15]),
      /targets\[1\] runs tasks 13-15/,
    ],
    [
      'executors of today sharing a task',
      measured(storm([1, 2], [2, 3]), [1, 1]),
      storm([1, 3]),
      /today's executors 1-2 and 2-3 share tasks/,
    ],
    [
      'a range starting after it ends',
      COUNT_TODAY,
      storm([12, 11], [13, 14]),
      /targets\[0\]: task range 12-11/,
    ],
    ['a negative share', measured(storm([1, 1], [2, 2]), [-1, 2]), storm([1, 2]), /today\[0\]\.share/],
    [
      'a share that is not a number',
      measured(storm([1, 1], [2, 2]), [Number.NaN, 2]),
      storm([1, 2]),
      /today\[0\]\.share/,
    ],
  ] as Array<[string, MeasuredTaskRange[], TaskRange[], RegExp]>)(
    'throws RangeError for %s',
    (_what, today, targets, message) => {
      expect(() => taskShares({ grouping: 'FIELDS', today, targets })).toThrow(RangeError);
      expect(() => taskShares({ grouping: 'FIELDS', today, targets })).toThrow(message);
    },
  );
});

/**
 * The current plan's rule load-topology-network.ts applied before Storm task ranges (removed there when it
 * moved into taskShares), kept as the reference Heron's answers must match to the last bit.
 */
function currentProbabilitiesBefore(shares: number[], grouping: Grouping): number[] {
  const n = Math.max(shares.length, 1);
  switch (grouping) {
    case 'SHUFFLE':
    case 'NONE':
      return shares.map(() => 1 / n);
    case 'ALL':
      return shares.map(() => 1);
    case 'LOWEST':
      return shares.map((_, i) => (i === 0 ? 1 : 0));
    default: {
      const total = shares.reduce((a, b) => a + b, 0);
      return total > 0 ? shares.map((s) => s / total) : shares.map(() => 1 / n);
    }
  }
}

describe('taskShares on Heron instances (no task ranges): the answers augur gave before', () => {
  const GROUPINGS: Grouping[] = ['SHUFFLE', 'NONE', 'ALL', 'LOWEST', 'FIELDS', 'DIRECT', 'CUSTOM'];
  const uniform = mulberry32(20240601);
  /** Heron instances sorted by task id (as the handler lists them), with seeded shares, some all zero. */
  const cases = Array.from({ length: 300 }, () => {
    const m = 1 + Math.floor(uniform() * 10);
    const zero = uniform() < 0.1;
    const firstTask = 1 + Math.floor(uniform() * 30);
    return {
      today: Array.from({ length: m }, (_, i) => ({
        taskId: firstTask + 2 * i,
        share: zero ? 0 : Math.round(uniform() * 5000) * (uniform() < 0.2 ? 7 : 1),
      })),
      n: 1 + Math.floor(uniform() * 12),
    };
  });

  it.each(GROUPINGS)('%s, running plan: bit for bit the old current-plan probabilities', (grouping) => {
    for (const { today } of cases) {
      expect(taskShares({ grouping, today })).toEqual(
        currentProbabilitiesBefore(
          today.map((i) => i.share),
          grouping,
        ),
      );
    }
  });

  it.each(GROUPINGS)('%s, proposed plan: bit for bit redistributeLoad', (grouping) => {
    for (const { today, n } of cases) {
      // a Heron re-pack renumbers tasks: new ids, possibly none of today's
      const targets = Array.from({ length: n }, (_, j) => ({ taskId: 100 + j }));
      expect(taskShares({ grouping, today, targets })).toEqual(
        redistributeLoad(
          today.map((i) => i.share),
          n,
          grouping,
        ),
      );
    }
  });

  it('passes redistributeLoad’s own errors through for a proposed Heron plan', () => {
    expect(() => taskShares({ grouping: 'FIELDS', today: [], targets: [{ taskId: 1 }] })).toThrow(RangeError);
    expect(() => taskShares({ grouping: 'SHUFFLE', today: [{ taskId: 1, share: 1 }], targets: [] })).toThrow(
      /newParallelism/,
    );
  });
});

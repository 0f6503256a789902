import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { type PackingOptions, packContainers } from '../../../src/models/scaling/pack-containers.js';
import { planScaling } from '../../../src/models/scaling/plan-scaling.js';
import type { PackingPlan } from '../../../src/topology/packing-plan.js';
import type { Resources } from '../../../src/topology/resources.js';
import { singleBolt } from './scaling-fixtures.js';

const GIB = 1024 ** 3;
const r = (cpuCores: number, ramGiB: number): Resources => ({
  cpuCores,
  ramBytes: ramGiB * GIB,
  diskBytes: 0,
});
const options = (
  strategy: PackingOptions['strategy'],
  cpu: number,
  minContainers?: number,
): PackingOptions => ({
  strategy,
  cpuCoresPerContainer: cpu,
  ramBytesPerContainer: 64 * GIB,
  ...(minContainers !== undefined ? { minContainers } : {}),
});
const layout = (plan: PackingPlan) =>
  plan.containers.map((c) => c.instances.map((i) => `${i.component}:${i.taskId}`));

describe('packing.minContainers: at least that many containers, never more than instances', () => {
  // a: 3 × 1 core, b: 2 × 1 core; 4-core containers → the demand alone needs ⌈5 / 4⌉ = 2.
  const five = {
    a: { parallelism: 3, resourcesPerInstance: r(1, 1) },
    b: { parallelism: 2, resourcesPerInstance: r(1, 1) },
  };

  it.each([
    {
      case: 'round-robin, none: the demand’s 2',
      options: options('round-robin', 4),
      layout: [
        ['a:1', 'a:3', 'b:5'],
        ['a:2', 'b:4'],
      ],
    },
    {
      case: 'round-robin, 1: below the demand, the demand’s 2 win',
      options: options('round-robin', 4, 1),
      layout: [
        ['a:1', 'a:3', 'b:5'],
        ['a:2', 'b:4'],
      ],
    },
    {
      case: 'round-robin, 3: dealt over 3',
      options: options('round-robin', 4, 3),
      layout: [['a:1', 'b:4'], ['a:2', 'b:5'], ['a:3']],
    },
    {
      case: 'round-robin, 9: capped at the 5 instances, none empty',
      options: options('round-robin', 4, 9),
      layout: [['a:1'], ['a:2'], ['a:3'], ['b:4'], ['b:5']],
    },
    {
      case: 'first-fit, none: fills container 1 first',
      options: options('first-fit', 4),
      layout: [['a:1', 'a:2', 'a:3', 'b:4'], ['b:5']],
    },
    {
      case: 'first-fit, 3: the 3 first instances open a container each, the rest fit first',
      options: options('first-fit', 4, 3),
      layout: [['a:1', 'b:4', 'b:5'], ['a:2'], ['a:3']],
    },
    {
      case: 'first-fit, 9: capped at the 5 instances',
      options: options('first-fit', 4, 9),
      layout: [['a:1'], ['a:2'], ['a:3'], ['b:4'], ['b:5']],
    },
  ])('$case', ({ options: o, layout: expected }) => {
    expect(layout(packContainers(five, o))).toEqual(expected);
  });

  it('first-fit seeds the containers with the largest instances (decreasing order)', () => {
    // big: 2 × 3 cores, small: 4 × 1 core, 4-core containers, min 3: big, big, small each open one.
    const plan = packContainers(
      {
        big: { parallelism: 2, resourcesPerInstance: r(3, 2) },
        small: { parallelism: 4, resourcesPerInstance: r(1, 1) },
      },
      options('first-fit', 4, 3),
    );
    expect(layout(plan)).toEqual([
      ['big:1', 'small:4'],
      ['big:2', 'small:5'],
      ['small:3', 'small:6'],
    ]);
  });

  it('round-robin still adds containers beyond minContainers until every one fits', () => {
    // 1 × 3 cores + 3 × 1 core into 3-core containers: 2 by demand, min 3, dealing needs 4.
    const plan = packContainers(
      {
        a: { parallelism: 1, resourcesPerInstance: r(3, 1) },
        b: { parallelism: 3, resourcesPerInstance: r(1, 1) },
      },
      options('round-robin', 3, 3),
    );
    expect(plan.containers).toHaveLength(4);
  });

  it.each(['round-robin', 'first-fit'] as const)('%s: no instances, no containers', (strategy) => {
    expect(
      packContainers({ a: { parallelism: 0, resourcesPerInstance: r(1, 1) } }, options(strategy, 4, 3))
        .containers,
    ).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses minContainers %d, naming packing.minContainers',
    (minContainers) => {
      try {
        packContainers(
          { a: { parallelism: 1, resourcesPerInstance: r(1, 1) } },
          options('round-robin', 4, minContainers),
        );
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).httpStatus).toBe(400);
        expect((err as AppError).details?.field).toBe('packing.minContainers');
      }
    },
  );

  it.each([
    { strategy: 'round-robin' as const, minContainers: undefined, containers: 1 },
    { strategy: 'round-robin' as const, minContainers: 2, containers: 2 },
    { strategy: 'first-fit' as const, minContainers: 3, containers: 3 },
    { strategy: 'first-fit' as const, minContainers: 50, containers: 4 },
  ])(
    'planScaling passes packing.minContainers $minContainers on ($strategy → $containers containers)',
    ({ strategy, minContainers, containers }) => {
      // spout 1 + bolt 3 instances of 1 core fit one 4-core container.
      const packing = { strategy, ...(minContainers !== undefined ? { minContainers } : {}) };
      const advice = planScaling(singleBolt(1000, 2, 1), { packing });
      expect(advice.packing.containers).toBe(containers);
      expect(advice.packing.plan.containers.every((c) => c.instances.length > 0)).toBe(true);
    },
  );
});

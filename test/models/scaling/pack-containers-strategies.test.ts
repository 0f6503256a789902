import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { type PackingOptions, packContainers } from '../../../src/models/scaling/pack-containers.js';
import { planScaling } from '../../../src/models/scaling/plan-scaling.js';
import type { PackingPlan } from '../../../src/topology/packing-plan.js';
import type { Resources } from '../../../src/topology/resources.js';
import { singleBolt } from './scaling-fixtures.js';

const GIB = 1024 ** 3;
const r = (cpuCores: number, ramGiB: number, diskGiB = 0): Resources => ({
  cpuCores,
  ramBytes: ramGiB * GIB,
  diskBytes: diskGiB * GIB,
});
const options = (strategy: PackingOptions['strategy'], cpu: number, ramGiB: number): PackingOptions => ({
  strategy,
  cpuCoresPerContainer: cpu,
  ramBytesPerContainer: ramGiB * GIB,
});
/** Each container as "component:taskId" labels. */
const layout = (plan: PackingPlan) =>
  plan.containers.map((c) => c.instances.map((i) => `${i.component}:${i.taskId}`));

describe('packContainers', () => {
  it('numbers tasks 1…N in component-name order, componentIndex within each component', () => {
    const plan = packContainers(
      {
        b: { parallelism: 2, resourcesPerInstance: r(1, 1) },
        a: { parallelism: 3, resourcesPerInstance: r(1, 1) },
      },
      options('round-robin', 2, 4),
    );
    const all = plan.containers.flatMap((c) => c.instances).sort((x, y) => x.taskId - y.taskId);
    expect(all.map((i) => [i.component, i.taskId, i.componentIndex])).toEqual([
      ['a', 1, 0],
      ['a', 2, 1],
      ['a', 3, 2],
      ['b', 4, 0],
      ['b', 5, 1],
    ]);
    expect(plan.containers.map((c) => c.index)).toEqual([1, 2, 3]);
  });

  it.each([
    {
      case: 'round-robin deals the tasks in turn over ⌈5 cores / 2⌉ = 3 containers',
      strategy: 'round-robin' as const,
      layout: [['a:1', 'b:4'], ['a:2', 'b:5'], ['a:3']],
    },
    {
      case: 'first-fit fills each container before opening the next',
      strategy: 'first-fit' as const,
      layout: [['a:1', 'a:2'], ['a:3', 'b:4'], ['b:5']],
    },
  ])('$case', ({ strategy, layout: expected }) => {
    const plan = packContainers(
      {
        a: { parallelism: 3, resourcesPerInstance: r(1, 1) },
        b: { parallelism: 2, resourcesPerInstance: r(1, 1) },
      },
      options(strategy, 2, 4),
    );
    expect(layout(plan)).toEqual(expected);
    expect(plan.containers[0]?.requiredResources).toEqual(r(2, 2));
  });

  it('first-fit decreasing places the large (RAM) instances first', () => {
    // a: 2 × 3 GiB, b: 4 × 1 GiB into 4 GiB containers: a1 + b, a2 + b, b + b.
    const plan = packContainers(
      {
        a: { parallelism: 2, resourcesPerInstance: r(1, 3) },
        b: { parallelism: 4, resourcesPerInstance: r(1, 1) },
      },
      options('first-fit', 4, 4),
    );
    expect(layout(plan)).toEqual([
      ['a:1', 'b:3'],
      ['a:2', 'b:4'],
      ['b:5', 'b:6'],
    ]);
  });

  it('round-robin adds containers until unequal instances fit: 4 where first-fit needs 2', () => {
    // a: 1 × 3 cores, b: 3 × 1 core, 3 cores a container: ⌈6 / 3⌉ = 2, but dealing puts a + b together.
    const components = {
      a: { parallelism: 1, resourcesPerInstance: r(3, 1) },
      b: { parallelism: 3, resourcesPerInstance: r(1, 1) },
    };
    expect(layout(packContainers(components, options('round-robin', 3, 8)))).toEqual([
      ['a:1'],
      ['b:2'],
      ['b:3'],
      ['b:4'],
    ]);
    expect(layout(packContainers(components, options('first-fit', 3, 8)))).toEqual([
      ['a:1'],
      ['b:2', 'b:3', 'b:4'],
    ]);
  });

  it('counts RAM and disk as well as CPU', () => {
    const components = { a: { parallelism: 4, resourcesPerInstance: r(0.5, 3, 10) } };
    expect(packContainers(components, options('round-robin', 8, 8)).containers).toHaveLength(2); // 12 GiB RAM
    expect(
      packContainers(components, { ...options('first-fit', 8, 64), diskBytesPerContainer: 20 * GIB })
        .containers,
    ).toHaveLength(2); // 40 GiB disk
  });

  it.each([
    {
      case: 'CPU, in cores',
      instance: r(6, 1),
      options: options('first-fit', 4, 4),
      field: 'packing.cpuCoresPerContainer',
      message:
        'Invalid packing.cpuCoresPerContainer: an instance of big needs 6 cores of CPU, more than a whole container offers (packing.cpuCoresPerContainer = 4 cores); raise packing.cpuCoresPerContainer or give the instance less',
    },
    {
      case: 'RAM, in MiB and bytes',
      instance: r(1, 1.5),
      options: options('round-robin', 4, 1),
      field: 'packing.ramBytesPerContainer',
      message:
        'Invalid packing.ramBytesPerContainer: an instance of big needs 1536 MiB (1610612736 bytes) of RAM, more than a whole container offers (packing.ramBytesPerContainer = 1024 MiB (1073741824 bytes)); raise packing.ramBytesPerContainer or give the instance less',
    },
    {
      case: 'disk, in MiB and bytes',
      instance: r(1, 1, 2),
      options: { ...options('round-robin', 4, 4), diskBytesPerContainer: 512 * 1024 ** 2 },
      field: 'packing.diskBytesPerContainer',
      message:
        'Invalid packing.diskBytesPerContainer: an instance of big needs 2048 MiB (2147483648 bytes) of disk, more than a whole container offers (packing.diskBytesPerContainer = 512 MiB (536870912 bytes)); raise packing.diskBytesPerContainer or give the instance less',
    },
  ])(
    'rejects an instance larger than a container: $case, naming the setting',
    ({ instance, options, field, message }) => {
      try {
        packContainers({ big: { parallelism: 1, resourcesPerInstance: instance } }, options);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).httpStatus).toBe(400);
        expect((err as AppError).details?.field).toBe(field);
        expect((err as AppError).message).toBe(message);
      }
    },
  );
});

describe('packing in planScaling', () => {
  it('packs the recommended instances with the default (round-robin, Heron’s instance defaults)', () => {
    // spout 1 + bolt ⌈1000 / (500 × 0.7)⌉ = 3 instances of 1 core, 4 cores a container → 1 container.
    const advice = planScaling(singleBolt(1000, 2, 1));
    expect(advice.packing.strategy).toBe('round-robin');
    expect(advice.packing.containers).toBe(1);
    expect(advice.packing.assumed_resources).toEqual(['bolt', 'spout']);
    expect(layout(advice.packing.plan)).toEqual([['bolt:1', 'bolt:2', 'bolt:3', 'spout:4']]);
  });

  it.each([
    {
      case: 'the default instance (1 GiB) in a 512 MiB container',
      packing: { ramBytesPerContainer: 512 * 1024 ** 2 },
      field: 'packing.ramBytesPerContainer',
      message:
        /needs 1024 MiB \(1073741824 bytes\) of RAM, .*packing\.ramBytesPerContainer = 512 MiB \(536870912 bytes\)/,
    },
    {
      case: 'the default instance (1 core) in a half-core container',
      packing: { cpuCoresPerContainer: 0.5 },
      field: 'packing.cpuCoresPerContainer',
      message: /needs 1 core of CPU, .*packing\.cpuCoresPerContainer = 0\.5 cores/,
    },
  ])('answers 400 for $case, in the setting’s terms', ({ packing, field, message }) => {
    try {
      planScaling(singleBolt(1000, 2, 1), { packing });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).httpStatus).toBe(400);
      expect((err as AppError).details?.field).toBe(field);
      expect((err as AppError).message).toMatch(message);
    }
  });

  it('uses the problem’s instance resources and the packing settings', () => {
    const problem = singleBolt(1000, 2, 1, undefined, { resourcesPerInstance: r(2, 2) });
    const advice = planScaling(problem, { packing: { strategy: 'first-fit', cpuCoresPerContainer: 4 } });
    expect(advice.packing.assumed_resources).toEqual(['spout']);
    expect(layout(advice.packing.plan)).toEqual([
      ['bolt:1', 'bolt:2'],
      ['bolt:3', 'spout:4'],
    ]);
  });
});

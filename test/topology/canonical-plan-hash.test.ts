import { describe, expect, it } from 'vitest';
import { canonicalPlanHash, PLAN_HASH_PATTERN } from '../../src/topology/canonical-plan-hash.js';
import type { PackedContainer, PackedInstance, PackingPlan } from '../../src/topology/packing-plan.js';

/** mulberry32: a small seeded PRNG, so every run checks the same plans and a failure names its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, 0, items.length - 1)] as T;
function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(random, 0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
const clone = (plan: PackingPlan): PackingPlan => structuredClone(plan);

const CPU = [0.25, 0.5, 1, 2];
const RAM = [256, 512, 1024, 2048].map((m) => m * 1024 ** 2);
const DISK = [1, 2, 4].map((g) => g * 1024 ** 3);

/** A random plan: 1–5 components of parallelism 1–6, scattered over 1–8 containers. */
function randomPlan(random: Random): PackingPlan {
  const containerCount = int(random, 1, 8);
  const containers: PackedContainer[] = Array.from({ length: containerCount }, (_, c) => ({
    index: c + 1,
    instances: [],
    requiredResources: {
      cpuCores: pick(random, CPU) * 4,
      ramBytes: pick(random, RAM) * 4,
      diskBytes: pick(random, DISK) * 4,
    },
  }));
  let taskId = 1;
  for (let c = 0; c < int(random, 1, 5); c++) {
    const parallelism = int(random, 1, 6);
    const resources = {
      cpuCores: pick(random, CPU),
      ramBytes: pick(random, RAM),
      diskBytes: pick(random, DISK),
    };
    for (let i = 0; i < parallelism; i++) {
      const instance: PackedInstance = {
        component: `c${c}`,
        taskId: taskId++,
        componentIndex: i,
        resources: { ...resources },
      };
      pick(random, containers).instances.push(instance);
    }
  }
  return { topologyId: 'T', containers };
}

/** Same placement, written differently: containers and instances reordered, containers renumbered. */
function rewritten(random: Random, plan: PackingPlan): PackingPlan {
  const numbers = shuffled(
    random,
    plan.containers.map((_, i) => 100 + i * int(random, 1, 7)),
  );
  return {
    topologyId: plan.topologyId,
    containers: shuffled(random, plan.containers).map((c, i) => ({
      ...structuredClone(c),
      index: numbers[i] as number,
      instances: shuffled(random, structuredClone(c.instances)),
    })),
  };
}

const allInstances = (plan: PackingPlan) => plan.containers.flatMap((c) => c.instances);
const RUNS = 300;

describe('canonicalPlanHash', () => {
  it('is 22 base64url characters, and stable across releases for a fixed plan', () => {
    const plan: PackingPlan = {
      topologyId: 'T',
      containers: [
        {
          index: 1,
          instances: [
            {
              component: 'word',
              taskId: 1,
              componentIndex: 0,
              resources: { cpuCores: 1, ramBytes: 1024, diskBytes: 2048 },
            },
          ],
          requiredResources: { cpuCores: 2, ramBytes: 4096, diskBytes: 8192 },
        },
      ],
    };
    expect(canonicalPlanHash(plan)).toMatch(PLAN_HASH_PATTERN);
    // Pinned: a change here changes the model ids of proposed plans; bump CANONICAL_FORM_VERSION on purpose.
    expect(canonicalPlanHash(plan)).toBe('mEQGtIeX5FxqreefqHXJl7');
  });

  it(`is the same whatever the order of containers and instances and the container numbering (${RUNS} random plans)`, () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const random = prng(seed);
      const plan = randomPlan(random);
      const hash = canonicalPlanHash(plan);
      for (let k = 0; k < 3; k++)
        expect(canonicalPlanHash(rewritten(random, plan)), `seed ${seed}`).toBe(hash);
    }
  });

  it('ignores the topology id and the scheduled resources', () => {
    const plan = randomPlan(prng(7));
    const other = clone(plan);
    other.topologyId = 'T-resubmitted';
    for (const c of other.containers) c.scheduledResources = { cpuCores: 99, ramBytes: 1, diskBytes: 1 };
    expect(canonicalPlanHash(other)).toBe(canonicalPlanHash(plan));
  });

  const mutations: Array<[string, (random: Random, plan: PackingPlan) => PackingPlan | undefined]> = [
    [
      'parallelism: one instance more',
      (random, plan) => {
        const next = clone(plan);
        const taskId = Math.max(...allInstances(next).map((i) => i.taskId)) + 1;
        const like = pick(random, allInstances(next));
        const index = allInstances(next).filter((i) => i.component === like.component).length;
        pick(random, next.containers).instances.push({
          ...structuredClone(like),
          taskId,
          componentIndex: index,
        });
        return next;
      },
    ],
    [
      'parallelism: one instance fewer',
      (random, plan) => {
        const next = clone(plan);
        const holders = next.containers.filter((c) => c.instances.length > 0);
        const container = pick(random, holders);
        container.instances.splice(int(random, 0, container.instances.length - 1), 1);
        return next;
      },
    ],
    [
      'co-location: one instance moved to another container',
      (random, plan) => {
        if (plan.containers.length < 2) return undefined;
        const next = clone(plan);
        const from = pick(
          random,
          next.containers.filter((c) => c.instances.length > 0),
        );
        const to = pick(
          random,
          next.containers.filter((c) => c !== from),
        );
        // {x},{} → {},{x} is the same placement renumbered when the two containers ask alike: no change.
        if (from.instances.length === 1 && to.instances.length === 0) return undefined;
        to.instances.push(...from.instances.splice(int(random, 0, from.instances.length - 1), 1));
        return next;
      },
    ],
    [
      'co-location: two instances of different components swap containers',
      (random, plan) => {
        const next = clone(plan);
        const pairs = next.containers.flatMap((a) =>
          next.containers.flatMap((b) =>
            a === b
              ? []
              : a.instances.flatMap((x) =>
                  b.instances.filter((y) => y.component !== x.component).map((y) => [a, x, b, y] as const),
                ),
          ),
        );
        if (pairs.length === 0) return undefined;
        const [a, x, b, y] = pick(random, pairs);
        a.instances.splice(a.instances.indexOf(x), 1, y);
        b.instances.splice(b.instances.indexOf(y), 1, x);
        return next;
      },
    ],
    [
      'resources: one instance’s cpu, ram or disk',
      (random, plan) => {
        const next = clone(plan);
        const resources = pick(random, allInstances(next)).resources;
        const key = pick(random, ['cpuCores', 'ramBytes', 'diskBytes'] as const);
        resources[key] = resources[key] * 2;
        return next;
      },
    ],
    [
      'resources: one container’s required resources',
      (random, plan) => {
        const next = clone(plan);
        const resources = pick(random, next.containers).requiredResources;
        const key = pick(random, ['cpuCores', 'ramBytes', 'diskBytes'] as const);
        resources[key] = resources[key] + 1;
        return next;
      },
    ],
    [
      'an empty container more',
      (_, plan) => {
        const next = clone(plan);
        next.containers.push({
          index: 999,
          instances: [],
          requiredResources: { cpuCores: 1, ramBytes: 1, diskBytes: 1 },
        });
        return next;
      },
    ],
  ];

  it.each(mutations)(`changes with any real difference — %s (${RUNS} random plans)`, (_, mutate) => {
    let checked = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const random = prng(seed * 31 + 5);
      const plan = randomPlan(random);
      const changed = mutate(random, plan);
      if (!changed) continue;
      checked++;
      expect(canonicalPlanHash(rewritten(random, changed)), `seed ${seed}`).not.toBe(canonicalPlanHash(plan));
    }
    expect(checked).toBeGreaterThan(RUNS / 2);
  });
});

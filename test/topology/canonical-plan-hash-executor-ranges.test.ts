import { describe, expect, it } from 'vitest';
import { canonicalPlanHash } from '../../src/topology/canonical-plan-hash.js';
import type { PackedContainer, PackedInstance, PackingPlan } from '../../src/topology/packing-plan.js';

const NONE = { cpuCores: 0, ramBytes: 0, diskBytes: 0 };
const WORKER = { cpuCores: 1, ramBytes: 768 * 2 ** 20, diskBytes: 0 };

const executor = (component: string, taskId: number, lastTaskId: number, componentIndex: number) =>
  ({ component, taskId, lastTaskId, componentIndex, resources: NONE }) satisfies PackedInstance;

const slot = (index: number, name: string, instances: PackedInstance[]): PackedContainer => ({
  index,
  name,
  instances,
  requiredResources: WORKER,
});

/** Storm-shaped: two worker slots, sentence [1-2] + split [3-4] on one, count [5-5], [6-6] on the other. */
function stormPlan(): PackingPlan {
  return {
    topologyId: 'wc-1-1700000000',
    containers: [
      slot(0, 'supervisor-a:6700', [executor('sentence', 1, 2, 0), executor('split', 3, 4, 0)]),
      slot(1, 'supervisor-b:6700', [executor('count', 5, 5, 0), executor('count', 6, 6, 1)]),
    ],
  };
}

describe('canonicalPlanHash of Storm executor ranges', () => {
  it('changes when an executor is split: [1-2] against [1-1] + [2-2]', () => {
    const plan = stormPlan();
    const split = structuredClone(plan);
    split.containers[0]?.instances.splice(0, 1, executor('sentence', 1, 1, 0), executor('sentence', 2, 2, 1));
    expect(canonicalPlanHash(split)).not.toBe(canonicalPlanHash(plan));
  });

  it('changes when a range ends elsewhere, the start task kept', () => {
    const plan = stormPlan();
    const longer = structuredClone(plan);
    const first = longer.containers[0]?.instances[0];
    if (!first) throw new Error('fixture');
    first.lastTaskId = 3;
    expect(canonicalPlanHash(longer)).not.toBe(canonicalPlanHash(plan));
  });

  it('is the same when worker slots are renamed, their ports permuted and the slots renumbered', () => {
    const plan = stormPlan();
    const renamed: PackingPlan = {
      topologyId: plan.topologyId,
      containers: [
        slot(7, 'node-9:6701', structuredClone(plan.containers[1]?.instances ?? []).reverse()),
        slot(3, 'node-1:6799', structuredClone(plan.containers[0]?.instances ?? []).reverse()),
      ],
    };
    expect(canonicalPlanHash(renamed)).toBe(canonicalPlanHash(plan));
  });

  it('reads a one-task range [n-n] as the task n without a range, as Heron plans write it', () => {
    const plan = stormPlan();
    const bare = structuredClone(plan);
    for (const c of bare.containers)
      for (const i of c.instances) if (i.lastTaskId === i.taskId) delete i.lastTaskId;
    expect(canonicalPlanHash(bare)).toBe(canonicalPlanHash(plan));
  });
});

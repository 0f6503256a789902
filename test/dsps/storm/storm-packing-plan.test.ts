import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeStormAssignment, stormAssignmentOf } from '../../../src/dsps/storm/storm-assignment.js';
import { stormPackingPlan } from '../../../src/dsps/storm/storm-packing-plan.js';
import { StormUiMetricsSource } from '../../../src/metrics/storm-ui-source.js';
import { canonicalPlanHash } from '../../../src/topology/canonical-plan-hash.js';
import type { TopologyRef } from '../../../src/topology/topology-ref.js';
import { type FakeStormUi, SYNTHETIC_WORD_COUNT_ID, startFakeStormUi } from '../../support/fake-storm-ui.js';

const REF: TopologyRef = {
  dsps: 'storm',
  cluster: 'storm',
  environ: 'default',
  topology: 'synthetic-word-count',
};
const MIB = 2 ** 20;

describe('the running Storm topology as a packing plan', () => {
  let ui: FakeStormUi;
  const source = () => new StormUiMetricsSource({ url: ui.url, retries: 0 });
  beforeEach(async () => {
    ui = await startFakeStormUi();
  });
  afterEach(async () => {
    await ui.close();
  });

  it('makes each worker slot a container with its assigned cpu and memory, holding its executors', async () => {
    const plan = await source().getPackingPlan(REF);
    if (!plan) throw new Error('expected a plan');
    expect(plan.topologyId).toBe(SYNTHETIC_WORD_COUNT_ID);
    expect(plan.containers.map((c) => [c.index, c.name])).toEqual([
      [0, 'supervisor-a:6700'],
      [1, 'supervisor-a:6701'],
      [2, 'supervisor-b:6700'],
    ]);
    for (const c of plan.containers) {
      expect(c.requiredResources).toEqual({ cpuCores: 1, ramBytes: 768 * MIB, diskBytes: 0 });
    }
    const executors = plan.containers.map((c) =>
      c.instances.map((i) => `${i.component}:[${i.taskId}-${i.lastTaskId}]#${i.componentIndex}`),
    );
    // Placed round-robin by the fake UI, in component then task order.
    expect(executors).toEqual([
      ['sentence:[1-2]#0', 'split:[7-8]#1', 'count:[12-12]#1'],
      ['sentence:[3-4]#1', 'split:[9-10]#2', 'count:[13-13]#2'],
      ['split:[5-6]#0', 'count:[11-11]#0', 'count:[14-14]#3'],
    ]);
    expect(plan.containers[0]?.instances[0]?.resources).toEqual({
      cpuCores: 1 / 3,
      ramBytes: (768 * MIB) / 3,
      diskBytes: 0,
    });
  });

  it('hashes as the same assignment proposed back', async () => {
    const s = source();
    const plan = await s.getPackingPlan(REF);
    if (!plan) throw new Error('expected a plan');
    const again = decodeStormAssignment(stormAssignmentOf(plan), await s.getStructure(REF));
    expect(again).toEqual(plan);
    expect(canonicalPlanHash(again)).toBe(canonicalPlanHash(plan));
  });

  it('is undefined when the UI lists no workers (Storm before 1.2)', async () => {
    const s = source();
    const page = await s.client.getTopologyPage(SYNTHETIC_WORD_COUNT_ID);
    const structure = await s.getStructure(REF);
    expect(stormPackingPlan({ ...page, workers: [] }, structure)).toBeUndefined();
  });

  it('gives an executor on a slot the page does not list a container without resources', async () => {
    const s = source();
    const page = await s.client.getTopologyPage(SYNTHETIC_WORD_COUNT_ID);
    const structure = await s.getStructure(REF);
    const plan = stormPackingPlan({ ...page, workers: page.workers.slice(0, 2) }, structure);
    const last = plan?.containers.at(-1);
    expect(last?.name).toBe('supervisor-b:6700');
    expect(last?.requiredResources).toEqual({ cpuCores: 0, ramBytes: 0, diskBytes: 0 });
    expect(last?.instances.map((i) => i.taskId)).toEqual([5, 11, 14]);
  });
});

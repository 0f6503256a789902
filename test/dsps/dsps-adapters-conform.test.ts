import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DSPS_ADAPTERS } from '../../src/dsps/dsps-adapters.js';
import type { MetricsSource } from '../../src/metrics/metrics-source.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { StormSnapshotSource } from '../../src/metrics/storm-snapshot-source.js';
import { instancesOfPlan, instancesOfStructure } from '../../src/topology/planned-instances.js';
import type { Dsps } from '../../src/topology/topology-ref.js';

const EXAMPLES = join(import.meta.dirname, '../../examples/snapshots');
const REF_OF = {
  heron: {
    dsps: 'heron',
    cluster: 'local',
    environ: 'default',
    role: 'augur',
    topology: 'WordCountTopology',
  },
  storm: { dsps: 'storm', cluster: 'local', environ: 'default', topology: 'storm-word-count' },
} as const;

/** Each DSPS's shipped example, read through the adapter's own snapshot source. */
const EXAMPLE_OF: Record<Dsps, () => MetricsSource> = {
  heron: () => new SnapshotMetricsSource(join(EXAMPLES, 'word-count')),
  storm: () => new StormSnapshotSource(join(EXAMPLES, 'storm-word-count')),
};

// What every adapter promises, checked on every DSPS the compiler knows (Record<Dsps, …> above).
describe.each(Object.keys(DSPS_ADAPTERS) as Dsps[])('the %s adapter', (dsps) => {
  const adapter = DSPS_ADAPTERS[dsps];

  it('names itself by its key', () => {
    expect(adapter.dsps).toBe(dsps);
  });

  it('matches the rate key it gives each spout instance back to that instance', async () => {
    const source = EXAMPLE_OF[dsps]();
    const ref = REF_OF[dsps];
    const structure = await source.getStructure(ref);
    const spouts = instancesOfStructure(structure).filter(
      (i) => structure.components[i.component]?.kind === 'spout',
    );
    expect(spouts.length).toBeGreaterThan(1);
    const matched = adapter.matchRateKeys(
      spouts.map((i) => adapter.rateKeyOf(i)),
      spouts,
    );
    for (const spout of spouts) expect(matched.get(adapter.rateKeyOf(spout))?.id).toBe(spout.id);
  });

  it("names today's instances and containers in a packing plan as the running topology does", async () => {
    const source = EXAMPLE_OF[dsps]();
    const ref = REF_OF[dsps];
    const [structure, plan] = await Promise.all([source.getStructure(ref), source.getPackingPlan?.(ref)]);
    if (!plan) throw new Error(`the ${dsps} example has no packing plan`);
    const fromStructure = instancesOfStructure(structure).map((i) => `${i.container}/${i.id}`);
    const fromPlan = instancesOfPlan(plan, adapter).map((i) => `${i.container}/${i.id}`);
    expect(fromPlan.sort()).toEqual(fromStructure.sort());
  });

  it('decodes the plan inside its own scheduler plan back to the same placement (the advice posts as it is)', async () => {
    const source = EXAMPLE_OF[dsps]();
    const ref = REF_OF[dsps];
    const [structure, plan] = await Promise.all([source.getStructure(ref), source.getPackingPlan?.(ref)]);
    if (!plan) throw new Error(`the ${dsps} example has no packing plan`);
    const { plan: scheduled, schedulerPlan } = adapter.schedulerPlan(plan, structure, plan);
    const inner = adapter.planInSchedulerPlan(schedulerPlan as unknown as Record<string, unknown>);
    const decoded = adapter.decodeProposedPlan(
      JSON.parse(JSON.stringify(inner)),
      'application/json',
      structure,
    );
    const placement = (p: typeof plan) =>
      instancesOfPlan(p, adapter)
        .map((i) => `${i.container}/${i.id}`)
        .sort();
    expect(placement(decoded)).toEqual(placement(scheduled));
  });
});

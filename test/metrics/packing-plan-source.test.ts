import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';
import { instanceCount } from '../../src/topology/packing-plan.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';
import { type FakeTracker, startFakeTracker, type TrackerStyle } from '../support/fake-tracker.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/snapshots/word-count');
const REF: TopologyRef = {
  dsps: 'heron',
  cluster: 'local',
  environ: 'default',
  role: 'augur',
  topology: 'WordCountTopology',
};

describe('getPackingPlan of the snapshot source', () => {
  it("answers the example snapshot's plan, DSPS-neutral, with container resources", async () => {
    const source = new SnapshotMetricsSource(EXAMPLE);
    const plan = await source.getPackingPlan(REF);
    const structure = await source.getStructure(REF);
    expect(plan?.topologyId).toBe(structure.id);
    expect(plan && instanceCount(plan)).toBe(11);
    expect(plan?.containers.map((c) => c.index)).toEqual([1, 2, 3]);
    for (const c of plan?.containers ?? []) expect(c.requiredResources.cpuCores).toBeGreaterThan(0);
  });

  describe('a snapshot captured without a packing plan', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'augur-no-packing-'));
      await cp(EXAMPLE, dir, { recursive: true });
      const path = join(dir, 'manifest.json');
      const manifest = JSON.parse(await readFile(path, 'utf8'));
      for (const t of manifest.topologies) t.hasPackingPlan = false;
      await writeFile(path, JSON.stringify(manifest));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('answers undefined', async () => {
      expect(await new SnapshotMetricsSource(dir).getPackingPlan(REF)).toBeUndefined();
    });
  });
});

describe.each(['envelope', 'stringified-packing-plan', 'bare'] as TrackerStyle[])(
  'getPackingPlan of the Tracker source, %s Tracker',
  (style) => {
    let tracker: FakeTracker;
    beforeAll(async () => {
      tracker = await startFakeTracker({ snapshotDir: EXAMPLE, style });
    });
    afterAll(async () => {
      await tracker.close();
    });

    it('answers the same plan as the snapshot it serves', async () => {
      const source = new TrackerMetricsSource({ url: tracker.url, retries: 0 });
      const expected = await new SnapshotMetricsSource(EXAMPLE).getPackingPlan(REF);
      expect(expected).toBeDefined();
      expect(await source.getPackingPlan(REF)).toEqual(expected);
    });

    it('answers undefined when the Tracker has no packing plan route', async () => {
      const withoutPacking: typeof fetch = (input, init) =>
        String(input).includes('/packingplan')
          ? Promise.resolve(new Response('<html><title>404: Not Found</title></html>', { status: 404 }))
          : fetch(input, init);
      const source = new TrackerMetricsSource({ url: tracker.url, retries: 0, fetch: withoutPacking });
      expect(await source.getPackingPlan(REF)).toBeUndefined();
    });
  },
);

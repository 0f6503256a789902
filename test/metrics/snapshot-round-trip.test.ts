import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heronComponentMetricNames } from '../../src/dsps/heron/metric-names.js';
import { parseTrackerJson } from '../../src/dsps/heron/tracker-envelope.js';
import { AppError } from '../../src/errors.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';
import { writeSnapshot } from '../../src/metrics/write-snapshot.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';
import {
  type FakeTopology,
  type FakeTracker,
  startFakeTracker,
  type TrackerStyle,
} from '../support/fake-tracker.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/snapshots/word-count');
const FIXTURES = join(import.meta.dirname, '../fixtures/heron-tracker');
const REF: TopologyRef = {
  dsps: 'heron',
  cluster: 'local',
  environ: 'default',
  role: 'augur',
  topology: 'WordCountTopology',
};
const CAPTURED_AT_SEC = 1_793_620_800;

async function fixture(name: string): Promise<unknown> {
  return parseTrackerJson(await readFile(join(FIXTURES, name), 'utf8'), name);
}

/** Heron's own ExclamationTopology sample, with a small metrics timeline. */
async function exclamation(): Promise<FakeTopology> {
  return {
    cluster: 'local',
    environ: 'default',
    role: 'rli',
    topology: 'ExclamationTopology',
    logicalPlan: await fixture('logicalplan.json'),
    physicalPlan: await fixture('physicalplan.json'),
    metrics: {
      word: {
        component: 'word',
        starttime: 0,
        endtime: 0,
        timeline: {
          '__emit-count/default': {
            container_1_word_2: { [CAPTURED_AT_SEC - 120]: '60', [CAPTURED_AT_SEC - 60]: 'nan' },
          },
        },
      },
    },
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
}

describe.each(['envelope', 'stringified-packing-plan', 'bare'] as TrackerStyle[])(
  'writeSnapshot → SnapshotMetricsSource, %s Tracker',
  (style) => {
    let tracker: FakeTracker;
    let dir: string;

    beforeEach(async () => {
      tracker = await startFakeTracker({ snapshotDir: EXAMPLE, topologies: [await exclamation()], style });
      dir = await mkdtemp(join(tmpdir(), 'augur-snapshot-'));
    });
    afterEach(async () => {
      await tracker.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('gives the same structure and series as the live source', async () => {
      const result = await writeSnapshot({
        trackerUrl: tracker.url,
        cluster: 'local',
        environ: 'default',
        topology: 'WordCountTopology',
        outDir: dir,
        endSec: CAPTURED_AT_SEC + 59, // rounded down to the minute
        client: { retries: 0 },
      });
      expect(result.manifest).toMatchObject({
        formatVersion: 1,
        capturedAtSec: CAPTURED_AT_SEC,
        startSec: CAPTURED_AT_SEC - 3 * 3600,
        trackerUrl: tracker.url,
        topologies: [
          {
            cluster: 'local',
            environ: 'default',
            role: 'augur', // found in /topologies
            topology: 'WordCountTopology',
            hasPackingPlan: true,
            components: ['count', 'sentence', 'split'],
            metricsTimelinePath: '/topologies/metricstimeline',
          },
        ],
      });

      const live = new TrackerMetricsSource({ url: tracker.url, retries: 0 });
      const offline = new SnapshotMetricsSource(dir);
      expect(offline.windowEndSec(1_900_000_000)).toBe(CAPTURED_AT_SEC);
      const structure = await live.getStructure(REF);
      expect(await offline.getStructure(REF)).toEqual(structure);
      expect(await offline.listTopologies()).toEqual([
        { cluster: 'local', environ: 'default', role: 'augur', name: 'WordCountTopology' },
      ]);

      let points = 0;
      for (const component of Object.values(structure.components)) {
        const query = {
          component: component.name,
          metrics: heronComponentMetricNames(component),
          startSec: CAPTURED_AT_SEC - 3 * 3600,
          endSec: CAPTURED_AT_SEC,
        };
        const expected = await live.getMetricSeries(REF, query);
        expect(await offline.getMetricSeries(REF, query)).toEqual(expected);
        for (const byInstance of Object.values(expected)) {
          for (const series of Object.values(byInstance)) points += series.length;
        }
        const narrow = {
          ...query,
          instances: component.instances.slice(0, 1),
          startSec: CAPTURED_AT_SEC - 1800,
          endSec: CAPTURED_AT_SEC - 600,
        };
        expect(await offline.getMetricSeries(REF, narrow)).toEqual(await live.getMetricSeries(REF, narrow));
      }
      expect(points).toBeGreaterThan(10_000);
    });

    it('stores the Tracker answers byte for byte', async () => {
      await writeSnapshot({ trackerUrl: tracker.url, ...REF, outDir: dir, endSec: CAPTURED_AT_SEC });
      tracker.requests.length = 0;
      const answer = await fetch(
        `${tracker.url}/topologies/physicalplan?cluster=local&environ=default&role=augur&topology=WordCountTopology`,
      );
      const stored = await readFile(join(dir, 'local/default/WordCountTopology/physicalplan.json'), 'utf8');
      expect(stored).toBe(await answer.text());
      const packing = await readFile(join(dir, 'local/default/WordCountTopology/packingplan.json'), 'utf8');
      expect(typeof (JSON.parse(packing) as { result?: unknown }).result).toBe(
        style === 'stringified-packing-plan' ? 'string' : style === 'bare' ? 'undefined' : 'object',
      );
    });

    it('holds several topologies in one directory', async () => {
      await writeSnapshot({ trackerUrl: tracker.url, ...REF, outDir: dir, endSec: CAPTURED_AT_SEC });
      const second = await writeSnapshot({
        trackerUrl: tracker.url,
        cluster: 'local',
        environ: 'default',
        topology: 'ExclamationTopology',
        outDir: dir,
        endSec: CAPTURED_AT_SEC,
        sourceHours: 1,
      });
      expect(second.manifest.topologies.map((t) => `${t.topology}:${t.role}:${t.startSec}`)).toEqual([
        `WordCountTopology:augur:${CAPTURED_AT_SEC - 3 * 3600}`,
        `ExclamationTopology:rli:${CAPTURED_AT_SEC - 3600}`,
      ]);
      const offline = new SnapshotMetricsSource(dir);
      expect((await offline.listTopologies()).map((t) => t.name)).toEqual([
        'ExclamationTopology',
        'WordCountTopology',
      ]);
      const exclamationRef = { ...REF, role: 'rli', topology: 'ExclamationTopology' };
      expect(Object.keys((await offline.getStructure(exclamationRef)).components).sort()).toEqual([
        'exclaim1',
        'word',
      ]);
      const series = await offline.getMetricSeries(exclamationRef, {
        component: 'word',
        metrics: ['__emit-count/default'],
        startSec: CAPTURED_AT_SEC - 3600,
        endSec: CAPTURED_AT_SEC,
      });
      expect(series).toEqual({
        '__emit-count/default': { container_1_word_2: [[CAPTURED_AT_SEC - 120, 60]] },
      });
      expect((await offline.getStructure(REF)).components.sentence?.instances).toHaveLength(3);
    });
  },
);

describe('writeSnapshot refuses', () => {
  let tracker: FakeTracker;
  let dir: string;
  beforeEach(async () => {
    tracker = await startFakeTracker({ snapshotDir: EXAMPLE });
    dir = await mkdtemp(join(tmpdir(), 'augur-snapshot-'));
  });
  afterEach(async () => {
    await tracker.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([0, -1, 3.5, 24])('sourceHours %d (the Tracker keeps 3 hours)', async (sourceHours) => {
    expect(await codeOf(writeSnapshot({ trackerUrl: tracker.url, ...REF, outDir: dir, sourceHours }))).toBe(
      'BAD_REQUEST',
    );
    expect(tracker.requests).toHaveLength(0);
  });

  it('names that are not one path segment', async () => {
    expect(
      await codeOf(writeSnapshot({ trackerUrl: tracker.url, ...REF, topology: '../x', outDir: dir })),
    ).toBe('BAD_REQUEST');
  });

  it('an unknown topology, writing no manifest', async () => {
    expect(
      await codeOf(writeSnapshot({ trackerUrl: tracker.url, ...REF, topology: 'Nope', outDir: dir })),
    ).toBe('TOPOLOGY_NOT_FOUND');
    expect(await codeOf(new SnapshotMetricsSource(dir).ping())).toBe('SNAPSHOT_INVALID');
  });
});

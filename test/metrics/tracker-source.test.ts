import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';
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
const CAPTURED_AT_SEC = 1_793_620_800;
const START_SEC = CAPTURED_AT_SEC - 180 * 60;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
}

describe.each(['envelope', 'stringified-packing-plan', 'bare'] as TrackerStyle[])(
  'TrackerMetricsSource, %s Tracker',
  (style) => {
    let tracker: FakeTracker;
    let source: TrackerMetricsSource;

    beforeAll(async () => {
      tracker = await startFakeTracker({ snapshotDir: EXAMPLE, style });
      source = new TrackerMetricsSource({ url: tracker.url, retries: 0 });
    });
    afterAll(async () => {
      await tracker.close();
    });
    beforeEach(() => {
      tracker.requests.length = 0;
    });

    it('lists the topologies', async () => {
      expect(await source.listTopologies()).toEqual([
        { cluster: 'local', environ: 'default', role: 'augur', name: 'WordCountTopology' },
      ]);
    });

    it('builds the structure from the logical and physical plan, the id from the packing plan', async () => {
      const structure = await source.getStructure(REF);
      expect(structure.name).toBe('WordCountTopology');
      expect(structure.id).toMatch(/^WordCountTopology[0-9a-f]{8}-/);
      expect(structure.components.sentence).toEqual({
        name: 'sentence',
        kind: 'spout',
        outputStreams: ['default'],
        inputs: [],
        instances: ['container_2_sentence_5', 'container_3_sentence_6', 'container_1_sentence_7'],
      });
      expect(structure.components.split?.inputs).toEqual([
        { component: 'sentence', stream: 'default', grouping: 'SHUFFLE' },
      ]);
      expect(structure.components.count?.inputs).toEqual([
        { component: 'split', stream: 'default', grouping: 'FIELDS' },
      ]);
      expect(structure.components.count?.outputStreams).toEqual([]);
      expect(structure.components.count?.instances).toHaveLength(4);
      expect(Object.keys(structure.instances)).toHaveLength(11);
      expect(structure.instances.container_3_split_9).toEqual({
        id: 'container_3_split_9',
        component: 'split',
        taskId: 9,
        container: 'container_3',
        streamManager: 'stmgr-3',
      });
      expect(new Set(Object.values(structure.instances).map((i) => i.container))).toEqual(
        new Set(['container_1', 'container_2', 'container_3']),
      );
      expect(tracker.requests.map((r) => r.path).sort()).toEqual([
        '/topologies/logicalplan',
        '/topologies/packingplan',
        '/topologies/physicalplan',
      ]);
    });

    it('maps the metrics timeline to sorted series, limited to the window', async () => {
      const series = await source.getMetricSeries(REF, {
        component: 'sentence',
        metrics: ['__emit-count/default', '__no-such-metric'],
        startSec: START_SEC,
        endSec: START_SEC + 10 * 60,
      });
      expect(Object.keys(series).sort()).toEqual(['__emit-count/default', '__no-such-metric']);
      expect(series['__no-such-metric']).toEqual({});
      const points = series['__emit-count/default']?.container_2_sentence_5 ?? [];
      expect(points.map(([ts]) => ts)).toEqual(Array.from({ length: 10 }, (_, k) => START_SEC + k * 60));
      for (const [, value] of points) expect(value).toBeGreaterThan(100 * 60 * 0.8);
      expect(points[0]?.[1]).toBe(9636);
    });

    it('leaves "nan" points out', async () => {
      const series = await source.getMetricSeries(REF, {
        component: 'sentence',
        metrics: ['__jvm-process-cpu-load'],
        instances: ['container_1_sentence_7'],
        startSec: START_SEC,
        endSec: CAPTURED_AT_SEC,
      });
      const points = series['__jvm-process-cpu-load']?.container_1_sentence_7 ?? [];
      expect(points).toHaveLength(179);
      expect(points.some(([ts]) => ts === START_SEC + 120 * 60)).toBe(false);
      expect(Object.keys(series['__jvm-process-cpu-load'] ?? {})).toEqual(['container_1_sentence_7']);
    });

    it('an unknown topology is TOPOLOGY_NOT_FOUND', async () => {
      expect(await codeOf(source.getStructure({ ...REF, topology: 'Nope' }))).toBe('TOPOLOGY_NOT_FOUND');
      expect(
        await codeOf(
          source.getMetricSeries(
            { ...REF, topology: 'Nope' },
            { component: 'sentence', metrics: ['x'], startSec: 0, endSec: 60 },
          ),
        ),
      ).toBe('TOPOLOGY_NOT_FOUND');
    });

    it('a live window ends when the request was made; ping asks /topologies', async () => {
      expect(source.windowEndSec(1_800_000_000)).toBe(1_800_000_000);
      await source.ping();
      expect(tracker.requests.map((r) => r.path)).toEqual(['/topologies']);
    });
  },
);

describe('TrackerMetricsSource edge cases', () => {
  let tracker: FakeTracker;
  beforeAll(async () => {
    tracker = await startFakeTracker({ snapshotDir: EXAMPLE });
  });
  afterAll(async () => {
    await tracker.close();
  });

  it('serves Heron only', async () => {
    const source = new TrackerMetricsSource({ url: tracker.url });
    expect(await codeOf(source.getStructure({ ...REF, dsps: 'storm' }))).toBe('DSPS_NOT_SUPPORTED');
  });

  it('a Tracker without a packing plan route still gives a structure, without id', async () => {
    const withoutPacking: typeof fetch = (input, init) =>
      String(input).includes('/packingplan')
        ? Promise.resolve(new Response('<html><title>404: Not Found</title></html>', { status: 404 }))
        : fetch(input, init);
    const source = new TrackerMetricsSource({ url: tracker.url, fetch: withoutPacking });
    const structure = await source.getStructure(REF);
    expect(structure.id).toBeUndefined();
    expect(Object.keys(structure.components).sort()).toEqual(['count', 'sentence', 'split']);
  });

  it('ping rejects with METRICS_UNAVAILABLE when the Tracker is failing', async () => {
    tracker.failNext(2);
    const source = new TrackerMetricsSource({ url: tracker.url, retries: 1, retryDelayMs: 1 });
    expect(await codeOf(source.ping())).toBe('METRICS_UNAVAILABLE');
  });
});

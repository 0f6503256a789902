import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heronComponentMetricNames } from '../../src/dsps/heron/metric-names.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';
import type { TopologyStructure } from '../../src/topology/topology-structure.js';

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/snapshots/word-count');
const REF: TopologyRef = {
  dsps: 'heron',
  cluster: 'local',
  environ: 'default',
  role: 'augur',
  topology: 'WordCountTopology',
};
/** 2026-11-02T12:00:00Z */
const CAPTURED_AT_SEC = Date.UTC(2026, 10, 2, 12) / 1000;
const START_SEC = CAPTURED_AT_SEC - 3 * 3600;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('the shipped example snapshot (examples/snapshots/word-count)', () => {
  const source = new SnapshotMetricsSource(EXAMPLE);
  let structure: TopologyStructure;
  beforeAll(async () => {
    structure = await source.getStructure(REF);
  });

  it('loads, captured at 2026-11-02T12:00:00Z', async () => {
    await source.ping();
    expect(source.windowEndSec(0)).toBe(CAPTURED_AT_SEC);
    expect(source.getManifest()).toMatchObject({ synthetic: true, startSec: START_SEC });
    expect(await source.listTopologies()).toEqual([
      { cluster: 'local', environ: 'default', role: 'augur', name: 'WordCountTopology' },
    ]);
  });

  it('is sentence (3) → split (4, shuffle) → count (4, fields) on 3 containers with a stream manager each', () => {
    const summary = Object.values(structure.components)
      .map(
        (c) =>
          `${c.kind} ${c.name} x${c.instances.length} <- ${c.inputs.map((i) => `${i.component}:${i.grouping}`).join(',')}`,
      )
      .sort();
    expect(summary).toEqual([
      'bolt count x4 <- split:FIELDS',
      'bolt split x4 <- sentence:SHUFFLE',
      'spout sentence x3 <- ',
    ]);
    const containers = new Map<string, Set<string | undefined>>();
    for (const instance of Object.values(structure.instances)) {
      const managers = containers.get(instance.container) ?? new Set();
      managers.add(instance.streamManager);
      containers.set(instance.container, managers);
    }
    expect([...containers.keys()].sort()).toEqual(['container_1', 'container_2', 'container_3']);
    for (const [container, managers] of containers)
      expect([...managers]).toEqual([`stmgr-${container.split('_')[1]}`]);
  });

  it('has 180 per-minute emit counts for each spout instance, at 100–200 tuples/s', async () => {
    const sentence = structure.components.sentence;
    if (!sentence) throw new Error('no sentence spout');
    const series = await source.getMetricSeries(REF, {
      component: 'sentence',
      metrics: ['__emit-count/default'],
      startSec: START_SEC,
      endSec: CAPTURED_AT_SEC,
    });
    const byInstance = series['__emit-count/default'] ?? {};
    expect(Object.keys(byInstance).sort()).toEqual([...sentence.instances].sort());
    for (const id of sentence.instances) {
      const points = byInstance[id] ?? [];
      expect(points).toHaveLength(180);
      expect(points.map(([ts]) => ts)).toEqual(Array.from({ length: 180 }, (_, k) => START_SEC + 60 * k));
      for (const [, count] of points) {
        expect(count / 60).toBeGreaterThan(100 * 0.85);
        expect(count / 60).toBeLessThan(200 * 1.15);
      }
      // the daily cycle rises from 09:00 to 12:00 UTC
      const mean = (xs: Array<[number, number]>) => xs.reduce((s, [, v]) => s + v, 0) / xs.length;
      expect(mean(points.slice(-30))).toBeGreaterThan(mean(points.slice(0, 30)) * 1.1);
    }
  });

  it('split emits about 7 words per sentence; fields grouping skews count', async () => {
    const window = { startSec: START_SEC, endSec: CAPTURED_AT_SEC };
    const total = (series: Record<string, Array<[number, number]>>) =>
      Object.values(series).reduce((s, points) => s + points.reduce((t, [, v]) => t + v, 0), 0);
    const split = await source.getMetricSeries(REF, {
      component: 'split',
      metrics: ['__emit-count/default', '__execute-count/sentence/default'],
      ...window,
    });
    const ratio =
      total(split['__emit-count/default'] ?? {}) / total(split['__execute-count/sentence/default'] ?? {});
    expect(ratio).toBeGreaterThan(6.5);
    expect(ratio).toBeLessThan(7.5);
    const count = await source.getMetricSeries(REF, {
      component: 'count',
      metrics: ['__execute-count/split/default'],
      ...window,
    });
    const shares = Object.values(count['__execute-count/split/default'] ?? {}).map((points) =>
      points.reduce((t, [, v]) => t + v, 0),
    );
    expect(Math.max(...shares) / Math.min(...shares)).toBeGreaterThan(1.4);
  });

  it('has nanosecond latencies and some missing data', async () => {
    const window = { startSec: START_SEC, endSec: CAPTURED_AT_SEC };
    const split = await source.getMetricSeries(REF, {
      component: 'split',
      metrics: ['__execute-latency/sentence/default'],
      ...window,
    });
    const latencies = split['__execute-latency/sentence/default'] ?? {};
    const lengths = Object.values(latencies)
      .map((points) => points.length)
      .sort();
    expect(lengths).toEqual([179, 179, 180, 180]); // one "nan" point, one missing minute
    for (const points of Object.values(latencies)) {
      for (const [, ns] of points) expect(ns).toBeGreaterThan(10_000); // tens of µs, in ns
    }
  });

  it('captures every metric the models read, for every component', async () => {
    for (const component of Object.values(structure.components)) {
      const series = await source.getMetricSeries(REF, {
        component: component.name,
        metrics: heronComponentMetricNames(component),
        startSec: START_SEC,
        endSec: CAPTURED_AT_SEC,
      });
      expect(series[`__jvm-process-cpu-load`]).toBeDefined();
      expect(Object.keys(series['__jvm-process-cpu-load'] ?? {})).toHaveLength(component.instances.length);
    }
  });

  it('is under 2 MB and says it is synthetic', async () => {
    let bytes = 0;
    for (const file of await filesUnder(EXAMPLE)) bytes += (await stat(join(EXAMPLE, file))).size;
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(await readFile(join(EXAMPLE, 'README.md'), 'utf8')).toMatch(/SYNTHETIC/);
  });
});

describe('scripts/generate-example-snapshot.ts', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'augur-example-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('regenerates the committed example byte for byte', async () => {
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/generate-example-snapshot.ts'), out],
      {
        cwd: ROOT,
      },
    );
    const files = await filesUnder(out);
    expect(files).toEqual(await filesUnder(EXAMPLE));
    for (const file of files) {
      expect(await readFile(join(out, file), 'utf8'), file).toBe(await readFile(join(EXAMPLE, file), 'utf8'));
    }
  });
});

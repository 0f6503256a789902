import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StormUiClient } from '../../src/dsps/storm/storm-ui-client.js';
import { AppError } from '../../src/errors.js';
import { directoryFetch, directoryFilePath } from '../../src/metrics/directory-fetch.js';
import { StormSnapshotSource } from '../../src/metrics/storm-snapshot-source.js';
import { StormUiMetricsSource } from '../../src/metrics/storm-ui-source.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/snapshots/storm-word-count');
const TOPOLOGY_ID = 'storm-word-count-1-1793600000';
const REF: TopologyRef = {
  dsps: 'storm',
  cluster: 'local',
  environ: 'default',
  topology: 'storm-word-count',
};
/** 2026-11-02T12:00:00Z, as the Heron example. */
const CAPTURED_AT_SEC = 1_793_620_800;
const START_SEC = CAPTURED_AT_SEC - 3 * 3600;
const EMIT = 'emitted/default';
const SPOUTS = ['sentence:[1-2]', 'sentence:[3-4]'];

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('StormSnapshotSource over the shipped example (examples/snapshots/storm-word-count)', () => {
  const source = new StormSnapshotSource(EXAMPLE);

  it('is a synthetic snapshot captured at 2026-11-02T12:00:00Z, its window ending there whenever asked', async () => {
    await source.ping();
    expect(source.kind).toBe('storm-snapshot');
    expect(source.getManifest()).toMatchObject({
      dsps: 'storm',
      synthetic: true,
      capturedAtSec: CAPTURED_AT_SEC,
      startSec: START_SEC,
      windowSec: 600,
    });
    expect(source.windowEndSec(0)).toBe(CAPTURED_AT_SEC);
    expect(source.windowEndSec(CAPTURED_AT_SEC + 86_400)).toBe(CAPTURED_AT_SEC);
    expect(await readFile(join(EXAMPLE, 'README.md'), 'utf8')).toMatch(/SYNTHETIC/);
  });

  it('lists the topology under cluster local, environ default', async () => {
    expect(await source.listTopologies()).toEqual([
      { cluster: 'local', environ: 'default', name: 'storm-word-count' },
    ]);
  });

  it('is sentence (2) → split (3, shuffle) → count (4, fields): 9 executors on 3 worker slots', async () => {
    const structure = await source.getStructure(REF);
    expect(structure.id).toBe(TOPOLOGY_ID);
    const instances = Object.values(structure.instances);
    expect(instances.map((i) => i.id).sort()).toEqual(
      [
        'count:[11-11]',
        'count:[12-12]',
        'count:[13-13]',
        'count:[14-14]',
        'sentence:[1-2]',
        'sentence:[3-4]',
        'split:[5-6]',
        'split:[7-8]',
        'split:[9-10]',
      ].sort(),
    );
    expect(new Set(instances.map((i) => i.container))).toEqual(
      new Set(['supervisor-1:6700', 'supervisor-1:6701', 'supervisor-2:6700']),
    );
    for (const i of instances) expect(i.container).toMatch(/^supervisor-\d+:67\d\d$/);
    expect(structure.components.split?.inputs).toEqual([
      { component: 'sentence', stream: 'default', grouping: 'SHUFFLE' },
    ]);
    expect(structure.components.count?.inputs).toEqual([
      { component: 'split', stream: 'default', grouping: 'FIELDS' },
    ]);
  });

  it('answers the worker-slot assignment: 3 workers of 768 MB and one core', async () => {
    const plan = await source.getPackingPlan(REF);
    expect(plan?.topologyId).toBe(TOPOLOGY_ID);
    expect(
      plan?.containers.map((c) => [c.name, c.requiredResources.cpuCores, c.requiredResources.ramBytes]),
    ).toEqual([
      ['supervisor-1:6700', 1, 768 * 2 ** 20],
      ['supervisor-1:6701', 1, 768 * 2 ** 20],
      ['supervisor-2:6700', 1, 768 * 2 ** 20],
    ]);
    expect(plan?.containers.reduce((n, c) => n + c.instances.length, 0)).toBe(9);
  });

  it('serves 180 recorded minutes per spout executor over the last 3 hours, the UI point for other metrics', async () => {
    const series = await source.getMetricSeries(REF, {
      component: 'sentence',
      metrics: [EMIT, 'complete-latency-ms/default'],
      startSec: CAPTURED_AT_SEC - 3 * 3600,
      endSec: CAPTURED_AT_SEC,
    });
    for (const id of SPOUTS) {
      const points = series[EMIT]?.[id] ?? [];
      expect(points, id).toHaveLength(180);
      expect(points[0]?.[0]).toBe(START_SEC);
      expect(points.at(-1)?.[0]).toBe(CAPTURED_AT_SEC - 60);
      expect(points.every(([t], k) => t === START_SEC + 60 * k)).toBe(true);
      // Per minute, ~150 tuples/s: 7 000 – 11 000 tuples, multiples of Storm's sampling unit (20).
      for (const [, v] of points) {
        expect(v).toBeGreaterThan(7000);
        expect(v).toBeLessThan(11_000);
        expect(v % 20).toBe(0);
      }
      // Not in history.json: the UI's one window aggregate (ms), stamped at the last minute.
      expect(series['complete-latency-ms/default']?.[id]).toEqual([
        [CAPTURED_AT_SEC - 60, expect.any(Number)],
      ]);
    }
  });

  it('prefers the recorded minute to the UI window mean stamped on the same minute', async () => {
    const endSec = CAPTURED_AT_SEC;
    const query = { component: 'sentence', metrics: [EMIT], startSec: endSec - 600, endSec };
    const merged = await source.getMetricSeries(REF, query);
    const history = JSON.parse(await readFile(join(EXAMPLE, 'history.json'), 'utf8')) as Record<
      string,
      Record<string, Array<[number, number]>>
    >;
    const ui = new StormUiMetricsSource(
      new StormUiClient({ url: 'http://x.invalid', retries: 0, fetch: directoryFetch(EXAMPLE) }),
      { cluster: 'local', environ: 'default', nowSec: () => CAPTURED_AT_SEC },
    );
    const window = await ui.getMetricSeries(REF, query);
    for (const id of SPOUTS) {
      const recorded = (history[EMIT]?.[id] ?? []).slice(-10);
      expect(merged[EMIT]?.[id]).toEqual(recorded);
      // The UI pages' window totals are the last 10 recorded minutes: its per-minute mean is theirs.
      const mean = recorded.reduce((sum, [, v]) => sum + v, 0) / 10;
      expect(window[EMIT]?.[id]).toEqual([[endSec - 60, mean]]);
    }
  });

  it('limits recorded series to the query window and instances, and leaves other components alone', async () => {
    const one = await source.getMetricSeries(REF, {
      component: 'sentence',
      metrics: [EMIT],
      instances: ['sentence:[3-4]'],
      startSec: START_SEC + 600,
      endSec: START_SEC + 1200,
    });
    expect(Object.keys(one[EMIT] ?? {})).toEqual(['sentence:[3-4]']);
    expect(one[EMIT]?.['sentence:[3-4]']?.map(([t]) => t)).toEqual(
      Array.from({ length: 10 }, (_, k) => START_SEC + 600 + 60 * k),
    );
    const split = await source.getMetricSeries(REF, {
      component: 'split',
      metrics: [EMIT],
      startSec: CAPTURED_AT_SEC - 600,
      endSec: CAPTURED_AT_SEC,
    });
    expect(Object.keys(split[EMIT] ?? {}).sort()).toEqual(['split:[5-6]', 'split:[7-8]', 'split:[9-10]']);
    for (const points of Object.values(split[EMIT] ?? {})) expect(points).toHaveLength(1);
  });
});

describe('StormSnapshotSource on a broken directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'augur-storm-snapshot-'));
    await cp(EXAMPLE, dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a directory that does not exist is SNAPSHOT_INVALID naming the path, from ping and every call', async () => {
    const missing = join(dir, 'nowhere');
    const source = new StormSnapshotSource(missing); // constructing does no I/O
    const err = await errorOf(source.ping());
    expect(err.code).toBe('SNAPSHOT_INVALID');
    expect(err.message).toContain(missing);
    expect(err.details?.path).toBe(join(missing, 'manifest.json'));
    expect((await errorOf(source.listTopologies())).code).toBe('SNAPSHOT_INVALID');
    expect((await errorOf(source.getStructure(REF))).code).toBe('SNAPSHOT_INVALID');
    expect(() => source.windowEndSec(0)).toThrow(AppError);
  });

  it('a manifest of the wrong shape (a Heron snapshot manifest, say) is SNAPSHOT_INVALID', async () => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ formatVersion: 1, trackerUrl: 'x' }));
    const err = await errorOf(new StormSnapshotSource(dir).ping());
    expect(err.code).toBe('SNAPSHOT_INVALID');
    expect(err.message).toMatch(/dsps/);
  });

  it('a manifest naming a history outside the directory is SNAPSHOT_INVALID', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    manifest.topologies[0].history = '../history.json';
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    expect((await errorOf(new StormSnapshotSource(dir).ping())).code).toBe('SNAPSHOT_INVALID');
  });

  it('a missing or corrupt stored answer is SNAPSHOT_INVALID naming the file', async () => {
    const page = join(dir, 'api/v1/topology', TOPOLOGY_ID, 'component/count.json');
    await rm(page);
    const missing = await errorOf(new StormSnapshotSource(dir).getStructure(REF));
    expect(missing.code).toBe('SNAPSHOT_INVALID');
    expect(missing.details?.path).toBe(page);
    await writeFile(page, '{"id": "count", ');
    const corrupt = await errorOf(new StormSnapshotSource(dir).getStructure(REF));
    expect(corrupt.code).toBe('SNAPSHOT_INVALID');
    expect(corrupt.details?.path).toBe(page);
  });

  it('a corrupt history is SNAPSHOT_INVALID naming it', async () => {
    await writeFile(join(dir, 'history.json'), JSON.stringify({ [EMIT]: { 'sentence:[1-2]': [[1, 'x']] } }));
    const err = await errorOf(
      new StormSnapshotSource(dir).getMetricSeries(REF, {
        component: 'sentence',
        metrics: [EMIT],
        startSec: START_SEC,
        endSec: CAPTURED_AT_SEC,
      }),
    );
    expect(err.code).toBe('SNAPSHOT_INVALID');
    expect(err.details?.path).toBe(join(dir, 'history.json'));
  });

  it('an unknown topology, cluster or environ is TOPOLOGY_NOT_FOUND; a Heron ref DSPS_NOT_SUPPORTED', async () => {
    const source = new StormSnapshotSource(dir);
    expect((await errorOf(source.getStructure({ ...REF, topology: 'nope' }))).code).toBe(
      'TOPOLOGY_NOT_FOUND',
    );
    expect((await errorOf(source.getStructure({ ...REF, cluster: 'storm' }))).code).toBe(
      'TOPOLOGY_NOT_FOUND',
    );
    expect((await errorOf(source.getStructure({ ...REF, dsps: 'heron' }))).code).toBe('DSPS_NOT_SUPPORTED');
    // By id as well as by name.
    expect((await source.getStructure({ ...REF, topology: TOPOLOGY_ID })).name).toBe('storm-word-count');
  });
});

describe('directoryFetch', () => {
  const fetchDir = directoryFetch(EXAMPLE);

  it('answers a stored path with its file, and a missing one 404 as Storm 2 does', async () => {
    const ok = await fetchDir('http://any.invalid/api/v1/topology/summary?window=600');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(
      JSON.parse(await readFile(join(EXAMPLE, 'api/v1/topology/summary.json'), 'utf8')),
    );
    const encoded = await fetchDir(`http://any.invalid/api/v1/topology/${TOPOLOGY_ID}/component/split`);
    expect(encoded.status).toBe(200);
    const missing = await fetchDir('http://any.invalid/api/v1/topology/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'Not Found' });
  });

  it.each([
    ['a plain .. segment', 'http://any.invalid/api/v1/topology/../../../manifest'],
    ['a percent-encoded .. segment', 'http://any.invalid/api/v1/%2e%2e/%2E%2E/manifest'],
    ['a segment decoding to a separator', 'http://any.invalid/api/v1/..%2F..%2F..%2Fmanifest'],
    ['a backslash', 'http://any.invalid/api/v1/..%5C..%5Cmanifest'],
    ['an empty segment', 'http://any.invalid/api//v1/topology/summary'],
  ])('refuses %s (400) without reading outside the directory', async (_, url) => {
    const answer = await fetchDir(url);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'Bad Request' });
  });

  it('maps a URL path to <dir><path>.json, never outside the directory', () => {
    expect(directoryFilePath('/snap', '/api/v1/topology/summary')).toEqual({
      ok: true,
      file: '/snap/api/v1/topology/summary.json',
    });
    expect(directoryFilePath('/snap', '/api/v1/topology/a%20b/component/c')).toEqual({
      ok: true,
      file: '/snap/api/v1/topology/a b/component/c.json',
    });
    for (const path of ['/../etc/passwd', '/api/..', '/a/%2e%2e/b', '/a%00b', 'relative', '/%E0%A4%A'])
      expect(directoryFilePath('/snap', path).ok, path).toBe(false);
  });

  it('through the client, a topology id of .. is refused (a bad answer), not read as /api/v1.json', async () => {
    const client = new StormUiClient({ url: 'http://x.invalid', retries: 0, fetch: fetchDir });
    const err = await errorOf(client.getTopologyPage('..'));
    expect(err.code).toBe('METRICS_BAD_RESPONSE');
    expect(err.details?.httpStatus).toBe(400);
  });
});

describe('scripts/generate-storm-example.ts', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'augur-storm-example-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('regenerates the committed example byte for byte', async () => {
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/generate-storm-example.ts'), out],
      { cwd: ROOT },
    );
    const files = await filesUnder(out);
    expect(files).toEqual(await filesUnder(EXAMPLE));
    for (const file of files) {
      expect(await readFile(join(out, file), 'utf8'), file).toBe(await readFile(join(EXAMPLE, file), 'utf8'));
    }
  });
});

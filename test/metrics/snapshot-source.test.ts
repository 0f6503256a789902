import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/snapshots/word-count');
const REF: TopologyRef = {
  dsps: 'heron',
  cluster: 'local',
  environ: 'default',
  topology: 'WordCountTopology',
};
const CAPTURED_AT_SEC = 1_793_620_800;

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('SnapshotMetricsSource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'augur-snapshot-'));
    await cp(EXAMPLE, dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a directory that does not exist is SNAPSHOT_INVALID naming the path, from ping and every call', async () => {
    const missing = join(dir, 'nowhere');
    const source = new SnapshotMetricsSource(missing); // constructing does no I/O
    const err = await errorOf(source.ping());
    expect(err.code).toBe('SNAPSHOT_INVALID');
    expect(err.message).toContain(missing);
    expect(err.details?.path).toBe(join(missing, 'manifest.json'));
    expect((await errorOf(source.getStructure(REF))).code).toBe('SNAPSHOT_INVALID');
    expect(() => source.windowEndSec(0)).toThrow(AppError);
  });

  it('a manifest of the wrong shape is SNAPSHOT_INVALID', async () => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ formatVersion: 2 }));
    expect((await errorOf(new SnapshotMetricsSource(dir).ping())).code).toBe('SNAPSHOT_INVALID');
  });

  it('a corrupt plan or metrics file is SNAPSHOT_INVALID naming the file', async () => {
    const metrics = join(dir, 'local/default/WordCountTopology/metrics/split.json');
    await writeFile(metrics, '{"status": "success", "result": ');
    const source = new SnapshotMetricsSource(dir);
    const err = await errorOf(
      source.getMetricSeries(REF, {
        component: 'split',
        metrics: ['__emit-count/default'],
        startSec: 0,
        endSec: CAPTURED_AT_SEC,
      }),
    );
    expect(err.code).toBe('SNAPSHOT_INVALID');
    expect(err.details?.path).toBe(metrics);
    await writeFile(
      join(dir, 'local/default/WordCountTopology/physicalplan.json'),
      JSON.stringify({ instances: [] }),
    );
    expect((await errorOf(source.getStructure(REF))).code).toBe('SNAPSHOT_INVALID');
  });

  it('an unknown topology, or a role that does not match, is TOPOLOGY_NOT_FOUND', async () => {
    const source = new SnapshotMetricsSource(dir);
    expect((await errorOf(source.getStructure({ ...REF, topology: 'Nope' }))).code).toBe(
      'TOPOLOGY_NOT_FOUND',
    );
    expect((await errorOf(source.getStructure({ ...REF, role: 'someone-else' }))).code).toBe(
      'TOPOLOGY_NOT_FOUND',
    );
    expect(
      (await errorOf(source.getStructure({ ...REF, cluster: '..', environ: '..', topology: '..' }))).code,
    ).toBe('TOPOLOGY_NOT_FOUND');
    await expect(source.getStructure({ ...REF, role: 'augur' })).resolves.toMatchObject({
      name: 'WordCountTopology',
    });
  });

  it('serves Heron only', async () => {
    expect((await errorOf(new SnapshotMetricsSource(dir).getStructure({ ...REF, dsps: 'storm' }))).code).toBe(
      'DSPS_NOT_SUPPORTED',
    );
  });

  it('filters series to the window asked, end excluded, and to the instances asked', async () => {
    const source = new SnapshotMetricsSource(dir);
    const series = await source.getMetricSeries(REF, {
      component: 'sentence',
      metrics: ['__emit-count/default'],
      instances: ['container_3_sentence_6'],
      startSec: CAPTURED_AT_SEC - 5 * 60,
      endSec: CAPTURED_AT_SEC - 60,
    });
    expect(Object.keys(series['__emit-count/default'] ?? {})).toEqual(['container_3_sentence_6']);
    expect(series['__emit-count/default']?.container_3_sentence_6?.map(([ts]) => ts)).toEqual([
      CAPTURED_AT_SEC - 300,
      CAPTURED_AT_SEC - 240,
      CAPTURED_AT_SEC - 180,
      CAPTURED_AT_SEC - 120,
    ]);
  });

  it('a component without metrics answers empty series, like the Tracker', async () => {
    const series = await new SnapshotMetricsSource(dir).getMetricSeries(REF, {
      component: 'no-such-component',
      metrics: ['__emit-count/default'],
      startSec: 0,
      endSec: CAPTURED_AT_SEC,
    });
    expect(series).toEqual({ '__emit-count/default': {} });
  });
});

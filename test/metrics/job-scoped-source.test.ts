import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { jobScopedSource } from '../../src/metrics/job-scoped-source.js';
import type { MetricsSource } from '../../src/metrics/metrics-source.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { SNAPSHOT_DIR, WORD_COUNT } from '../recorder/synthetic-tracker.js';

const REF = WORD_COUNT as typeof WORD_COUNT & { dsps: 'heron' };

/** The shipped snapshot, counting the reads that reach it; the first `failures` reads of each kind fail. */
function counted(failures = 0) {
  const inner = new SnapshotMetricsSource(SNAPSHOT_DIR);
  const calls = { structure: 0, series: 0, plan: 0 };
  const fail = (n: number) => {
    if (n <= failures) throw new AppError('METRICS_UNAVAILABLE', 'down for a moment');
  };
  const source: MetricsSource = {
    kind: inner.kind,
    listTopologies: () => inner.listTopologies(),
    getStructure: async (ref) => {
      fail(++calls.structure);
      return inner.getStructure(ref);
    },
    getMetricSeries: async (ref, q) => {
      fail(++calls.series);
      return inner.getMetricSeries(ref, q);
    },
    getPackingPlan: async (ref) => {
      fail(++calls.plan);
      return inner.getPackingPlan(ref);
    },
    windowEndSec: (s) => inner.windowEndSec(s),
    ping: () => inner.ping(),
  };
  return { source, calls };
}

describe('jobScopedSource: one job reads each thing once', () => {
  const query = {
    component: 'sentence',
    metrics: ['__emit-count/default'],
    startSec: 1793619000,
    endSec: 1793620800,
  };

  it('answers repeated structure, plan and identical series reads from memory; another query reads again', async () => {
    const { source, calls } = counted();
    const scoped = jobScopedSource(source);
    const [a, b] = await Promise.all([scoped.getStructure(REF), scoped.getStructure(REF)]);
    expect(a).toBe(b);
    await scoped.getPackingPlan?.(REF);
    await scoped.getPackingPlan?.(REF);
    const s1 = await scoped.getMetricSeries(REF, query);
    expect(await scoped.getMetricSeries(REF, { ...query })).toBe(s1);
    await scoped.getMetricSeries(REF, { ...query, startSec: query.startSec + 60 });
    expect(calls).toEqual({ structure: 1, plan: 1, series: 2 });
    expect(scoped.kind).toBe('snapshot');
  });

  it('never keeps a failure: the next read asks the source again', async () => {
    const { source, calls } = counted(1);
    const scoped = jobScopedSource(source);
    await expect(scoped.getStructure(REF)).rejects.toMatchObject({ code: 'METRICS_UNAVAILABLE' });
    await expect(scoped.getStructure(REF)).resolves.toMatchObject({ name: 'WordCountTopology' });
    expect(calls.structure).toBe(2);
  });
});

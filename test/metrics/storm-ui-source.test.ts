import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StormUiMetricsSource } from '../../src/metrics/storm-ui-source.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';
import { type FakeStormUi, startFakeStormUi } from '../support/fake-storm-ui.js';

const NOW_SEC = 1_800_000_000;
const REF: TopologyRef = {
  dsps: 'storm',
  cluster: 'storm',
  environ: 'default',
  topology: 'synthetic-word-count',
};

describe('StormUiMetricsSource', () => {
  let ui: FakeStormUi;
  const source = () => new StormUiMetricsSource({ url: ui.url, retries: 0, nowSec: () => NOW_SEC });
  beforeEach(async () => {
    ui = await startFakeStormUi();
  });
  afterEach(async () => {
    await ui.close();
  });

  it('lists topologies under its cluster and environ', async () => {
    const s = new StormUiMetricsSource({ url: ui.url, cluster: 'prod', environ: 'eu' });
    expect(await s.listTopologies()).toEqual([
      { cluster: 'prod', environ: 'eu', name: 'kafka-ingest' },
      { cluster: 'prod', environ: 'eu', name: 'synthetic-word-count' },
      { cluster: 'prod', environ: 'eu', name: 'word-count' },
    ]);
    await expect(s.ping()).resolves.toBeUndefined();
  });

  it('builds the structure of a topology named by name or id', async () => {
    const byName = await source().getStructure(REF);
    const byId = await source().getStructure({ ...REF, topology: 'synthetic-word-count-7-1700000000' });
    expect(byId).toEqual(byName);
    expect(byName.components.count?.instances).toEqual([
      'count:[11-11]',
      'count:[12-12]',
      'count:[13-13]',
      'count:[14-14]',
    ]);
  });

  it('answers the windowed aggregates as one point in augur units (counts per minute, latencies in ms)', async () => {
    const query = { startSec: NOW_SEC - 600, endSec: NOW_SEC };
    const split = await source().getMetricSeries(REF, {
      ...query,
      component: 'split',
      metrics: [
        'emitted/default',
        'executed/sentence/default',
        'execute-latency-ms/sentence/default',
        'capacity',
        'executed/__system/__tick',
      ],
      instances: ['split:[5-6]', 'split:[9-10]'],
    });
    const at = NOW_SEC - 60; // the last whole minute of the query window
    // 180 000 sentences over 600 s to 3 executors: 60 000 each = 6 000 a minute; 5 words each.
    expect(split['executed/sentence/default']).toEqual({
      'split:[5-6]': [[at, 6000]],
      'split:[9-10]': [[at, 6000]],
    });
    expect(split['emitted/default']?.['split:[5-6]']).toEqual([[at, 30000]]);
    expect(split['execute-latency-ms/sentence/default']?.['split:[5-6]']).toEqual([[at, 0.05]]); // ms, as the UI says
    expect(split.capacity?.['split:[5-6]']).toEqual([[at, 0.005]]);
    expect(split['executed/__system/__tick']).toEqual({});

    const spout = await source().getMetricSeries(REF, {
      ...query,
      component: 'sentence',
      metrics: ['emitted/default', 'complete-latency-ms/default'],
    });
    expect(spout['emitted/default']).toEqual({
      'sentence:[1-2]': [[at, 9000]],
      'sentence:[3-4]': [[at, 9000]],
    });
    expect(spout['complete-latency-ms/default']?.['sentence:[3-4]']).toEqual([[at, 3.5]]);
  });

  it('has no points for a window the UI cannot look back to', async () => {
    const old = await source().getMetricSeries(REF, {
      component: 'split',
      metrics: ['emitted/default'],
      startSec: NOW_SEC - 7200,
      endSec: NOW_SEC - 3600,
    });
    expect(old).toEqual({ 'emitted/default': {} });
  });

  it.each([
    ['another DSPS', { ...REF, dsps: 'heron' as const }, 'DSPS_NOT_SUPPORTED'],
    ['another cluster', { ...REF, cluster: 'other' }, 'TOPOLOGY_NOT_FOUND'],
    ['an unknown topology', { ...REF, topology: 'nope' }, 'TOPOLOGY_NOT_FOUND'],
    ['a listed topology the UI has no page for', { ...REF, topology: 'kafka-ingest' }, 'TOPOLOGY_NOT_FOUND'],
  ])('maps %s to %s', async (_, ref, code) => {
    await expect(source().getStructure(ref)).rejects.toMatchObject({ code });
  });

  it('reports an unavailable UI as transient', async () => {
    ui.failNext(1);
    await expect(source().getStructure(REF)).rejects.toMatchObject({
      code: 'METRICS_UNAVAILABLE',
      retryable: true,
    });
  });
});

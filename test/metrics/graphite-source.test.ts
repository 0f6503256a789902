import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiteSchema } from '../../src/config/history-schema.js';
import { GraphiteMetricsSource } from '../../src/metrics/graphite-source.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { emitCountAt, SNAPSHOT_DIR, sentenceInstances, WORD_COUNT } from '../recorder/synthetic-tracker.js';
import { type FakeGraphite, startFakeGraphite } from '../support/fake-graphite.js';

const HOUR = 3600;
const T0 = 1_699_999_200;
const STREAM = 'emitted/default';
/** Graphite keeps these minutes of the first instance as null. */
const GAP = { from: T0 + HOUR, to: T0 + HOUR + 600 };

describe('Graphite metrics source (render API, Graphite JSON)', () => {
  let graphite: FakeGraphite;
  let instances: string[];
  let source: GraphiteMetricsSource;

  beforeAll(async () => {
    instances = await sentenceInstances();
    const series = instances.map((instance, i) => {
      const points = new Map<number, number | null>();
      for (let ts = T0; ts < T0 + 3 * HOUR; ts += 60) {
        points.set(ts, i === 0 && ts >= GAP.from && ts < GAP.to ? null : emitCountAt(i, ts));
      }
      return { path: `heron.WordCountTopology.sentence.${instance}.__emit-count.default`, points };
    });
    series.push({
      path: 'heron.OtherTopology.sentence.container_1_sentence_1.__emit-count.default',
      points: new Map([[T0, 7]]),
    });
    graphite = await startFakeGraphite(series);
    source = new GraphiteMetricsSource({
      ...graphiteSchema.parse({ url: graphite.url, retries: 0 }),
      structure: new SnapshotMetricsSource(SNAPSHOT_DIR),
    });
  });

  afterAll(async () => {
    await graphite?.close();
  });

  it('answers per instance over [startSec, endSec), with the default Heron target', async () => {
    await source.ping();
    const series = await source.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: [STREAM],
      startSec: T0,
      endSec: T0 + 3 * HOUR,
    });
    expect(graphite.requests.at(-1)?.get('target')).toBe(
      'heron.WordCountTopology.sentence.*.__emit-count.default',
    );
    expect(graphite.requests.at(-1)?.get('format')).toBe('json');
    expect(Object.keys(series[STREAM] ?? {}).sort()).toEqual(instances);
    instances.slice(1).forEach((instance, k) => {
      const points = series[STREAM]?.[instance] ?? [];
      // Graphite starts at the first step after `from`: T0 itself is not in the answer.
      expect(points).toHaveLength(3 * 60 - 1);
      expect(points[0]).toEqual([T0 + 60, emitCountAt(k + 1, T0 + 60)]);
      expect(points.at(-1)).toEqual([T0 + 3 * HOUR - 60, emitCountAt(k + 1, T0 + 3 * HOUR - 60)]);
    });
  });

  it('leaves null datapoints out — a gap is never a zero', async () => {
    const series = await source.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: [STREAM],
      instances: instances.slice(0, 2),
      startSec: T0,
      endSec: T0 + 2 * HOUR,
    });
    expect(graphite.requests.at(-1)?.get('target')).toBe(
      `heron.WordCountTopology.sentence.{${instances.slice(0, 2).join(',')}}.__emit-count.default`,
    );
    const points = series[STREAM]?.[instances[0] ?? ''] ?? [];
    expect(points.some(([ts]) => ts >= GAP.from && ts < GAP.to)).toBe(false);
    expect(points.every(([, v]) => v > 0)).toBe(true);
    expect(points).toHaveLength(2 * 60 - 1 - 10);
    expect(Object.keys(series[STREAM] ?? {}).sort()).toEqual(instances.slice(0, 2).sort());
  });

  it('answers empty series for metrics without a target template', async () => {
    const series = await source.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: ['__ack-count/default'],
      startSec: T0,
      endSec: T0 + HOUR,
    });
    expect(series).toEqual({ '__ack-count/default': {} });
  });

  it('classifies failures: 5xx → METRICS_UNAVAILABLE after retries, 400 → CONFIG_INVALID', async () => {
    const retrying = new GraphiteMetricsSource({
      ...graphiteSchema.parse({ url: graphite.url, retries: 1 }),
      retryDelayMs: 1,
      structure: new SnapshotMetricsSource(SNAPSHOT_DIR),
    });
    graphite.failNext(1);
    const ok = await retrying.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: [STREAM],
      startSec: T0,
      endSec: T0 + HOUR,
    });
    expect(Object.keys(ok[STREAM] ?? {})).toHaveLength(instances.length);
    graphite.failNext(2);
    await expect(
      retrying.getMetricSeries(WORD_COUNT, {
        component: 'sentence',
        metrics: [STREAM],
        startSec: T0,
        endSec: T0 + HOUR,
      }),
    ).rejects.toMatchObject({ code: 'METRICS_UNAVAILABLE', retryable: true });

    const bad = new GraphiteMetricsSource({
      ...graphiteSchema.parse({
        url: graphite.url,
        retries: 0,
        targets: { '__emit-count': 'sumSeries(heron.{topology}' },
      }),
      structure: new SnapshotMetricsSource(SNAPSHOT_DIR),
    });
    await expect(
      bad.getMetricSeries(WORD_COUNT, {
        component: 'sentence',
        metrics: [STREAM],
        startSec: T0,
        endSec: T0 + HOUR,
      }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusSchema } from '../../src/config/history-schema.js';
import { PrometheusMetricsSource } from '../../src/metrics/prometheus-source.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { emitCountAt, SNAPSHOT_DIR, sentenceInstances, WORD_COUNT } from '../recorder/synthetic-tracker.js';
import { type PrometheusServer, startPrometheus } from '../support/prometheus-server.js';

const HOUR = 3600;
/** A whole hour in the past (Nov 2023); the test server keeps data for 100 years. */
const T0 = 1_699_999_200;
const HOURS = 5;
const STREAM = 'emitted/default';
/** One instance stops reporting for these 10 minutes. */
const GAP = { from: T0 + 2 * HOUR, to: T0 + 2 * HOUR + 600 };

/**
 * OpenMetrics as Heron's PrometheusSink names it (`heron_emit_count_default`, labels topology, component,
 * instance_id, cluster_role_env, component_type), one sample a minute over 5 hours, for every instance of the
 * word-count `sentence` spout; plus a bolt and another topology with the same metric, which must not leak in.
 */
function openMetrics(instances: string[]): string {
  const lines = [
    '# HELP heron_emit_count_default Heron emit count, stream default',
    '# TYPE heron_emit_count_default gauge',
  ];
  const series = (labels: string, value: (ts: number) => number | undefined) => {
    for (let ts = T0; ts < T0 + HOURS * HOUR; ts += 60) {
      const v = value(ts);
      if (v !== undefined) lines.push(`heron_emit_count_default{${labels}} ${v} ${ts}`);
    }
  };
  instances.forEach((instance, i) => {
    series(
      `topology="WordCountTopology",component="sentence",instance_id="${instance}",cluster_role_env="local/augur/default",component_type="spout"`,
      (ts) => (i === 0 && ts >= GAP.from && ts < GAP.to ? undefined : emitCountAt(i, ts)),
    );
  });
  series(
    'topology="WordCountTopology",component="split",instance_id="container_1_split_2",component_type="bolt"',
    () => 5,
  );
  series(
    'topology="OtherTopology",component="sentence",instance_id="container_1_sentence_1",component_type="spout"',
    () => 7,
  );
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

describe('Prometheus metrics source (real Prometheus, backfilled with promtool)', () => {
  let prometheus: PrometheusServer;
  let instances: string[];
  let source: PrometheusMetricsSource;

  beforeAll(async () => {
    instances = await sentenceInstances();
    prometheus = await startPrometheus(openMetrics(instances));
    source = new PrometheusMetricsSource({
      ...prometheusSchema.parse({ url: prometheus.url, retries: 0 }),
      structure: new SnapshotMetricsSource(SNAPSHOT_DIR),
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.close();
  });

  it('answers the window minute by minute per instance, with the default Heron sink query', async () => {
    await source.ping();
    const series = await source.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: [STREAM],
      startSec: T0,
      endSec: T0 + HOURS * HOUR,
    });
    expect(Object.keys(series[STREAM] ?? {}).sort()).toEqual(instances);
    instances.slice(1).forEach((instance, k) => {
      const points = series[STREAM]?.[instance] ?? [];
      expect(points).toHaveLength(HOURS * 60);
      expect(points[0]).toEqual([T0, emitCountAt(k + 1, T0)]);
      expect(points.at(-1)).toEqual([T0 + HOURS * HOUR - 60, emitCountAt(k + 1, T0 + HOURS * HOUR - 60)]);
    });
  });

  it('leaves missing minutes out (never zero), bounded to one carried-over minute', async () => {
    const series = await source.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: [STREAM],
      instances: instances.slice(0, 1),
      startSec: T0 + HOUR,
      endSec: T0 + 3 * HOUR,
    });
    const points = series[STREAM]?.[instances[0] ?? ''] ?? [];
    expect(Object.keys(series[STREAM] ?? {})).toEqual(instances.slice(0, 1));
    expect(points.every(([, v]) => v > 0)).toBe(true);
    const inGap = points.filter(([ts]) => ts >= GAP.from && ts < GAP.to);
    expect(inGap.length).toBeLessThanOrEqual(1); // Prometheus 2.x ranges include their start
    expect(points.length).toBe(120 - 10 + inGap.length);
  });

  it('answers a sub-window exactly: [startSec, endSec) on minute buckets', async () => {
    const series = await source.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: [STREAM],
      instances: instances.slice(1, 2),
      startSec: T0 + 30, // not on a minute: the first bucket is T0 + 60
      endSec: T0 + 600,
    });
    const points = series[STREAM]?.[instances[1] ?? ''] ?? [];
    expect(points.map(([ts]) => ts)).toEqual(Array.from({ length: 9 }, (_, i) => T0 + 60 * (i + 1)));
  });

  it('answers empty series for metrics without a template, and the structure from its structure source', async () => {
    const series = await source.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: ['__ack-count/default'],
      startSec: T0,
      endSec: T0 + HOUR,
    });
    expect(series).toEqual({ '__ack-count/default': {} });
    expect((await source.getStructure(WORD_COUNT)).components.sentence?.kind).toBe('spout');
  });

  it('answers the running plan from its structure source (container capacities are not series)', async () => {
    const plan = await source.getPackingPlan(WORD_COUNT);
    expect(plan?.containers.length).toBeGreaterThan(0);
    expect(plan).toEqual(await new SnapshotMetricsSource(SNAPSHOT_DIR).getPackingPlan(WORD_COUNT));
  });

  it('reports a template Prometheus rejects as CONFIG_INVALID (permanent)', async () => {
    const bad = new PrometheusMetricsSource({
      ...prometheusSchema.parse({ url: prometheus.url, retries: 0, queries: { '__emit-count': 'sum(' } }),
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

  it('reports an unreachable Prometheus as METRICS_UNAVAILABLE (transient)', async () => {
    const gone = new PrometheusMetricsSource({
      ...prometheusSchema.parse({ url: 'http://127.0.0.1:1', retries: 1 }),
      retryDelayMs: 1,
      structure: new SnapshotMetricsSource(SNAPSHOT_DIR),
    });
    await expect(
      gone.getMetricSeries(WORD_COUNT, {
        component: 'sentence',
        metrics: [STREAM],
        startSec: T0,
        endSec: T0 + HOUR,
      }),
    ).rejects.toMatchObject({ code: 'METRICS_UNAVAILABLE', retryable: true });
    await expect(gone.ping()).rejects.toMatchObject({ code: 'METRICS_UNAVAILABLE' });
  });
});

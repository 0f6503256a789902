import { join } from 'node:path';
import { graphiteSchema, prometheusSchema } from '../../src/config/history-schema.js';
import { GraphiteMetricsSource } from '../../src/metrics/graphite-source.js';
import { PrometheusMetricsSource } from '../../src/metrics/prometheus-source.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { StormSnapshotSource } from '../../src/metrics/storm-snapshot-source.js';
import { StormUiMetricsSource } from '../../src/metrics/storm-ui-source.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';
import { METRIC_FAMILY } from '../../src/topology/metric-series.js';
import { emitCountAt, sentenceInstances } from '../recorder/synthetic-tracker.js';
import { startFakeGraphite } from '../support/fake-graphite.js';
import { startFakeStormUi } from '../support/fake-storm-ui.js';
import { startFakeTracker } from '../support/fake-tracker.js';
import { startPrometheus } from '../support/prometheus-server.js';
import { metricsSourceContract } from './metrics-source-contract.js';

const EXAMPLES = join(import.meta.dirname, '../../examples/snapshots');
const HERON_REF = {
  dsps: 'heron',
  cluster: 'local',
  environ: 'default',
  role: 'augur',
  topology: 'WordCountTopology',
} as const;
// When the shipped examples were captured, Unix s.
const CAPTURED_AT_SEC = 1_793_620_800;
const EVERY_FAMILY = [
  METRIC_FAMILY.emitted,
  METRIC_FAMILY.executed,
  METRIC_FAMILY.executeLatencyMs,
  METRIC_FAMILY.cpuCores,
];
const none = async () => {};

metricsSourceContract('Heron snapshot directory', {
  ref: HERON_REF,
  requestedAtSec: CAPTURED_AT_SEC + 3600,
  windowMinutes: 60,
  carries: EVERY_FAMILY,
  open: async () => ({ source: new SnapshotMetricsSource(join(EXAMPLES, 'word-count')), close: none }),
});

metricsSourceContract('Heron Tracker', {
  ref: HERON_REF,
  requestedAtSec: CAPTURED_AT_SEC,
  windowMinutes: 60,
  carries: EVERY_FAMILY,
  open: async () => {
    const tracker = await startFakeTracker({ snapshotDir: join(EXAMPLES, 'word-count') });
    return {
      source: new TrackerMetricsSource({ url: tracker.url, retries: 0 }),
      close: () => tracker.close(),
    };
  },
});

metricsSourceContract('Storm snapshot directory', {
  ref: { dsps: 'storm', cluster: 'local', environ: 'default', topology: 'storm-word-count' },
  requestedAtSec: CAPTURED_AT_SEC,
  windowMinutes: 60,
  carries: [METRIC_FAMILY.emitted, METRIC_FAMILY.executed, METRIC_FAMILY.executeLatencyMs],
  open: async () => ({ source: new StormSnapshotSource(join(EXAMPLES, 'storm-word-count')), close: none }),
});

metricsSourceContract('Storm UI', {
  ref: { dsps: 'storm', cluster: 'storm', environ: 'default', topology: 'synthetic-word-count' },
  requestedAtSec: 1_800_000_000,
  windowMinutes: 10,
  carries: [METRIC_FAMILY.emitted, METRIC_FAMILY.executed, METRIC_FAMILY.executeLatencyMs],
  open: async () => {
    const ui = await startFakeStormUi();
    const source = new StormUiMetricsSource({ url: ui.url, retries: 0, nowSec: () => 1_800_000_000 });
    return { source, close: () => ui.close() };
  },
});

// Series stores carry what Heron's metrics sinks export: here the spouts' emit counts over 3 hours.
const SERIES_END_SEC = 1_700_010_000;
const seriesMinutes = async () => {
  const instances = await sentenceInstances();
  const minutes: Array<{ instance: string; index: number; ts: number }> = [];
  instances.forEach((instance, index) => {
    for (let ts = SERIES_END_SEC - 3 * 3600; ts < SERIES_END_SEC; ts += 60)
      minutes.push({ instance, index, ts });
  });
  return minutes;
};

metricsSourceContract('Graphite (render API)', {
  ref: HERON_REF,
  requestedAtSec: SERIES_END_SEC,
  windowMinutes: 60,
  carries: [METRIC_FAMILY.emitted],
  open: async () => {
    const byInstance = new Map<string, Map<number, number>>();
    for (const m of await seriesMinutes()) {
      const points = byInstance.get(m.instance) ?? new Map<number, number>();
      points.set(m.ts, emitCountAt(m.index, m.ts));
      byInstance.set(m.instance, points);
    }
    const graphite = await startFakeGraphite(
      [...byInstance].map(([instance, points]) => ({
        path: `heron.WordCountTopology.sentence.${instance}.__emit-count.default`,
        points,
      })),
    );
    const source = new GraphiteMetricsSource({
      ...graphiteSchema.parse({ url: graphite.url, retries: 0 }),
      structure: new SnapshotMetricsSource(join(EXAMPLES, 'word-count')),
    });
    return { source, close: () => graphite.close() };
  },
});

metricsSourceContract('Prometheus (real server)', {
  ref: HERON_REF,
  requestedAtSec: SERIES_END_SEC,
  windowMinutes: 60,
  carries: [METRIC_FAMILY.emitted],
  open: async () => {
    const lines = ['# TYPE heron_emit_count_default gauge'];
    for (const m of await seriesMinutes()) {
      lines.push(
        `heron_emit_count_default{topology="WordCountTopology",component="sentence",instance_id="${m.instance}"} ${emitCountAt(m.index, m.ts)} ${m.ts}`,
      );
    }
    lines.push('# EOF');
    const prometheus = await startPrometheus(`${lines.join('\n')}\n`);
    const source = new PrometheusMetricsSource({
      ...prometheusSchema.parse({ url: prometheus.url, retries: 0 }),
      structure: new SnapshotMetricsSource(join(EXAMPLES, 'word-count')),
    });
    return { source, close: () => prometheus.close() };
  },
});

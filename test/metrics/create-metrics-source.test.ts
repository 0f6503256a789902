import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createMetricsSource } from '../../src/metrics/create-metrics-source.js';
import { PrometheusMetricsSource } from '../../src/metrics/prometheus-source.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { StormSnapshotSource } from '../../src/metrics/storm-snapshot-source.js';
import { StormUiMetricsSource } from '../../src/metrics/storm-ui-source.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';

describe('createMetricsSource', () => {
  it('defaults to the example snapshot', () => {
    const source = createMetricsSource(parseConfig({}), 'heron');
    expect(source).toBeInstanceOf(SnapshotMetricsSource);
    expect(source.kind).toBe('snapshot');
    expect((source as SnapshotMetricsSource).dir).toMatch(/examples\/snapshots\/word-count$/);
  });

  it('makes a Tracker source from metrics.heron.tracker', () => {
    const source = createMetricsSource(
      parseConfig({
        metrics: {
          heron: {
            source: 'tracker',
            tracker: { url: 'http://tracker.example:8888/', timeoutMs: 1234, retries: 0 },
          },
        },
      }),
      'heron',
    );
    expect(source).toBeInstanceOf(TrackerMetricsSource);
    expect(source.kind).toBe('tracker');
    expect((source as TrackerMetricsSource).client.baseUrl).toBe('http://tracker.example:8888');
    expect(source.windowEndSec(1_800_000_060)).toBe(1_800_000_060);
  });

  it('does no I/O: a snapshot directory that does not exist fails in ping, not here', async () => {
    const source = createMetricsSource(
      parseConfig({ metrics: { heron: { snapshotDir: '/nonexistent/augur' } } }),
      'heron',
    );
    await expect(source.ping()).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID' });
  });

  it('serves Storm from the shipped example directory by default', () => {
    const source = createMetricsSource(parseConfig({}), 'storm');
    expect(source).toBeInstanceOf(StormSnapshotSource);
    expect((source as StormSnapshotSource).dir).toMatch(/examples\/snapshots\/storm-word-count$/);
  });

  it('makes a Storm UI source named by defaults.storm, with the configured stats window', () => {
    const source = createMetricsSource(
      parseConfig({
        metrics: { storm: { source: 'ui', ui: { url: 'http://storm-ui:8080/', windowSec: 10800 } } },
        defaults: { storm: { cluster: 'prod', environ: 'main' } },
      }),
      'storm',
    );
    expect(source).toBeInstanceOf(StormUiMetricsSource);
    const ui = source as StormUiMetricsSource;
    expect([ui.cluster, ui.environ, ui.client.baseUrl, ui.client.windowSec]).toEqual([
      'prod',
      'main',
      'http://storm-ui:8080',
      10800,
    ]);
  });

  it('takes Storm series from Prometheus when seriesFrom says so', () => {
    const source = createMetricsSource(
      parseConfig({
        metrics: { storm: { seriesFrom: 'prometheus', prometheus: { url: 'http://prom:9090' } } },
      }),
      'storm',
    );
    expect(source).toBeInstanceOf(PrometheusMetricsSource);
  });

  it('refuses a Storm UI source without its url, naming the key', () => {
    expect(() => parseConfig({ metrics: { storm: { source: 'ui' } } })).toThrow(/metrics\.storm\.ui/);
  });
});

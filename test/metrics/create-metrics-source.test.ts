import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createMetricsSource } from '../../src/metrics/create-metrics-source.js';
import { SnapshotMetricsSource } from '../../src/metrics/snapshot-source.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';

describe('createMetricsSource', () => {
  it('defaults to the example snapshot', () => {
    const source = createMetricsSource(parseConfig({}));
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
    );
    expect(source).toBeInstanceOf(TrackerMetricsSource);
    expect(source.kind).toBe('tracker');
    expect((source as TrackerMetricsSource).client.baseUrl).toBe('http://tracker.example:8888');
    expect(source.windowEndSec(1_800_000_060)).toBe(1_800_000_060);
  });

  it('does no I/O: a snapshot directory that does not exist fails in ping, not here', async () => {
    const source = createMetricsSource(
      parseConfig({ metrics: { heron: { snapshotDir: '/nonexistent/augur' } } }),
    );
    await expect(source.ping()).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusSchema } from '../../../src/config/history-schema.js';
import { measuredBacklog } from '../../../src/jobs/handlers/measured-backlog.js';
import { PrometheusMetricsSource } from '../../../src/metrics/prometheus-source.js';
import { SnapshotMetricsSource } from '../../../src/metrics/snapshot-source.js';
import type { TopologyStructure } from '../../../src/topology/topology-structure.js';
import { SNAPSHOT_DIR, WORD_COUNT } from '../../recorder/synthetic-tracker.js';
import { type PrometheusServer, startPrometheus } from '../../support/prometheus-server.js';

/** A whole minute in the past (Nov 2023): the test server keeps backfilled data. */
const T0 = 1_699_999_200;
const REF = WORD_COUNT as typeof WORD_COUNT & { dsps: 'heron' };

describe('measured backlog: `__pending-tuples` from a real Prometheus', () => {
  let prometheus: PrometheusServer;
  let source: PrometheusMetricsSource;
  let structure: TopologyStructure;
  let splits: string[];

  beforeAll(async () => {
    const snapshot = new SnapshotMetricsSource(SNAPSHOT_DIR);
    structure = await snapshot.getStructure(REF);
    splits = structure.components.split?.instances ?? [];
    // Queue depth per split instance, one sample a minute for 10 minutes: instance k holds 100·(k+1) + t
    // tuples at minute t; the last sample of the first instance is missing (NaN never counts).
    const lines = ['# TYPE augur_pending_tuples gauge'];
    splits.forEach((instance, k) => {
      for (let t = 0; t < 10; t += 1) {
        const value = k === 0 && t === 9 ? 'NaN' : String(100 * (k + 1) + t);
        lines.push(
          `augur_pending_tuples{topology="WordCountTopology",component="split",instance_id="${instance}"} ${value} ${T0 + 60 * t}`,
        );
      }
    });
    lines.push('# EOF');
    prometheus = await startPrometheus(`${lines.join('\n')}\n`);
    source = new PrometheusMetricsSource({
      ...prometheusSchema.parse({
        url: prometheus.url,
        retries: 0,
        queries: {
          '__pending-tuples':
            'augur_pending_tuples{topology="{topology}",component="{component}",instance_id=~"{instance}"}',
        },
      }),
      structure: snapshot,
    });
  }, 60_000);
  afterAll(async () => {
    await prometheus?.close();
  });

  it('sums the latest queue depth of each instance of a component; components without data are left out', async () => {
    const backlog = await measuredBacklog(source, REF, structure, T0 + 600);
    expect(splits.length).toBeGreaterThan(1);
    // instance 0's last value is NaN: its latest finite one is minute 8 (108); the others' minute 9
    const expected = splits.reduce((sum, _, k) => sum + (k === 0 ? 108 : 100 * (k + 1) + 9), 0);
    expect(backlog).toEqual({ split: expected });
  });

  it('reads only the lookback: an old backlog is no backlog', async () => {
    expect(await measuredBacklog(source, REF, structure, T0 + 3600, 300)).toEqual({});
  });
});

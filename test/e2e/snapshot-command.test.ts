import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, pollHttp, startAugur, waitForHttp } from '../support/augur-process.js';
import { type FakeTracker, startFakeTracker } from '../support/fake-tracker.js';

describe('augur snapshot', () => {
  let tracker: FakeTracker;
  beforeAll(async () => {
    tracker = await startFakeTracker({ snapshotDir: 'examples/snapshots/word-count', style: 'bare' });
  });
  afterAll(async () => {
    await tracker.close();
  });

  it('saves a live Tracker topology that `augur all` then serves offline', async () => {
    const out = mkdtempSync(join(tmpdir(), 'augur-snapshot-'));
    const snap = startAugur(
      [
        'snapshot',
        ...['--tracker', tracker.url, '--cluster', 'local', '--environ', 'default', '--role', 'augur'],
        ...['--topology', 'WordCountTopology', '--out', out, '--end', '2026-11-02T12:00:00Z'],
      ],
      {},
    );
    expect(await snap.exited, snap.output()).toBe(0);
    expect(readdirSync(out)).toContain('manifest.json');

    const port = await freePort();
    const all = startAugur(['all'], { PORT: String(port), AUGUR_METRICS__HERON__SNAPSHOT_DIR: out });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForHttp(`${base}/health`, all);
      const accepted = await fetch(`${base}/model/traffic/heron/WordCountTopology`);
      const done = await pollHttp(`${base}${((await accepted.json()) as { status_url: string }).status_url}`);
      const result = (await done.json()) as {
        status: string;
        metrics: { window_end: string };
        model_results: Array<{ results: { arrival_rate: { samples: number } } }>;
      };
      expect(result.status).toBe('complete');
      expect(result.metrics.window_end).toBe('2026-11-02T12:00:00.000Z');
      expect(result.model_results[0]?.results.arrival_rate.samples).toBe(180);
    } finally {
      all.child.kill('SIGTERM');
      await all.exited;
    }
  });

  it('refuses a bad --end and names it', async () => {
    const snap = startAugur(
      [
        'snapshot',
        '--tracker',
        tracker.url,
        '--cluster',
        'c',
        '--environ',
        'e',
        '--topology',
        't',
        '--out',
        tmpdir(),
        '--end',
        'yesterday',
      ],
      {},
    );
    expect(await snap.exited).toBe(1);
    expect(snap.output()).toMatch(/--end.*must be ISO-8601 or Unix seconds/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorderSchema } from '../../src/config/history-schema.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';
import { HistoryRecorder } from '../../src/recorder/history-recorder.js';
import { HistoryStore } from '../../src/recorder/history-store.js';
import { RecorderScheduler } from '../../src/recorder/recorder-scheduler.js';
import { recorderState } from '../../src/recorder/recorder-state.js';
import { type FakeTracker, startFakeTracker } from '../support/fake-tracker.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { syntheticWordCount, WORD_COUNT } from './synthetic-tracker.js';

describe('recorder scheduler: BullMQ job schedulers per topology', () => {
  const url = testRedisUrl();
  const prefix = uniquePrefix('recorder-scheduler');
  let tracker: FakeTracker;
  let store: HistoryStore;

  beforeAll(async () => {
    const now = Math.floor(Date.now() / 1000);
    tracker = await startFakeTracker({
      topologies: [await syntheticWordCount(now - 3 * 3600 - (now % 60), now + 3600)],
    });
    store = new HistoryStore({ redis: url, prefix, retentionSec: 1_209_600 });
  });

  afterAll(async () => {
    await store?.close();
    await tracker?.close();
    await deleteKeysWithPrefix(url, prefix);
  });

  function scheduler(config: Record<string, unknown>, nowSec?: () => number): RecorderScheduler {
    const parsed = recorderSchema.parse({ enabled: true, queueName: 'recorder', ...config });
    const source = new TrackerMetricsSource({ url: tracker.url, retries: 0 });
    const recorder = new HistoryRecorder({
      sources: { heron: source },
      store,
      lookbackSec: parsed.lookbackSec,
    });
    return new RecorderScheduler({
      redisUrl: url,
      prefix,
      config: parsed,
      store,
      recorder,
      logger: silentQueueLogger,
      ...(nowSec ? { nowSec } : {}),
    });
  }

  it('schedules the configured topologies, and its worker polls them into Redis', async () => {
    const s = scheduler({
      topologies: [{ cluster: 'local', environ: 'default', role: 'augur', topology: 'WordCountTopology' }],
    });
    try {
      await s.syncConfigured();
      expect(await s.schedulerIds()).toEqual([RecorderScheduler.schedulerId(WORD_COUNT)]);
      s.startWorker();
      const deadline = Date.now() + 15_000;
      let state = await recorderState(store, { enabled: true, intervalSec: 60, retentionSec: 1_209_600 });
      while (state.lastRunAt === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        state = await recorderState(store, { enabled: true, intervalSec: 60, retentionSec: 1_209_600 });
      }
      expect(state.topologies[0]).toMatchObject({
        topology: 'WordCountTopology',
        origin: 'config',
        lastError: null,
      });
      expect(state.lastRunAt).not.toBeNull();
      expect(state.points).toBeGreaterThanOrEqual(9 * state.series);
      expect(state.series).toBeGreaterThan(0);

      // Dropped from the configuration: its scheduler goes.
      const again = scheduler({ topologies: [] });
      try {
        await again.syncConfigured();
        expect(await again.schedulerIds()).toEqual([]);
        expect(await store.listWatched()).toEqual([]);
      } finally {
        await again.close();
      }
    } finally {
      await s.close();
    }
  });

  it('watches requested topologies until they have not been requested for requestedTtlSec', async () => {
    let now = Math.floor(Date.now() / 1000);
    const s = scheduler({ requestedTtlSec: 3600 }, () => now);
    try {
      await s.watchRequested(WORD_COUNT);
      expect(await s.schedulerIds()).toEqual([RecorderScheduler.schedulerId(WORD_COUNT)]);
      expect((await store.getWatched(WORD_COUNT))?.origin).toBe('requested');
      await s.process(WORD_COUNT); // polls
      now += 3601;
      await s.process(WORD_COUNT); // expired: unwatched, scheduler removed
      expect(await s.schedulerIds()).toEqual([]);
      expect(await store.getWatched(WORD_COUNT)).toBeNull();
    } finally {
      await s.close();
    }
  });

  it('does not watch requested topologies when watchRequested is off', async () => {
    const s = scheduler({ watchRequested: false });
    try {
      await s.watchRequested(WORD_COUNT);
      expect(await s.schedulerIds()).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorderSchema } from '../../src/config/history-schema.js';
import { RecordedHistorySource } from '../../src/metrics/recorded-history-source.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';
import { HistoryRecorder } from '../../src/recorder/history-recorder.js';
import { HistoryStore } from '../../src/recorder/history-store.js';
import { recorderState } from '../../src/recorder/recorder-state.js';
import { syntheticWordCount, WORD_COUNT } from '../recorder/synthetic-tracker.js';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';
import { type FakeTracker, startFakeTracker } from '../support/fake-tracker.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

const HOUR = 3600;
const T0 = 1_800_000_000 - (1_800_000_000 % HOUR);

describe('recorder → Redis → traffic models', () => {
  const prefix = uniquePrefix('recorded');
  let early: FakeTracker; // the Tracker as it was 3 hours ago: [T0, T0 + 3 h)
  let late: FakeTracker; // the Tracker now: [T0 + 3 h, T0 + 6 h)
  let store: HistoryStore;
  let t: TestApp;

  beforeAll(async () => {
    early = await startFakeTracker({ topologies: [await syntheticWordCount(T0, T0 + 3 * HOUR)] });
    late = await startFakeTracker({ topologies: [await syntheticWordCount(T0 + 3 * HOUR, T0 + 6 * HOUR)] });
    const config = recorderSchema.parse({ enabled: true });
    store = new HistoryStore({ redis: testRedisUrl(), prefix, retentionSec: config.retentionSec });
    const recorder = new HistoryRecorder({
      sources: { heron: new TrackerMetricsSource({ url: early.url, retries: 0 }) },
      store,
      lookbackSec: 3 * HOUR,
    });
    await store.setWatched({ ref: WORD_COUNT, origin: 'config', intervalSec: config.intervalSec });
    await recorder.record(WORD_COUNT, T0 + 3 * HOUR);
    t = await buildTestApp(
      { model: { traffic: { heron: ['summary', 'forecast'] } } },
      {
        now: () => (T0 + 6 * HOUR) * 1000,
        source: new RecordedHistorySource(new TrackerMetricsSource({ url: late.url, retries: 0 }), store),
        recorder: { state: () => recorderState(store, config), watchRequested: async () => {} },
      },
    );
  });

  afterAll(async () => {
    await t?.close();
    await store?.close();
    await Promise.all([early?.close(), late?.close()]);
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('forecasts from 6 hours of history where the Tracker alone keeps 3', async () => {
    const url = `/model/traffic/heron/${WORD_COUNT.topology}?cluster=${WORD_COUNT.cluster}&environ=${WORD_COUNT.environ}&role=${WORD_COUNT.role}&source_hours=6&duration=30`;
    const accepted = await t.app.inject({ method: 'GET', url });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const result = (await pollUntilDone(t.app, accepted.json().status_url, 60_000)).json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    expect(result.metrics.source).toBe('tracker+recorded');
    const [summary, forecast] = result.model_results;
    expect(summary.results.history.used_minutes).toBe(360);
    expect(forecast.results.arrival_rate.series.mean.length).toBeGreaterThan(0);
  });

  it('shows what it recorded at GET /recorder', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/recorder' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ enabled: true });
    expect(res.json().topologies).toEqual([
      expect.objectContaining({ topology: WORD_COUNT.topology, origin: 'config' }),
    ]);
    // three spout instances × 180 recorded minutes
    expect(res.json().points).toBe(3 * 180);
  });
});

describe('GET /recorder without a recorder', () => {
  it('says it is disabled', async () => {
    const t = await buildTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/recorder' });
      expect(res.json()).toMatchObject({ enabled: false, topologies: [], points: 0 });
    } finally {
      await t.close();
    }
  });
});

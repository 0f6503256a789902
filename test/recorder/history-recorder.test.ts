import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recorderStateSchema } from '../../src/config/history-schema.js';
import { RecordedHistorySource } from '../../src/metrics/recorded-history-source.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';
import { HistoryRecorder } from '../../src/recorder/history-recorder.js';
import { HistoryStore } from '../../src/recorder/history-store.js';
import { recorderState } from '../../src/recorder/recorder-state.js';
import { type FakeTracker, startFakeTracker } from '../support/fake-tracker.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { emitCountAt, sentenceInstances, syntheticWordCount, WORD_COUNT } from './synthetic-tracker.js';

const HOUR = 3600;
/** A whole hour, so minute arithmetic below is exact. */
const T0 = 1_800_000_000 - (1_800_000_000 % HOUR);
const STREAM = 'emitted/default';

describe('recorder: Tracker → Redis history', () => {
  const url = testRedisUrl();
  let early: FakeTracker; // serves [T0, T0 + 3 h)
  let late: FakeTracker; // serves [T0 + 3 h, T0 + 6 h), like a Tracker asked at T0 + 6 h
  let instances: string[];
  const prefixes: string[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    early = await startFakeTracker({ topologies: [await syntheticWordCount(T0, T0 + 3 * HOUR)] });
    late = await startFakeTracker({ topologies: [await syntheticWordCount(T0 + 3 * HOUR, T0 + 6 * HOUR)] });
    instances = await sentenceInstances();
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  afterAll(async () => {
    await Promise.all([early?.close(), late?.close()]);
    for (const prefix of prefixes) await deleteKeysWithPrefix(url, prefix);
  });

  function setUp(
    trackerUrl: string,
    options: { retentionSec?: number; lookbackSec?: number; prefix?: string },
  ) {
    const prefix = options.prefix ?? uniquePrefix('recorder');
    prefixes.push(prefix);
    const store = new HistoryStore({ redis: url, prefix, retentionSec: options.retentionSec ?? 14 * 86_400 });
    const source = new TrackerMetricsSource({ url: trackerUrl, retries: 0 });
    const recorder = new HistoryRecorder({
      sources: { heron: source },
      store,
      lookbackSec: options.lookbackSec ?? 600,
    });
    closers.push(() => store.close());
    return { prefix, store, source, recorder };
  }

  async function zcards(store: HistoryStore): Promise<number[]> {
    const redis = new Redis(url);
    try {
      return await Promise.all(
        instances.map((i) => redis.zcard(store.seriesKey(WORD_COUNT, 'sentence', STREAM, i))),
      );
    } finally {
      await redis.quit();
    }
  }

  it('records each spout instance minute by minute, up to the last complete minute', async () => {
    const { store, recorder } = setUp(early.url, { lookbackSec: 600 });
    const at = T0 + HOUR + 30; // mid-minute: that minute is still filling and left out
    const result = await recorder.record(WORD_COUNT, at);
    expect(result).toMatchObject({ startSec: T0 + HOUR - 600, endSec: T0 + HOUR });
    expect(result.series).toBe(instances.length);
    expect(result.points).toBe(10 * instances.length);
    const read = await store.read(WORD_COUNT, 'sentence', [STREAM], undefined, T0, T0 + 6 * HOUR);
    const first = read[STREAM]?.[instances[0] ?? ''] ?? [];
    expect(first).toHaveLength(10);
    expect(first[0]).toEqual([T0 + HOUR - 600, emitCountAt(0, T0 + HOUR - 600)]);
    expect(first.at(-1)?.[0]).toBe(T0 + HOUR - 60);
  });

  it('deduplicates by timestamp when the same minutes are polled again (the latest value wins)', async () => {
    const { store, recorder, prefix } = setUp(early.url, { lookbackSec: 600 });
    await recorder.record(WORD_COUNT, T0 + HOUR);
    await recorder.record(WORD_COUNT, T0 + HOUR); // the same 10 minutes
    await recorder.record(WORD_COUNT, T0 + HOUR + 120); // 8 of them again, 2 new
    expect(await zcards(store)).toEqual(instances.map(() => 12));

    // A Tracker that now reports other values for those minutes (a bucket that was still filling).
    const doubled = await startFakeTracker({ topologies: [await syntheticWordCount(T0, T0 + 3 * HOUR, 2)] });
    try {
      const again = setUp(doubled.url, { lookbackSec: 600, prefix });
      await again.recorder.record(WORD_COUNT, T0 + HOUR + 120);
      expect(await zcards(store)).toEqual(instances.map(() => 12));
      const read = await store.read(
        WORD_COUNT,
        'sentence',
        [STREAM],
        instances.slice(0, 1),
        T0,
        T0 + 6 * HOUR,
      );
      const points = read[STREAM]?.[instances[0] ?? ''] ?? [];
      expect(points[0]).toEqual([T0 + HOUR - 600, emitCountAt(0, T0 + HOUR - 600)]); // not re-polled
      expect(points.at(-1)).toEqual([T0 + HOUR + 60, emitCountAt(0, T0 + HOUR + 60, 2)]);
    } finally {
      await doubled.close();
    }
  });

  it('trims points older than the retention', async () => {
    const { store, recorder } = setUp(early.url, { retentionSec: HOUR, lookbackSec: 600 });
    await recorder.record(WORD_COUNT, T0 + HOUR);
    await recorder.record(WORD_COUNT, T0 + 2 * HOUR + 300);
    const stats = await store.stats(WORD_COUNT);
    expect(stats.oldestSec).toBe(T0 + 2 * HOUR + 300 - 600);
    expect(stats.newestSec).toBe(T0 + 2 * HOUR + 240);
    expect(stats.points).toBe(10 * instances.length);
    // A poll reading further back than the retention does not write what would be trimmed at once.
    const long = setUp(early.url, { retentionSec: HOUR, lookbackSec: 2 * HOUR });
    const result = await long.recorder.record(WORD_COUNT, T0 + 3 * HOUR);
    expect(result.points).toBe(60 * instances.length); // only [T0 + 2 h, T0 + 3 h) of [T0 + 1 h, T0 + 3 h)
  });

  it('keeps the history and its state across a restart (new store and recorder on the same prefix)', async () => {
    const first = setUp(early.url, { lookbackSec: 3 * HOUR });
    await first.recorder.record(WORD_COUNT, T0 + 3 * HOUR);
    await first.store.setWatched({ ref: WORD_COUNT, origin: 'config', intervalSec: 60 });
    await first.store.close();

    const second = setUp(late.url, { lookbackSec: 600, prefix: first.prefix });
    const state = await recorderState(second.store, {
      enabled: true,
      intervalSec: 60,
      retentionSec: 1_209_600,
    });
    expect(recorderStateSchema.parse(state)).toEqual(state);
    expect(state.topologies).toHaveLength(1);
    expect(state).toMatchObject({
      series: instances.length,
      points: 180 * instances.length,
      oldest: new Date(T0 * 1000).toISOString(),
      newest: new Date((T0 + 3 * HOUR - 60) * 1000).toISOString(),
      lastRunAt: new Date((T0 + 3 * HOUR) * 1000).toISOString(),
      lastError: null,
    });
    await second.recorder.record(WORD_COUNT, T0 + 3 * HOUR + 600);
    expect((await second.store.stats(WORD_COUNT)).points).toBe(190 * instances.length);
  });

  it('serves more than the Tracker’s 3 hours: recorded history merged with the live source', async () => {
    const { store, recorder } = setUp(early.url, { lookbackSec: 3 * HOUR });
    await recorder.record(WORD_COUNT, T0 + 3 * HOUR); // what an earlier poller kept
    const merged = new RecordedHistorySource(new TrackerMetricsSource({ url: late.url, retries: 0 }), store);
    const structure = await merged.getStructure(WORD_COUNT);
    expect(structure.components.sentence?.kind).toBe('spout');
    const series = await merged.getMetricSeries(WORD_COUNT, {
      component: 'sentence',
      metrics: [STREAM],
      startSec: T0,
      endSec: T0 + 6 * HOUR,
    });
    expect(Object.keys(series[STREAM] ?? {}).sort()).toEqual(instances);
    instances.forEach((instance, i) => {
      const points = series[STREAM]?.[instance] ?? [];
      expect(points).toHaveLength(6 * 60);
      expect(points[0]).toEqual([T0, emitCountAt(i, T0)]);
      expect(points.at(-1)).toEqual([T0 + 6 * HOUR - 60, emitCountAt(i, T0 + 6 * HOUR - 60)]);
    });
    // The live source alone has 3 hours.
    const liveOnly = await new TrackerMetricsSource({ url: late.url, retries: 0 }).getMetricSeries(
      WORD_COUNT,
      {
        component: 'sentence',
        metrics: [STREAM],
        startSec: T0,
        endSec: T0 + 6 * HOUR,
      },
    );
    expect(liveOnly[STREAM]?.[instances[0] ?? '']).toHaveLength(3 * 60);
  });

  it('shows a failed poll in its state until a later poll succeeds', async () => {
    const { store, recorder } = setUp(early.url, { lookbackSec: 600 });
    await store.setWatched({ ref: WORD_COUNT, origin: 'requested', intervalSec: 60, lastRequestedSec: T0 });
    await recorder.record(WORD_COUNT, T0 + HOUR);
    early.failNext(3); // the three plan requests of one poll
    await expect(recorder.record(WORD_COUNT, T0 + HOUR + 60)).rejects.toMatchObject({
      code: 'METRICS_UNAVAILABLE',
    });
    let state = await recorderState(store, { enabled: true, intervalSec: 60, retentionSec: 1_209_600 });
    expect(state.topologies[0]).toMatchObject({
      dsps: 'heron',
      origin: 'requested',
      lastRunAt: new Date((T0 + HOUR) * 1000).toISOString(),
      lastError: { code: 'METRICS_UNAVAILABLE', at: new Date((T0 + HOUR + 60) * 1000).toISOString() },
    });
    await recorder.record(WORD_COUNT, T0 + HOUR + 120);
    state = await recorderState(store, { enabled: true, intervalSec: 60, retentionSec: 1_209_600 });
    expect(state.lastError).toBeNull();
  });
});

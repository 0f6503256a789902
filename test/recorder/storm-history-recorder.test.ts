import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recorderSchema, recorderStateSchema } from '../../src/config/history-schema.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import type { MetricsSource } from '../../src/metrics/metrics-source.js';
import { RecordedHistorySource } from '../../src/metrics/recorded-history-source.js';
import { StormUiMetricsSource } from '../../src/metrics/storm-ui-source.js';
import { TrackerMetricsSource } from '../../src/metrics/tracker-source.js';
import { HistoryRecorder } from '../../src/recorder/history-recorder.js';
import { HistoryStore } from '../../src/recorder/history-store.js';
import { RecorderScheduler } from '../../src/recorder/recorder-scheduler.js';
import { recorderState } from '../../src/recorder/recorder-state.js';
import type { Dsps, TopologyRef } from '../../src/topology/topology-ref.js';
import { type FakeStormUi, startFakeStormUi, syntheticWordCount } from '../support/fake-storm-ui.js';
import { type FakeTracker, startFakeTracker } from '../support/fake-tracker.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import {
  emitCountAt,
  sentenceInstances,
  syntheticWordCount as syntheticHeronWordCount,
  WORD_COUNT,
} from './synthetic-tracker.js';

const HOUR = 3600;
/** A whole hour, so minute arithmetic below is exact. */
const T0 = 1_800_000_000 - (1_800_000_000 % HOUR);
const STREAM = 'emitted/default';

/** The fake UI's synthetic topology, as StormUiMetricsSource names it by default (cluster storm, environ default). */
const STORM_WORD_COUNT: TopologyRef = {
  dsps: 'storm',
  cluster: 'storm',
  environ: 'default',
  topology: 'synthetic-word-count',
};
/** Its spout's executors (tasks 1–2 and 3–4). */
const STORM_SENTENCE = ['sentence:[1-2]', 'sentence:[3-4]'];
/** Each sentence executor emits 90 000 tuples over the 600 s window: 9000 a minute. */
const STORM_EMIT_PER_MIN = 9000;

/** Heron's word count coordinates under Storm: the same cluster, environ, role and name; only the DSPS differs. */
const STORM_TWIN: TopologyRef = { ...WORD_COUNT, dsps: 'storm' };

describe('recorder: Storm UI → Redis history', () => {
  const url = testRedisUrl();
  let ui: FakeStormUi; // synthetic-word-count, plus a Storm twin of Heron's WordCountTopology
  let tracker: FakeTracker; // Heron's WordCountTopology over [T0, T0 + 3 h)
  let heronInstances: string[];
  let now = T0;
  const prefixes: string[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const synthetic = syntheticWordCount();
    const twin = {
      ...synthetic,
      summary: { ...synthetic.summary, id: 'WordCountTopology-1-1700000000', name: 'WordCountTopology' },
      page: { ...synthetic.page, id: 'WordCountTopology-1-1700000000', name: 'WordCountTopology' },
    };
    ui = await startFakeStormUi({ topologies: [synthetic, twin] });
    tracker = await startFakeTracker({ topologies: [await syntheticHeronWordCount(T0, T0 + 3 * HOUR)] });
    heronInstances = await sentenceInstances();
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  afterAll(async () => {
    await Promise.all([ui?.close(), tracker?.close()]);
    for (const prefix of prefixes) await deleteKeysWithPrefix(url, prefix);
  });

  /** The Storm UI source on the test's clock (its window ends "now"). */
  function stormSource(options: { cluster?: string; environ?: string } = {}): StormUiMetricsSource {
    return new StormUiMetricsSource({ url: ui.url, retries: 0, nowSec: () => now, ...options });
  }

  function setUp(sources: Partial<Record<Dsps, MetricsSource>>, lookbackSec = 600) {
    const prefix = uniquePrefix('storm-recorder');
    prefixes.push(prefix);
    const store = new HistoryStore({ redis: url, prefix, retentionSec: 14 * 86_400 });
    const recorder = new HistoryRecorder({ sources, store, lookbackSec, nowSec: () => now });
    closers.push(() => store.close());
    return { prefix, store, recorder };
  }

  it('records one point per spout executor and poll, at successive minutes, served by the merged source', async () => {
    const source = stormSource();
    const { store, recorder } = setUp({ storm: source });
    // Three polls a minute apart, a few seconds into each minute: each stamps the minute that just ended.
    for (const minute of [1, 2, 3]) {
      now = T0 + minute * 60 + 5;
      const result = await recorder.record(STORM_WORD_COUNT, now);
      expect(result).toMatchObject({ endSec: T0 + minute * 60, series: 2, points: 2 });
    }
    // A second poll in the same minute rewrites that minute's point (the UI's fresher average), adds none.
    now = T0 + 3 * 60 + 40;
    await recorder.record(STORM_WORD_COUNT, now);

    const stamps = [T0, T0 + 60, T0 + 120];
    const stored = await store.read(STORM_WORD_COUNT, 'sentence', [STREAM], undefined, T0 - HOUR, T0 + HOUR);
    expect(Object.keys(stored[STREAM] ?? {}).sort()).toEqual(STORM_SENTENCE);
    for (const instance of STORM_SENTENCE) {
      expect(stored[STREAM]?.[instance]).toEqual(stamps.map((ts) => [ts, STORM_EMIT_PER_MIN]));
    }
    expect(await store.stats(STORM_WORD_COUNT)).toEqual({
      series: 2,
      points: 6,
      oldestSec: T0,
      newestSec: T0 + 120,
    });

    // The merged source: the UI alone answers one point (the last minute); with the history, three.
    const query = { component: 'sentence', metrics: [STREAM], startSec: T0 - HOUR, endSec: T0 + 180 };
    const live = await source.getMetricSeries(STORM_WORD_COUNT, query);
    expect(live[STREAM]?.[STORM_SENTENCE[0] ?? '']).toEqual([[T0 + 120, STORM_EMIT_PER_MIN]]);
    const merged = new RecordedHistorySource(source, store);
    expect(merged.kind).toBe('storm-ui+recorded');
    const series = await merged.getMetricSeries(STORM_WORD_COUNT, query);
    for (const instance of STORM_SENTENCE) {
      expect(series[STREAM]?.[instance]).toEqual(stamps.map((ts) => [ts, STORM_EMIT_PER_MIN]));
    }

    const state = await recorderState(store, { enabled: true, intervalSec: 60, retentionSec: 1_209_600 });
    expect(state.topologies).toEqual([]); // recorded directly, not watched
    await store.setWatched({ ref: STORM_WORD_COUNT, origin: 'config', intervalSec: 60 });
    const watched = await recorderState(store, { enabled: true, intervalSec: 60, retentionSec: 1_209_600 });
    expect(recorderStateSchema.parse(watched)).toEqual(watched);
    expect(watched.topologies).toEqual([
      expect.objectContaining({ dsps: 'storm', topology: 'synthetic-word-count', series: 2, points: 6 }),
    ]);
  });

  it('keeps a Heron and a Storm topology of the same name apart', async () => {
    const { store, recorder } = setUp({
      heron: new TrackerMetricsSource({ url: tracker.url, retries: 0 }),
      storm: stormSource({ cluster: WORD_COUNT.cluster, environ: WORD_COUNT.environ }),
    });
    expect(HistoryStore.topologyKey(STORM_TWIN)).not.toBe(HistoryStore.topologyKey(WORD_COUNT));
    expect(RecorderScheduler.schedulerId(STORM_TWIN)).not.toBe(RecorderScheduler.schedulerId(WORD_COUNT));
    now = T0 + HOUR;
    await recorder.record(WORD_COUNT, now); // ten minutes of the Tracker
    await recorder.record(STORM_TWIN, now); // one point of the UI
    // Both have a `sentence` spout with `emitted/default`: each reads only its own instances and values.
    const heron = await store.read(WORD_COUNT, 'sentence', [STREAM], undefined, T0, T0 + 2 * HOUR);
    const storm = await store.read(STORM_TWIN, 'sentence', [STREAM], undefined, T0, T0 + 2 * HOUR);
    expect(Object.keys(heron[STREAM] ?? {}).sort()).toEqual(heronInstances);
    expect(heron[STREAM]?.[heronInstances[0] ?? '']?.at(-1)).toEqual([
      T0 + HOUR - 60,
      emitCountAt(0, T0 + HOUR - 60),
    ]);
    expect(storm[STREAM]).toEqual(
      Object.fromEntries(STORM_SENTENCE.map((i) => [i, [[T0 + HOUR - 60, STORM_EMIT_PER_MIN]]])),
    );
    expect((await store.stats(WORD_COUNT)).points).toBe(10 * heronInstances.length);
    expect((await store.stats(STORM_TWIN)).points).toBe(2);
  });

  it('schedules a Heron and a Storm topology of the same name separately, each polled from its source', async () => {
    const { prefix, store, recorder } = setUp({
      heron: new TrackerMetricsSource({ url: tracker.url, retries: 0 }),
      storm: stormSource({ cluster: WORD_COUNT.cluster, environ: WORD_COUNT.environ }),
    });
    now = T0 + HOUR;
    const config = recorderSchema.parse({
      enabled: true,
      topologies: [
        { cluster: 'local', environ: 'default', role: 'augur', topology: 'WordCountTopology' },
        { dsps: 'storm', cluster: 'local', environ: 'default', role: 'augur', topology: 'WordCountTopology' },
      ],
    });
    const scheduler = new RecorderScheduler({
      redisUrl: url,
      prefix,
      config,
      store,
      recorder,
      logger: silentQueueLogger,
      nowSec: () => now,
    });
    closers.unshift(() => scheduler.close());
    await scheduler.syncConfigured();
    expect(await scheduler.schedulerIds()).toEqual(
      [RecorderScheduler.schedulerId(WORD_COUNT), RecorderScheduler.schedulerId(STORM_TWIN)].sort(),
    );
    // What the worker runs for each scheduler's job (its data is the ref, DSPS included).
    await scheduler.process(WORD_COUNT);
    await scheduler.process(STORM_TWIN);
    const state = await recorderState(store, config);
    expect(recorderStateSchema.parse(state)).toEqual(state);
    expect(state.topologies.map((t) => [t.dsps, t.topology, t.points, t.lastError])).toEqual([
      ['heron', 'WordCountTopology', 10 * heronInstances.length, null],
      ['storm', 'WordCountTopology', 2, null],
    ]);
  });

  it('lists a configured Storm topology without a Storm source with its error, and still polls Heron', async () => {
    const { prefix, store, recorder } = setUp({
      heron: new TrackerMetricsSource({ url: tracker.url, retries: 0 }),
    });
    now = T0 + HOUR;
    const config = recorderSchema.parse({
      enabled: true,
      topologies: [
        { cluster: 'local', environ: 'default', role: 'augur', topology: 'WordCountTopology' },
        { dsps: 'storm', cluster: 'storm', environ: 'default', topology: 'synthetic-word-count' },
      ],
    });
    const scheduler = new RecorderScheduler({
      redisUrl: url,
      prefix,
      config,
      store,
      recorder,
      logger: silentQueueLogger,
      nowSec: () => now,
    });
    closers.unshift(() => scheduler.close());
    await scheduler.syncConfigured();
    // Nothing could poll it: no scheduler, but listed with the error at once.
    expect(await scheduler.schedulerIds()).toEqual([RecorderScheduler.schedulerId(WORD_COUNT)]);
    await scheduler.process(WORD_COUNT);
    let state = await recorderState(store, config);
    expect(recorderStateSchema.parse(state)).toEqual(state);
    const storm = state.topologies.find((t) => t.dsps === 'storm');
    expect(storm).toMatchObject({
      topology: 'synthetic-word-count',
      origin: 'config',
      lastRunAt: null,
      lastError: { code: 'CONFIG_INVALID', at: new Date((T0 + HOUR) * 1000).toISOString() },
      points: 0,
    });
    expect(storm?.lastError?.message).toMatch(/no storm metrics source/);
    expect(state.topologies.find((t) => t.dsps === 'heron')).toMatchObject({
      lastError: null,
      points: 10 * heronInstances.length,
    });

    // A poll that reaches it anyway (a job left by an earlier configuration) fails for good, recorded.
    now += 60;
    await expect(recorder.record(STORM_WORD_COUNT, now)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(scheduler.process(STORM_WORD_COUNT)).rejects.toThrow(/no storm metrics source/);
    state = await recorderState(store, config);
    expect(state.topologies.find((t) => t.dsps === 'storm')?.lastError?.at).toBe(
      new Date((T0 + HOUR + 60) * 1000).toISOString(),
    );
    // A traffic request for a Storm topology does not watch it either.
    await scheduler.watchRequested({ ...STORM_WORD_COUNT, topology: 'another' });
    expect((await store.listWatched()).map((w) => w.ref.topology).sort()).toEqual([
      'WordCountTopology',
      'synthetic-word-count',
    ]);
  });
});

describe('recorder: a Storm topology through the BullMQ worker', () => {
  const url = testRedisUrl();
  const prefix = uniquePrefix('storm-recorder-worker');
  let ui: FakeStormUi;

  beforeAll(async () => {
    ui = await startFakeStormUi();
  });

  afterAll(async () => {
    await ui?.close();
    await deleteKeysWithPrefix(url, prefix);
  });

  it('polls a configured Storm topology on the wall clock', async () => {
    const config = recorderSchema.parse({
      enabled: true,
      topologies: [{ dsps: 'storm', cluster: 'storm', environ: 'default', topology: 'synthetic-word-count' }],
    });
    const store = new HistoryStore({ redis: url, prefix, retentionSec: config.retentionSec });
    const recorder = new HistoryRecorder({
      sources: { storm: new StormUiMetricsSource({ url: ui.url, retries: 0 }) },
      store,
      lookbackSec: config.lookbackSec,
    });
    const scheduler = new RecorderScheduler({
      redisUrl: url,
      prefix,
      config,
      store,
      recorder,
      logger: silentQueueLogger,
    });
    try {
      await scheduler.syncConfigured();
      scheduler.startWorker();
      const deadline = Date.now() + 15_000;
      let state = await recorderState(store, config);
      while (state.lastRunAt === null && state.lastError === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        state = await recorderState(store, config);
      }
      expect(state.topologies).toEqual([
        expect.objectContaining({ dsps: 'storm', origin: 'config', lastError: null, series: 2, points: 2 }),
      ]);
    } finally {
      await scheduler.close();
      await store.close();
    }
  });
});

import type { RecorderConfig, RecorderState } from '../config/history-schema.js';
import type { QueueLogger } from '../jobs/queue-logger.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import { RecordedHistorySource } from '../metrics/recorded-history-source.js';
import type { Dsps } from '../topology/topology-ref.js';
import { HistoryRecorder } from './history-recorder.js';
import { HistoryStore } from './history-store.js';
import { RecorderScheduler } from './recorder-scheduler.js';
import { recorderState } from './recorder-state.js';

export interface CreateRecorderOptions {
  config: RecorderConfig;
  redisUrl: string;
  /** `redis.prefix`: BullMQ keys and history share it. */
  prefix: string;
  /**
   * The live source of each DSPS whose topologies can be recorded (Heron: the Tracker; Storm: the Storm UI).
   * A configured topology of a DSPS without one is listed at `GET /recorder` with a `CONFIG_INVALID` error.
   */
  live: Partial<Record<Dsps, MetricsSource>>;
  logger?: QueueLogger;
}

export interface RecorderServices {
  store: HistoryStore;
  recorder: HistoryRecorder;
  scheduler: RecorderScheduler;
  /**
   * Per DSPS of `live`: the live source with the recorded history behind it (the live source itself when
   * `serveHistory` is off).
   */
  sources: Partial<Record<Dsps, MetricsSource>>;
  /** For `GET /recorder`. */
  state(): Promise<RecorderState>;
  /** Closes the schedulers and the store; the live sources are the caller's to close. */
  close(): Promise<void>;
}

/**
 * Wires the recorder for a process: its store, the poller over the live sources, the BullMQ schedulers and
 * the merged sources. Does no I/O; call `scheduler.syncConfigured()` and `scheduler.startWorker()` in worker
 * processes, `scheduler.watchRequested(ref)` when a traffic request names a topology.
 */
export function createRecorder(options: CreateRecorderOptions): RecorderServices {
  const { config, redisUrl, prefix, live } = options;
  const store = new HistoryStore({ redis: redisUrl, prefix, retentionSec: config.retentionSec });
  const recorder = new HistoryRecorder({ sources: live, store, lookbackSec: config.lookbackSec });
  const scheduler = new RecorderScheduler({
    redisUrl,
    prefix,
    config,
    store,
    recorder,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const sources: Partial<Record<Dsps, MetricsSource>> = {};
  for (const [dsps, source] of Object.entries(live) as Array<[Dsps, MetricsSource | undefined]>) {
    if (source) sources[dsps] = config.serveHistory ? new RecordedHistorySource(source, store) : source;
  }
  return {
    store,
    recorder,
    scheduler,
    sources,
    state: () => recorderState(store, config),
    close: async () => {
      await scheduler.close();
      await store.close();
    },
  };
}

import type { RecorderConfig, RecorderState } from '../config/history-schema.js';
import type { QueueLogger } from '../jobs/queue-logger.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import { RecordedHistorySource } from '../metrics/recorded-history-source.js';
import { HistoryRecorder } from './history-recorder.js';
import { HistoryStore } from './history-store.js';
import { RecorderScheduler } from './recorder-scheduler.js';
import { recorderState } from './recorder-state.js';

export interface RecorderServices {
  store: HistoryStore;
  recorder: HistoryRecorder;
  scheduler: RecorderScheduler;
  /** The live source with the recorded history behind it (the live source itself when `serveHistory` is off). */
  source: MetricsSource;
  /** For `GET /recorder`. */
  state(): Promise<RecorderState>;
  close(): Promise<void>;
}

/**
 * Wires the recorder for a process: its store, the poller over the live (Tracker) source, the BullMQ
 * schedulers and the merged source. Does no I/O; call `scheduler.syncConfigured()` and
 * `scheduler.startWorker()` in worker processes, `scheduler.watchRequested(ref)` when a traffic request
 * names a topology.
 */
export function createRecorder(options: {
  config: RecorderConfig;
  redisUrl: string;
  prefix: string;
  live: MetricsSource;
  logger?: QueueLogger;
}): RecorderServices {
  const { config, redisUrl, prefix, live } = options;
  const store = new HistoryStore({ redis: redisUrl, prefix, retentionSec: config.retentionSec });
  const recorder = new HistoryRecorder({ source: live, store, lookbackSec: config.lookbackSec });
  const scheduler = new RecorderScheduler({
    redisUrl,
    prefix,
    config,
    store,
    recorder,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    store,
    recorder,
    scheduler,
    source: config.serveHistory ? new RecordedHistorySource(live, store) : live,
    state: () => recorderState(store, config),
    close: async () => {
      await scheduler.close();
      await store.close();
    },
  };
}

import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { RecorderConfig } from '../config/history-schema.js';
import { AppError, isAppError } from '../errors.js';
import { consoleQueueLogger, type QueueLogger } from '../jobs/queue-logger.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import { type HistoryRecorder, noSourceError } from './history-recorder.js';
import { HistoryStore, type WatchOrigin } from './history-store.js';

export interface RecorderSchedulerOptions {
  redisUrl: string;
  /** `redis.prefix`: BullMQ keys and history share it. */
  prefix: string;
  config: RecorderConfig;
  store: HistoryStore;
  recorder: HistoryRecorder;
  logger?: QueueLogger;
  /** Current time, Unix seconds (tests). @defaultValue the wall clock */
  nowSec?: () => number;
}

/** A poll's job data: the topology, whose `dsps` picks the live source polled. */
interface RecordJobData {
  ref: TopologyRef;
}

/**
 * The recorder's BullMQ side: one job scheduler (`queue.upsertJobScheduler`, `every` the topology's interval)
 * per watched topology on the `recorder.queueName` queue, and a worker that runs {@link HistoryRecorder.record}
 * for each repeat. Schedulers live in Redis, so they survive restarts and several processes calling
 * `start()` upsert the same ones. A requested topology not requested for `requestedTtlSec` is unwatched at its
 * next run. Errors the recorder throws are recorded in its state; transient ones are retried by the next
 * repeat (no per-run retries: a minute later the next poll reads the same window again).
 *
 * A topology is polled through the recorder's live source of its DSPS. A configured topology whose DSPS has
 * no source is listed with a `CONFIG_INVALID` error in its state and gets no scheduler (nothing could run
 * until the configuration changes); a requested one is not watched.
 */
export class RecorderScheduler {
  private readonly queue: Queue<RecordJobData>;
  private worker: Worker<RecordJobData> | undefined;
  private readonly options: RecorderSchedulerOptions;
  private readonly logger: QueueLogger;
  private readonly nowSec: () => number;

  constructor(options: RecorderSchedulerOptions) {
    this.options = options;
    this.logger = options.logger ?? consoleQueueLogger;
    this.nowSec = options.nowSec ?? (() => Math.floor(Date.now() / 1000));
    this.queue = new Queue<RecordJobData>(options.config.queueName, {
      connection: { url: options.redisUrl },
      prefix: options.prefix,
    });
    this.queue.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'recorder: Redis error'));
  }

  /**
   * The job scheduler id of a topology: `record:` + {@link HistoryStore.topologyKey}, which starts with the
   * DSPS, so a Heron and a Storm topology of the same name have their own schedulers.
   */
  static schedulerId(ref: TopologyRef): string {
    return `record:${HistoryStore.topologyKey(ref)}`;
  }

  /**
   * Upserts the schedulers of the configured topologies and removes those of topologies configured before
   * but no longer (requested ones are kept).
   */
  async syncConfigured(): Promise<void> {
    const { config, store } = this.options;
    const configured = new Set<string>();
    for (const t of config.topologies) {
      const ref: TopologyRef = {
        dsps: t.dsps,
        cluster: t.cluster,
        environ: t.environ,
        ...(t.role ? { role: t.role } : {}),
        topology: t.topology,
      };
      configured.add(HistoryStore.topologyKey(ref));
      if (this.options.recorder.hasSource(ref.dsps)) {
        await this.watch(ref, 'config', t.intervalSec ?? config.intervalSec);
      } else {
        await this.watchUnpollable(ref, t.intervalSec ?? config.intervalSec);
      }
    }
    for (const w of await store.listWatched()) {
      if (w.origin === 'config' && !configured.has(HistoryStore.topologyKey(w.ref)))
        await this.unwatch(w.ref);
    }
  }

  /**
   * Polls a topology a traffic request asked about (when `recorder.watchRequested`), unless it is configured;
   * refreshes its last-request time.
   */
  async watchRequested(ref: TopologyRef): Promise<void> {
    const { config, store } = this.options;
    // Without a source for its DSPS the request itself fails; nothing to record.
    if (!config.watchRequested || !this.options.recorder.hasSource(ref.dsps)) return;
    const existing = await store.getWatched(ref);
    if (existing?.origin === 'config') return;
    await this.watch(ref, 'requested', config.intervalSec);
  }

  /** Starts the worker that runs the polls. */
  startWorker(): void {
    if (this.worker) return;
    const { config, redisUrl, prefix } = this.options;
    this.worker = new Worker<RecordJobData>(config.queueName, (job) => this.process(job.data.ref), {
      connection: { url: redisUrl, maxRetriesPerRequest: null },
      prefix,
      concurrency: 2,
    });
    this.worker.on('error', (err: Error) =>
      this.logger.error({ err: err.message }, 'recorder: worker error'),
    );
  }

  /** One poll, as the worker runs it (exposed for tests and `augur record`-style one-offs). */
  async process(ref: TopologyRef): Promise<void> {
    const { store, recorder, config } = this.options;
    const watched = await store.getWatched(ref);
    if (!watched) {
      await this.queue.removeJobScheduler(RecorderScheduler.schedulerId(ref));
      return;
    }
    const now = this.nowSec();
    if (watched.origin === 'requested' && (watched.lastRequestedSec ?? 0) + config.requestedTtlSec < now) {
      await this.unwatch(ref);
      return;
    }
    try {
      await recorder.record(ref, now);
    } catch (err) {
      this.logger.warn(
        { ref, err: err instanceof Error ? err.message : String(err) },
        'recorder: poll failed',
      );
      // The next repeat polls again; a permanent failure is not worth BullMQ retries either.
      if (isAppError(err) && !err.retryable) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  async schedulerIds(): Promise<string[]> {
    const schedulers = await this.queue.getJobSchedulers(0, -1, true);
    return schedulers.map((s) => s.key).sort();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
    await this.queue.close();
  }

  private async watch(ref: TopologyRef, origin: WatchOrigin, intervalSec: number): Promise<void> {
    const { store } = this.options;
    try {
      await store.setWatched({
        ref,
        origin,
        intervalSec,
        ...(origin === 'requested' ? { lastRequestedSec: this.nowSec() } : {}),
      });
      await this.queue.upsertJobScheduler(
        RecorderScheduler.schedulerId(ref),
        { every: intervalSec * 1000 },
        {
          name: 'record',
          data: { ref },
          opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 }, attempts: 1 },
        },
      );
    } catch (err) {
      if (isAppError(err)) throw err;
      throw new AppError('QUEUE_UNAVAILABLE', undefined, { cause: err });
    }
  }

  /** A configured topology the recorder has no source for: listed, with the error, and never polled. */
  private async watchUnpollable(ref: TopologyRef, intervalSec: number): Promise<void> {
    const { store, recorder } = this.options;
    const err = noSourceError(ref.dsps);
    this.logger.warn({ ref, err: err.message }, 'recorder: configured topology cannot be polled');
    try {
      await this.queue.removeJobScheduler(RecorderScheduler.schedulerId(ref));
      await store.setWatched({ ref, origin: 'config', intervalSec });
    } catch (cause) {
      if (isAppError(cause)) throw cause;
      throw new AppError('QUEUE_UNAVAILABLE', undefined, { cause });
    }
    await recorder.recordFailure(ref, err, this.nowSec());
  }

  private async unwatch(ref: TopologyRef): Promise<void> {
    await this.queue.removeJobScheduler(RecorderScheduler.schedulerId(ref));
    await this.options.store.unwatch(ref);
  }
}

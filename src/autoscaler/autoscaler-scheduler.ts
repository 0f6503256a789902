import { Queue, Worker } from 'bullmq';
import type { AutoscaledTopologyConfig, AutoscalerConfig } from '../config/autoscaler-schema.js';
import { AppError, isAppError } from '../errors.js';
import { consoleQueueLogger } from '../jobs/queue-logger.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import type { Evaluation } from './evaluation.js';
import type { AutoscalerLogger, ScalingEvaluator } from './scaling-evaluator.js';
import { ScalingHistoryStore } from './scaling-history-store.js';

export interface AutoscalerSchedulerOptions {
  redisUrl: string;
  /** `redis.prefix`: BullMQ keys and the loop's state share it. */
  prefix: string;
  config: Pick<AutoscalerConfig, 'enabled' | 'queueName' | 'reevaluateSec' | 'topologies'>;
  evaluator: ScalingEvaluator;
  logger?: AutoscalerLogger;
  /** Evaluations one worker runs at once (different topologies). @defaultValue 4 */
  concurrency?: number;
}

interface EvaluateJobData {
  ref: TopologyRef;
}

/** The {@link TopologyRef} a configured topology names. */
export function refOfConfigured(t: AutoscaledTopologyConfig): TopologyRef {
  return {
    dsps: t.dsps,
    cluster: t.cluster,
    environ: t.environ,
    ...(t.role ? { role: t.role } : {}),
    topology: t.topology,
  };
}

/**
 * The loop's BullMQ side: one job scheduler (`queue.upsertJobScheduler`, `every` `reevaluateSec`) per
 * configured topology on the `autoscaler.queueName` queue, and a worker that evaluates each repeat. The
 * schedulers live in Redis, so they survive restarts and several processes calling `sync()` upsert the same
 * ones; the queue is the loop's alone, so a scheduler of a topology no longer configured is removed. An
 * evaluation never fails its job for a model or executor error (those are recorded as evaluations); only
 * an unreachable Redis does, and the next repeat tries again (one attempt per repeat).
 */
export class AutoscalerScheduler {
  private readonly queue: Queue<EvaluateJobData>;
  private worker: Worker<EvaluateJobData> | undefined;
  private resync: NodeJS.Timeout | undefined;
  private readonly options: AutoscalerSchedulerOptions;
  private readonly logger: AutoscalerLogger;

  constructor(options: AutoscalerSchedulerOptions) {
    this.options = options;
    this.logger = options.logger ?? consoleQueueLogger;
    this.queue = new Queue<EvaluateJobData>(options.config.queueName, {
      connection: { url: options.redisUrl },
      prefix: options.prefix,
    });
    this.queue.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'autoscaler: Redis error'));
  }

  /** The job scheduler id of a topology. */
  static schedulerId(ref: TopologyRef): string {
    return `scale:${ScalingHistoryStore.topologyKey(ref)}`;
  }

  /**
   * Upserts a scheduler per configured topology (none when the loop is disabled) and removes the others
   * on this queue.
   */
  async sync(): Promise<void> {
    const { config } = this.options;
    const wanted = new Map<string, TopologyRef>();
    if (config.enabled) {
      for (const t of config.topologies) {
        const ref = refOfConfigured(t);
        wanted.set(AutoscalerScheduler.schedulerId(ref), ref);
      }
    }
    try {
      for (const [id, ref] of wanted) {
        await this.queue.upsertJobScheduler(
          id,
          { every: config.reevaluateSec * 1000 },
          {
            name: 'evaluate',
            data: { ref },
            opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 }, attempts: 1 },
          },
        );
      }
      for (const id of await this.schedulerIds()) {
        if (!wanted.has(id)) await this.queue.removeJobScheduler(id);
      }
    } catch (err) {
      if (isAppError(err)) throw err;
      throw new AppError('QUEUE_UNAVAILABLE', undefined, { cause: err });
    }
  }

  /** Starts the worker that runs the evaluations. */
  startWorker(): void {
    if (this.worker) return;
    const { config, redisUrl, prefix } = this.options;
    const run = async (ref: TopologyRef) => {
      try {
        return await this.process(ref);
      } catch (err) {
        // Only Redis failures get here; the next repeat tries again.
        this.logger.warn(
          { ref, err: err instanceof Error ? err.message : String(err) },
          'autoscaler: evaluation not recorded',
        );
        throw err;
      }
    };
    this.worker = new Worker<EvaluateJobData>(config.queueName, (job) => run(job.data.ref), {
      connection: { url: redisUrl, maxRetriesPerRequest: null },
      prefix,
      concurrency: this.options.concurrency ?? 4,
    });
    this.worker.on('error', (err: Error) =>
      this.logger.error({ err: err.message }, 'autoscaler: worker error'),
    );
    // Schedulers live in Redis: one that lost its data (restarted empty, flushed) would stop the loop
    // silently. Every interval (at least every minute), re-create the configured schedulers that are gone.
    this.resync = setInterval(
      () => {
        this.restoreMissing().catch((err: unknown) =>
          this.logger.warn(
            { err: err instanceof Error ? err.message : String(err) },
            'autoscaler: re-sync failed',
          ),
        );
      },
      Math.max(60_000, config.reevaluateSec * 1000),
    );
    this.resync.unref();
  }

  /**
   * Evaluates a configured topology now, outside its schedule (recorded with `trigger: manual`). A topology
   * not configured is a BAD_REQUEST.
   */
  async evaluateNow(ref: TopologyRef): Promise<Evaluation> {
    const configured = this.configuredTopology(ref);
    if (!configured) {
      throw new AppError('BAD_REQUEST', `topology ${ref.topology} is not watched by the autoscaler`, {
        details: { field: 'topology', reason: 'not in autoscaler.topologies' },
      });
    }
    return this.options.evaluator.evaluate(refOfConfigured(configured), configured, 'manual');
  }

  /** One scheduled evaluation, as the worker runs it; a topology no longer configured loses its scheduler. */
  async process(ref: TopologyRef): Promise<Evaluation | undefined> {
    const configured = this.options.config.enabled ? this.configuredTopology(ref) : undefined;
    if (!configured) {
      await this.queue.removeJobScheduler(AutoscalerScheduler.schedulerId(ref));
      return undefined;
    }
    return this.options.evaluator.evaluate(refOfConfigured(configured), configured, 'schedule');
  }

  async schedulerIds(): Promise<string[]> {
    const schedulers = await this.queue.getJobSchedulers(0, -1, true);
    return schedulers.map((s) => s.key).sort();
  }

  /** Re-creates the configured schedulers Redis no longer has (it lost its data); the others are left alone. */
  async restoreMissing(): Promise<string[]> {
    if (!this.options.config.enabled) return [];
    const have = new Set(await this.schedulerIds());
    const missing = this.options.config.topologies
      .map((t) => AutoscalerScheduler.schedulerId(refOfConfigured(t)))
      .filter((id) => !have.has(id));
    if (missing.length === 0) return [];
    this.logger.warn({ missing }, 'autoscaler: job schedulers missing from Redis, re-created');
    await this.sync();
    return missing;
  }

  async close(): Promise<void> {
    clearInterval(this.resync);
    await this.worker?.close();
    this.worker = undefined;
    await this.queue.close();
  }

  private configuredTopology(ref: TopologyRef): AutoscaledTopologyConfig | undefined {
    const key = ScalingHistoryStore.topologyKey(ref);
    return this.options.config.topologies.find(
      (t) => ScalingHistoryStore.topologyKey(refOfConfigured(t)) === key,
    );
  }
}

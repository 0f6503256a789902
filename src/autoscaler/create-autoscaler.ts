import type { AutoscalerConfig, ScalingExecutorConfig } from '../config/autoscaler-schema.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import { AutoscalerScheduler } from './autoscaler-scheduler.js';
import type { AuditEntry, Evaluation } from './evaluation.js';
import type { AdviseFn } from './loop-advice.js';
import { type AutoscalerLogger, ScalingEvaluator } from './scaling-evaluator.js';
import type { ScalingExecutor } from './scaling-executor.js';
import { ScalingHistoryStore } from './scaling-history-store.js';

export interface CreateAutoscalerOptions {
  config: AutoscalerConfig;
  redisUrl: string;
  /** `redis.prefix`. */
  prefix: string;
  /** Computes the scaling advice of a topology (the scaling planner behind `GET /model/scaling/…`). */
  advise: AdviseFn;
  logger?: AutoscalerLogger;
  /** Replaces the executors the configuration names (tests). */
  executorFor?: (config: ScalingExecutorConfig) => ScalingExecutor | undefined;
  /** Clock, ms since the epoch (tests). @defaultValue Date.now */
  nowMs?: () => number;
}

export interface AutoscalerServices {
  scheduler: {
    /** Upserts the job schedulers of the configured topologies, removes the others. */
    sync(): Promise<void>;
    /** Starts the worker that evaluates them (worker processes only). */
    startWorker(): void;
    /** Evaluates a configured topology now; BAD_REQUEST when it is not configured. */
    evaluateNow(ref: TopologyRef): Promise<Evaluation>;
  };
  /** The newest `limit` evaluations of a topology, newest first (`GET /scaling/{dsps}/{topology}/history`). */
  history(ref: TopologyRef, limit: number): Promise<Evaluation[]>;
  /** The newest `limit` executor runs of a topology, newest first. */
  audit(ref: TopologyRef, limit: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

/**
 * Wires the autoscaling loop for a process: its Redis store, the evaluator over the injected advice and the
 * BullMQ schedulers. Does no I/O beyond opening connections; call `scheduler.sync()` and
 * `scheduler.startWorker()` in worker processes. Needs Redis: schedulers, history, cooldowns and the
 * in-flight marker live there, so they survive restarts and are shared by every process.
 */
export function createAutoscaler(options: CreateAutoscalerOptions): AutoscalerServices {
  const { config, redisUrl, prefix } = options;
  const store = new ScalingHistoryStore({ redis: redisUrl, prefix, historyLimit: config.historyLimit });
  const evaluator = new ScalingEvaluator({
    config,
    store,
    advise: options.advise,
    ...(options.executorFor ? { executorFor: options.executorFor } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  const scheduler = new AutoscalerScheduler({
    redisUrl,
    prefix,
    config,
    evaluator,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    scheduler: {
      sync: () => scheduler.sync(),
      startWorker: () => scheduler.startWorker(),
      evaluateNow: (ref) => scheduler.evaluateNow(ref),
    },
    history: (ref, limit) => store.evaluations(ref, limit),
    audit: (ref, limit) => store.audit(ref, limit),
    close: async () => {
      await scheduler.close();
      await store.close();
    },
  };
}

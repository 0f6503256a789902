import type { Evaluation } from '../autoscaler/evaluation.js';
import type { Config } from '../config/config-schema.js';
import type { RecorderState } from '../config/history-schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { ModelRegistry } from '../models/model-registry.js';
import type { Dsps, TopologyRef } from '../topology/topology-ref.js';

/** Everything the API needs, handed in so routes test without a network. */
export interface AppDependencies {
  config: Readonly<Config>;
  queue: JobQueue;
  registry: ModelRegistry;
  /** Metrics source per supported DSPS; a DSPS without one answers 501. */
  sources: Partial<Record<Dsps, MetricsSource>>;
  /** The history recorder, when enabled: its state, and topologies requests ask about. */
  recorder?: { state(): Promise<RecorderState>; watchRequested(ref: TopologyRef): Promise<void> };
  /** The autoscaling loop, when enabled: its recorded evaluations, newest first. */
  autoscaler?: {
    history(ref: TopologyRef, limit: number): Promise<Evaluation[]>;
    evaluateNow(ref: TopologyRef): Promise<Evaluation>;
  };
  /**
   * How long the API trusts a metrics source's topology list when checking a request's topology, ms.
   * @defaultValue 10000
   */
  topologyCacheMs?: number;
  /** Clock, ms since the epoch. @defaultValue Date.now */
  now?: () => number;
}

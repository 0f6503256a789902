import type { Config } from '../config/config-schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { ModelRegistry } from '../models/model-registry.js';
import type { Dsps } from '../topology/topology-ref.js';

/** Everything the API needs, handed in so routes test without a network. */
export interface AppDependencies {
  config: Readonly<Config>;
  queue: JobQueue;
  registry: ModelRegistry;
  /** Metrics source per supported DSPS; a DSPS without one answers 501. */
  sources: Partial<Record<Dsps, MetricsSource>>;
  /** Clock, ms since the epoch. @defaultValue Date.now */
  now?: () => number;
}

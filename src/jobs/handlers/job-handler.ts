import type { TopologyGraphStore } from '../../graph/topology-graph-store.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import type { Aspect } from '../../models/aspect.js';
import type { ModelRegistry } from '../../models/model-registry.js';
import type { JobContext } from '../job-queue.js';
import type { CompleteResult, ModelJobOf } from '../model-job.js';

/** What every job handler gets besides its job: where metrics come from and what to run. */
export interface JobResources {
  /** The DSPS's metrics source, scoped to this job (each read made once). */
  source: MetricsSource;
  registry: ModelRegistry;
  /** The topology graphs of the plans modelled (memory or Gremlin Server). */
  graphs: TopologyGraphStore;
}

/** Runs one aspect's job and returns its result document. */
export type JobHandler<A extends Aspect> = (
  job: ModelJobOf<A>,
  resources: JobResources,
  ctx: JobContext,
) => Promise<CompleteResult>;

/** One handler per aspect; the compiler checks every aspect has one. */
export type JobHandlers = { [A in Aspect]: JobHandler<A> };

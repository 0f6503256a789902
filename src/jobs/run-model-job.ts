import { AppError } from '../errors.js';
import type { TopologyGraphStore } from '../graph/topology-graph-store.js';
import { jobScopedSource } from '../metrics/job-scoped-source.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { Aspect } from '../models/aspect.js';
import type { ModelRegistry } from '../models/model-registry.js';
import { runGraphJob } from './handlers/graph-job.js';
import type { JobHandlers } from './handlers/job-handler.js';
import { runScalingJob } from './handlers/scaling-job.js';
import { runTopologyJob } from './handlers/topology-job.js';
import { runTrafficJob } from './handlers/traffic-job.js';
import type { JobProcessor } from './job-queue.js';
import type { ModelJobOf } from './model-job.js';
import { type JobLogger, observedProcessor } from './observed-processor.js';

export interface ModelJobDependencies {
  /** Metrics source per DSPS; a DSPS without one fails its jobs with DSPS_NOT_SUPPORTED. */
  sources: Partial<Record<ModelJobOf<Aspect>['ref']['dsps'], MetricsSource>>;
  registry: ModelRegistry;
  graphs: TopologyGraphStore;
  /** Where a line per job start, completion and failure goes (metrics are kept either way); none when absent. */
  logger?: JobLogger;
}

const HANDLERS: JobHandlers = {
  traffic: runTrafficJob,
  topology: runTopologyJob,
  scaling: runScalingJob,
  graph: runGraphJob,
};

/**
 * The worker side of every model request: resolves the job's metrics source and models, and hands the job to
 * its aspect's handler, which reads what the models need and assembles the result document. Logged and
 * counted (see {@link createModelJobRunner} for the bare runner a job thread uses).
 */
export function createModelJobProcessor(deps: ModelJobDependencies): JobProcessor {
  return observedProcessor(createModelJobRunner(deps), deps.logger ?? { info: () => {}, warn: () => {} });
}

/**
 * The job runner without log lines or metrics: a job thread runs it, and the process that owns the thread
 * logs and counts, so /metrics sees every job.
 */
export function createModelJobRunner(deps: Omit<ModelJobDependencies, 'logger'>): JobProcessor {
  const run = <A extends Aspect>(job: ModelJobOf<A>, ctx: Parameters<JobProcessor>[1]) => {
    const configured = deps.sources[job.ref.dsps];
    if (!configured)
      throw new AppError('DSPS_NOT_SUPPORTED', `No metrics source is configured for ${job.ref.dsps}`);
    const handler: JobHandlers[A] = HANDLERS[job.aspect];
    return handler(
      job,
      { source: jobScopedSource(configured), registry: deps.registry, graphs: deps.graphs },
      ctx,
    );
  };
  return (job, ctx) => run(job, ctx);
}

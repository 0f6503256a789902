import { performance } from 'node:perf_hooks';
import { AppError } from '../errors.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { ModelRegistry } from '../models/model-registry.js';
import { loadTrafficInput } from './handlers/load-traffic-input.js';
import type { JobProcessor } from './job-queue.js';
import type { CompleteResult, ModelJobData, ModelResultEntry } from './model-job.js';
import type { TrafficJobParams } from './traffic-job-params.js';

export interface ModelJobDependencies {
  /** Metrics source per DSPS; a DSPS without one fails its jobs with DSPS_NOT_SUPPORTED. */
  sources: Partial<Record<ModelJobData['ref']['dsps'], MetricsSource>>;
  registry: ModelRegistry;
}

/**
 * The worker side of every model request: read what the models need from the metrics source, run the
 * requested models (pure functions) and assemble the result document the API hands back.
 */
export function createModelJobProcessor(deps: ModelJobDependencies): JobProcessor {
  return async (job, ctx) => {
    const source = deps.sources[job.ref.dsps];
    if (!source)
      throw new AppError('DSPS_NOT_SUPPORTED', `No metrics source is configured for ${job.ref.dsps}`);
    if (job.aspect !== 'traffic') {
      throw new AppError('DSPS_NOT_SUPPORTED', `No ${job.aspect} models are available yet`);
    }
    const configured = deps.registry.forAspect(job.aspect, job.ref.dsps);
    const models = job.models.map((name) => {
      const found = configured.find((m) => m.model.name === name);
      if (!found) throw new AppError('UNKNOWN_MODEL', `Model "${name}" is not configured for this endpoint`);
      return found;
    });

    const params = job.params as unknown as TrafficJobParams;
    const endSec = source.windowEndSec(job.requestedAtSec);
    const window = { startSec: endSec - Math.round(params.source_hours * 3600), endSec };
    await ctx.reportProgress(5);
    const input = await loadTrafficInput(source, job.ref, window, params.duration_minutes, (f) =>
      ctx.reportProgress(5 + Math.round(f * 75)),
    );

    const modelResults: ModelResultEntry[] = models.map(({ model, settings }) => {
      const started = performance.now();
      const results = model.run(input, settings);
      return {
        model_name: model.name,
        calculation_time: (performance.now() - started) / 1000,
        results,
      };
    });
    await ctx.reportProgress(100);
    return completeResult(job, source.kind, window, params, modelResults);
  };
}

function completeResult(
  job: ModelJobData,
  sourceKind: string,
  window: { startSec: number; endSec: number },
  params: TrafficJobParams,
  modelResults: ModelResultEntry[],
): CompleteResult {
  const { ref } = job;
  return {
    model_id: job.modelId,
    status: 'complete',
    aspect: job.aspect,
    dsps: ref.dsps,
    topology_id: ref.topology,
    cluster: ref.cluster,
    environ: ref.environ,
    ...(ref.role ? { role: ref.role } : {}),
    request: { ...job.params, model: job.models },
    created_at: job.createdAt,
    completed_at: new Date().toISOString(),
    prediction_duration: params.duration_minutes,
    metrics: {
      source: sourceKind,
      window_start: new Date(window.startSec * 1000).toISOString(),
      window_end: new Date(window.endSec * 1000).toISOString(),
    },
    model_results: modelResults,
  };
}

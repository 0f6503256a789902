import { performance } from 'node:perf_hooks';
import type { CompleteResult, ModelJobData, ModelResultEntry } from './model-job.js';

/** Runs a pure model and records how long it took, s. */
export function timed(modelName: string, run: () => Record<string, unknown>): ModelResultEntry {
  const started = performance.now();
  const results = run();
  return { model_name: modelName, calculation_time: (performance.now() - started) / 1000, results };
}

/** The fields every complete result starts with: what was asked, about which topology, from which metrics. */
export function documentHead(
  job: ModelJobData,
  sourceKind: string,
  window: { startSec: number; endSec: number },
  request: object,
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
    request: { ...(request as Record<string, unknown>), model: job.models },
    created_at: job.createdAt,
    completed_at: new Date().toISOString(),
    metrics: {
      source: sourceKind,
      window_start: new Date(window.startSec * 1000).toISOString(),
      window_end: new Date(window.endSec * 1000).toISOString(),
    },
    model_results: [],
  };
}

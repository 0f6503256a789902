import { AppError } from '../errors.js';
import { jobScopedSource } from '../metrics/job-scoped-source.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { ModelRegistry } from '../models/model-registry.js';
import { backtestTraffic } from '../models/traffic/backtest-traffic.js';
import { forecastSpoutRates } from './handlers/forecast-spout-rates.js';
import { loadTopologyNetwork } from './handlers/load-topology-network.js';
import { loadTrafficInput } from './handlers/load-traffic-input.js';
import { runScalingJob } from './handlers/run-scaling-job.js';
import type { JobProcessor } from './job-queue.js';
import type { CompleteResult, ModelJobData, ModelResultEntry } from './model-job.js';
import type { TopologyJobParams } from './params/topology-params.js';
import type { TrafficBacktestParams, TrafficJobParams } from './params/traffic-params.js';
import { documentHead, timed } from './result-document.js';

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
    const configured = deps.sources[job.ref.dsps];
    if (!configured)
      throw new AppError('DSPS_NOT_SUPPORTED', `No metrics source is configured for ${job.ref.dsps}`);
    const source = jobScopedSource(configured);
    if (job.aspect === 'scaling') return runScalingJob(job, source, deps.registry, ctx);
    const forAspect = deps.registry.forAspect(job.aspect, job.ref.dsps);
    const models = job.models.map((name) => {
      const found = forAspect.find((m) => m.model.name === name);
      if (!found) throw new AppError('UNKNOWN_MODEL', `Model "${name}" is not configured for this endpoint`);
      return found;
    });

    if (job.aspect === 'topology') {
      const params = job.params as unknown as TopologyJobParams;
      const endSec = source.windowEndSec(job.requestedAtSec);
      const window = { startSec: endSec - Math.round(params.window_minutes * 60), endSec };
      await ctx.reportProgress(5);
      const forecast =
        params.traffic === 'forecast' && params.forecast
          ? await forecastSpoutRates(
              source,
              job.ref,
              { startSec: endSec - Math.round(params.forecast.source_hours * 3600), endSec },
              params.forecast.duration_minutes,
              params.forecast.peak,
              params.plan,
              undefined,
              (f) => ctx.reportProgress(5 + Math.round(f * 35)),
            )
          : undefined;
      const loadStart = forecast ? 40 : 5;
      const { network, built } = await loadTopologyNetwork(
        source,
        job.ref,
        window,
        params.plan,
        forecast?.rates ?? params.spout_rates,
        (f) => ctx.reportProgress(loadStart + Math.round(f * (80 - loadStart))),
      );
      const modelResults = models.map(({ model, settings }) =>
        timed(model.name, () => model.run(network, settings)),
      );
      await ctx.reportProgress(100);
      const { plan: _plan, ...request } = params;
      return {
        ...documentHead(job, source.kind, window, request),
        traffic: {
          source: forecast ? 'forecast' : built.traffic,
          ...(built.traffic === 'measured'
            ? {
                note: 'No spout rates were requested: each spout instance offers its measured mean emission rate over the metrics window',
              }
            : {}),
          ...(forecast
            ? {
                note: forecastNote(forecast.peak, params.plan !== undefined),
                horizon: forecast.horizon,
                peak: forecast.peak,
                methods: forecast.methods,
              }
            : {}),
          units: 'tuples/s',
          spout_rates: built.spout_rates,
        },
        plan: {
          kind: params.plan_kind,
          ...(params.plan_hash ? { hash: params.plan_hash } : {}),
          parallelism: built.parallelism,
          container_capacity: built.container_capacity,
        },
        model_results: modelResults,
      };
    }

    const params = job.params as unknown as TrafficJobParams | TrafficBacktestParams;
    const endSec = source.windowEndSec(job.requestedAtSec);
    const window = { startSec: endSec - Math.round(params.source_hours * 3600), endSec };
    await ctx.reportProgress(5);
    const predictionMinutes = 'duration_minutes' in params ? params.duration_minutes : params.horizon_minutes;
    const input = await loadTrafficInput(source, job.ref, window, predictionMinutes, (f) =>
      ctx.reportProgress(5 + Math.round(f * 75)),
    );

    const modelResults: ModelResultEntry[] =
      'kind' in params && params.kind === 'backtest'
        ? [
            timed('backtest', () =>
              backtestTraffic(input, { horizonMinutes: params.horizon_minutes, origins: params.origins }),
            ),
          ]
        : models.map(({ model, settings }) => timed(model.name, () => model.run(input, settings)));
    await ctx.reportProgress(100);
    return completeResult(job, source.kind, window, params, modelResults);
  };
}

/** What a forecast's spout rates are, in words. */
function forecastNote(peak: string, proposed: boolean): string {
  const statistic =
    peak === 'max'
      ? 'the largest value of its forecast mean path'
      : peak === 'upper95'
        ? 'the largest upper 95 % prediction bound of its forecast'
        : `the ${peak} over time of its forecast mean path`;
  return proposed
    ? `Each spout component's forecast total over the horizon (${statistic}) is spread evenly over its planned instances`
    : `Each spout instance offers ${statistic} over the horizon`;
}

function completeResult(
  job: ModelJobData,
  sourceKind: string,
  window: { startSec: number; endSec: number },
  params: TrafficJobParams | TrafficBacktestParams,
  modelResults: ModelResultEntry[],
): CompleteResult {
  return {
    ...documentHead(job, sourceKind, window, job.params),
    prediction_duration: 'duration_minutes' in params ? params.duration_minutes : params.horizon_minutes,
    model_results: modelResults,
  };
}

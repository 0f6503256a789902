import type { ModelJobOf } from '../model-job.js';
import { documentHead, timed } from '../result-document.js';
import type { JobHandler } from './job-handler.js';
import { loadTopologyNetwork } from './load-topology-network.js';
import { requestedSpoutRates } from './requested-spout-rates.js';

/**
 * The worker side of `GET /model/topology/…/current` and `POST …/proposed`: the network of the plan at the
 * requested, measured or forecast spout traffic, and the configured topology models run on it.
 */
export const runTopologyJob: JobHandler<'topology'> = async (
  job: ModelJobOf<'topology'>,
  { source, registry, graphs },
  ctx,
) => {
  const models = registry.resolve(job.aspect, job.ref.dsps, job.models);
  const { params } = job;
  const endSec = source.windowEndSec(job.requestedAtSec);
  const window = { startSec: endSec - Math.round(params.window_minutes * 60), endSec };
  await ctx.reportProgress(5);
  const { rates, forecast } = await requestedSpoutRates(source, job.ref, params, window, (f) =>
    ctx.reportProgress(5 + Math.round(f * 35)),
  );
  const loadStart = forecast ? 40 : 5;
  const { network, built, graph } = await loadTopologyNetwork(
    source,
    graphs,
    job.ref,
    window,
    params.plan,
    rates,
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
            note: built.offered_estimate
              ? `No spout rates were requested, and backpressure throttled the spouts ${percent(built.throttled_fraction ?? 0)} of the metrics window: each spout instance offers its measured mean emission rate ÷ the unthrottled share`
              : 'No spout rates were requested: each spout instance offers its measured mean emission rate over the metrics window',
          }
        : {}),
      ...(built.throttled_fraction !== undefined ? { throttled_fraction: built.throttled_fraction } : {}),
      ...(built.offered_estimate ? { offered_estimate: built.offered_estimate } : {}),
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
      graph,
    },
    model_results: modelResults,
  };
};

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** What a forecast's spout rates are, in words. */
function forecastNote(peak: string, proposed: boolean): string {
  const statistic =
    peak === 'max'
      ? 'the largest value of its forecast median path'
      : peak === 'upper95'
        ? 'the largest upper 95 % prediction bound of its forecast'
        : `the ${peak} over time of its forecast median path`;
  return proposed
    ? `Each spout component's forecast total over the horizon (${statistic}) is spread evenly over its planned instances`
    : `Each spout instance offers ${statistic} over the horizon`;
}

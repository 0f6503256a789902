import { backtestTraffic } from '../../models/traffic/backtest-traffic.js';
import type { CompleteResult, ModelJobOf, ModelResultEntry } from '../model-job.js';
import type { TrafficBacktestParams, TrafficJobParams } from '../params/traffic-params.js';
import { documentHead, timed } from '../result-document.js';
import type { JobHandler } from './job-handler.js';
import { loadTrafficInput } from './load-traffic-input.js';

/** The worker side of `GET /model/traffic/…` and its backtest: the spouts' history and the traffic models. */
export const runTrafficJob: JobHandler<'traffic'> = async (
  job: ModelJobOf<'traffic'>,
  { source, registry },
  ctx,
) => {
  const models = registry.resolve(job.aspect, job.ref.dsps, job.models);
  const { params } = job;
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

function completeResult(
  job: ModelJobOf<'traffic'>,
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

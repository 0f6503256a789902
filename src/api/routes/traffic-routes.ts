import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import {
  DURATION_UNITS,
  type TrafficBacktestParams,
  type TrafficJobParams,
} from '../../jobs/params/traffic-params.js';
import type { AppDependencies } from '../app-dependencies.js';
import { assertForecastCost } from '../forecast-cost.js';
import { knownTopologiesOf } from '../known-topologies.js';
import {
  acceptModelRequest,
  assertPollAlone,
  assertWaitPolls,
  replyWithModelStatus,
  requireSource,
  topologyRefOf,
} from '../model-requests.js';
import {
  acceptedResponseSchema,
  dspsSchema,
  dspsTopologyParams,
  errorResponseSchema,
  failedResultSchema,
  inProgressResponseSchema,
} from '../schemas/common-schemas.js';
import { completeResultSchemaOf } from '../schemas/result-schemas.js';
import { trafficBacktestQuerySchema, trafficQuerySchema } from '../schemas/traffic-schemas.js';
import { modelInfoOf, modelInfoResponseSchema } from './model-info.js';

const DEFAULT_DURATION = 60;

/** Answers of a route that accepts a request, or (with `model_id`) reports on it. */
const submitOrPollResponses = {
  200: z.union([completeResultSchemaOf('traffic'), failedResultSchema]),
  202: z.union([acceptedResponseSchema, inProgressResponseSchema]),
  400: errorResponseSchema,
  404: errorResponseSchema,
  501: errorResponseSchema,
};
const DEFAULT_UNITS = 'm';

/** `/model/traffic/…`: what traffic will arrive at a topology's spouts. */
export const trafficRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  const { config, registry } = deps;
  const maxDurationMin = config.traffic.maxDurationMin;

  app.get(
    '/model/traffic/:dsps/model_info',
    {
      schema: {
        tags: ['traffic'],
        summary: 'The traffic models configured for a stream-processing system',
        params: z.object({ dsps: dspsSchema }),
        response: { 200: modelInfoResponseSchema, 400: errorResponseSchema },
      },
    },
    async (request) => modelInfoOf(registry.forEndpoint(`traffic.${request.params.dsps}`)),
  );

  app.get(
    '/model/traffic/:dsps/:topology',
    {
      schema: {
        tags: ['traffic'],
        summary: 'Predict the traffic arriving at a topology, or poll a prediction with model_id',
        description:
          'Without `model_id`: accepts a request, answers 202 with the `model_id` and a `status_url` to poll. ' +
          'With `model_id` (alone): 202 while pending or running, 200 with the result when complete or failed.',
        params: dspsTopologyParams,
        querystring: trafficQuerySchema(config),
        response: submitOrPollResponses,
      },
    },
    async (request, reply) => {
      const { dsps, topology } = request.params;
      const { model_id: modelId, wait, ...query } = request.query;
      assertWaitPolls(modelId, wait);
      requireSource(deps, dsps);
      if (modelId !== undefined) {
        assertPollAlone(query);
        return replyWithModelStatus(deps, reply, { modelId, aspect: 'traffic', dsps, topology }, wait);
      }

      const configured = registry.forEndpoint(`traffic.${dsps}`).map((m) => m.model.name);
      const models = query.model ? [...new Set(query.model)] : configured;
      const unknown = models.filter((m) => !configured.includes(m));
      if (unknown.length > 0) {
        throw new AppError(
          'UNKNOWN_MODEL',
          `model: unknown traffic model ${unknown.map((m) => `"${m}"`).join(', ')} (configured: ${configured.join(', ') || 'none'})`,
        );
      }
      if (models.length === 0)
        throw new AppError('UNKNOWN_MODEL', `No traffic models are configured for ${dsps}`);

      const units = query.units ?? DEFAULT_UNITS;
      const duration = query.duration ?? DEFAULT_DURATION;
      const durationMinutes = duration * DURATION_UNITS[units];
      if (durationMinutes > maxDurationMin) {
        throw new AppError(
          'BAD_REQUEST',
          `duration must be at most ${maxDurationMin} minutes, got ${durationMinutes}`,
        );
      }
      const ref = topologyRefOf(deps, dsps, topology, query);
      // Only topologies the source knows get watched (acceptModelRequest checks again, from the cache).
      await knownTopologiesOf(deps).assertKnown(requireSource(deps, dsps), ref, request.log);
      // Best effort: a topology users ask about gets its history recorded from now on.
      deps.recorder
        ?.watchRequested(ref)
        .catch((err: Error) => request.log.warn({ err: err.message }, 'recorder'));
      const sourceHours = query.source_hours ?? config.traffic.defaultSourceHours;
      assertForecastCost(config.limits, durationMinutes, sourceHours);
      const params: TrafficJobParams = {
        duration,
        units,
        duration_minutes: durationMinutes,
        source_hours: sourceHours,
      };
      return acceptModelRequest(deps, reply, {
        callbackUrl: request.query.callback_url,
        aspect: 'traffic',
        ref,
        params,
        models,
        statusPath: `/model/traffic/${dsps}/${topology}`,
      });
    },
  );

  app.get(
    '/model/traffic/:dsps/:topology/backtest',
    {
      schema: {
        tags: ['traffic'],
        summary:
          "Backtest the traffic models on the topology's own history, or poll a backtest with model_id",
        description:
          'Rolling-origin evaluation of every configured traffic model (and seasonal-naive and naive ' +
          "baselines) on the spouts' history: MASE scaled by seasonal naive, sMAPE, 80 %/95 % interval " +
          'coverage, for the topology and each spout stream. Asynchronous like every model call.',
        params: dspsTopologyParams,
        querystring: trafficBacktestQuerySchema(config),
        response: submitOrPollResponses,
      },
    },
    async (request, reply) => {
      const { dsps, topology } = request.params;
      const { model_id: modelId, wait, ...query } = request.query;
      assertWaitPolls(modelId, wait);
      requireSource(deps, dsps);
      const statusPath = `/model/traffic/${dsps}/${topology}/backtest`;
      if (modelId !== undefined) {
        assertPollAlone(query);
        return replyWithModelStatus(deps, reply, { modelId, aspect: 'traffic', dsps, topology }, wait);
      }
      const models = registry.forEndpoint(`traffic.${dsps}`).map((m) => m.model.name);
      if (models.length === 0)
        throw new AppError('UNKNOWN_MODEL', `No traffic models are configured for ${dsps}`);
      const horizonMinutes =
        (query.horizon ?? DEFAULT_DURATION) * DURATION_UNITS[query.units ?? DEFAULT_UNITS];
      const sourceHours = query.source_hours ?? config.traffic.defaultSourceHours;
      if (horizonMinutes * 2 >= sourceHours * 60) {
        throw new AppError(
          'BAD_REQUEST',
          `horizon (${horizonMinutes} min) must be less than half of source_hours (${sourceHours} h) so there is history to score`,
        );
      }
      assertForecastCost(config.limits, horizonMinutes, sourceHours, 'query.horizon');
      const params: TrafficBacktestParams = {
        kind: 'backtest',
        horizon_minutes: horizonMinutes,
        origins: query.origins ?? 24,
        source_hours: sourceHours,
      };
      return acceptModelRequest(deps, reply, {
        callbackUrl: request.query.callback_url,
        aspect: 'traffic',
        ref: topologyRefOf(deps, dsps, topology, query),
        params,
        models,
        statusPath,
      });
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { ScalingJobParams } from '../../jobs/params/scaling-params.js';
import { scalingSettingsOf } from '../../jobs/params/scaling-settings-of.js';
import { instancesOfStructure } from '../../topology/planned-instances.js';
import type { AppDependencies } from '../app-dependencies.js';
import { knownTopologiesOf } from '../known-topologies.js';
import {
  acceptModelRequest,
  assertPollAlone,
  assertWaitPolls,
  replyWithModelStatus,
  requireSource,
  topologyRefOf,
} from '../model-requests.js';
import { requestTraffic } from '../request-traffic.js';
import {
  acceptedResponseSchema,
  dspsTopologyParams,
  errorResponseSchema,
  failedResultSchema,
  inProgressResponseSchema,
  modelIdSchema,
  waitSchema,
} from '../schemas/common-schemas.js';
import { completeResultSchemaOf } from '../schemas/result-schemas.js';
import { SCALING_QUERY_NAMES, scalingQuerySchema } from '../schemas/scaling-schemas.js';

const badQuery = (field: string, message: string) =>
  new AppError('BAD_REQUEST', `query.${field}: ${message}`, {
    details: { field: `query.${field}`, reason: message },
  });

/** `/model/scaling/…`: which parallelism each component needs, the plan, and what that plan will do. */
export const scalingRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  app.get(
    '/model/scaling/:dsps/:topology',
    {
      schema: {
        tags: ['scaling'],
        summary: 'Scaling advice: parallelism per component, the plan, and its predicted performance',
        description:
          'Without `model_id`: accepts a request and answers 202 with the `model_id`; poll the same path with ' +
          '`?model_id=` (alone). The result gives, per component, current and recommended parallelism, the rate ' +
          'it must sustain (tuples/s), the true service rate per instance, predicted utilisation and the rule ' +
          'that bound it (docs/scaling.md); the recommended plan (Heron PackingPlan as JSON and base64 ' +
          'protobuf, or a Storm assignment and `storm rebalance` command); and the queueing-theory model on ' +
          "today's plan and on the recommended one at the same traffic.",
        params: dspsTopologyParams,
        querystring: scalingQuerySchema.extend({ model_id: modelIdSchema.optional(), wait: waitSchema }),
        response: {
          200: z.union([completeResultSchemaOf('scaling'), failedResultSchema]),
          202: z.union([acceptedResponseSchema, inProgressResponseSchema]),
          400: errorResponseSchema,
          404: errorResponseSchema,
          501: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const { dsps, topology } = request.params;
      const { model_id: modelId, wait, ...query } = request.query;
      assertWaitPolls(modelId, wait);
      const source = requireSource(deps, dsps);
      if (modelId !== undefined) {
        assertPollAlone(query);
        return replyWithModelStatus(deps, reply, { modelId, aspect: 'scaling', dsps, topology }, wait);
      }
      const ref = topologyRefOf(deps, dsps, topology, query);
      await knownTopologiesOf(deps).assertKnown(source, ref, request.log);
      const structure = await source.getStructure(ref);
      const traffic = requestTraffic(
        deps.config,
        dsps,
        query,
        structure,
        instancesOfStructure(structure),
        SCALING_QUERY_NAMES,
      );
      if (traffic.forecast && traffic.forecast.duration_minutes > traffic.forecast.source_hours * 60) {
        throw badQuery(
          'duration',
          `a forecast of ${traffic.forecast.duration_minutes} min needs at least as much history; source_hours=${traffic.forecast.source_hours} gives ${traffic.forecast.source_hours * 60} min`,
        );
      }
      const settings = scalingSettingsOf(
        deps.config,
        dsps,
        query,
        structure,
        await source.getPackingPlan?.(ref),
      );
      const params: ScalingJobParams = {
        kind: 'scaling',
        ...traffic,
        window_minutes: deps.config.topology.windowMinutes,
        settings,
        ...(query.backlog ? { backlog_tuples: query.backlog } : {}),
      };
      return acceptModelRequest(deps, reply, {
        callbackUrl: request.query.callback_url,
        aspect: 'scaling',
        ref,
        params,
        models: [settings.planner ?? 'utilisation'],
        statusPath: `/model/scaling/${dsps}/${topology}`,
      });
    },
  );
};

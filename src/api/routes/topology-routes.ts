import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies.js';
import { replyWithModelStatus, requireSource } from '../model-requests.js';
import {
  completeResultSchema,
  dspsSchema,
  dspsTopologyParams,
  errorResponseSchema,
  failedResultSchema,
  inProgressResponseSchema,
  modelIdSchema,
} from '../schemas/common-schemas.js';
import { modelInfoOf, modelInfoResponseSchema } from './model-info.js';

/** `/model/topology/…`: performance of a topology under a plan and traffic. */
export const topologyRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  app.get(
    '/model/topology/:dsps/model_info',
    {
      schema: {
        tags: ['topology'],
        summary: 'The topology models configured for a stream-processing system',
        params: z.object({ dsps: dspsSchema }),
        response: { 200: modelInfoResponseSchema, 400: errorResponseSchema },
      },
    },
    async (request) => modelInfoOf(deps.registry.forAspect('topology', request.params.dsps)),
  );

  app.get(
    '/model/topology/:dsps/:topology',
    {
      schema: {
        tags: ['topology'],
        summary: 'Poll a topology model result by model_id',
        params: dspsTopologyParams,
        querystring: z.object({ model_id: modelIdSchema }).strict(),
        response: {
          200: z.union([completeResultSchema, failedResultSchema]),
          202: inProgressResponseSchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          501: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const { dsps, topology } = request.params;
      requireSource(deps, dsps);
      return replyWithModelStatus(deps, reply, {
        modelId: request.query.model_id,
        aspect: 'topology',
        dsps,
        topology,
      });
    },
  );
};

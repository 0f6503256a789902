import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies.js';
import { requireSource } from '../model-requests.js';
import { dspsSchema, errorResponseSchema } from '../schemas/common-schemas.js';

const topologyListingSchema = z
  .object({ cluster: z.string(), environ: z.string(), role: z.string().optional(), name: z.string() })
  .meta({ id: 'TopologyListing' });

/** `/topologies/{dsps}`: what the metrics source knows. */
export const topologiesRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  app.get(
    '/topologies/:dsps',
    {
      schema: {
        tags: ['topologies'],
        summary: 'The topologies the metrics source knows',
        params: z.object({ dsps: dspsSchema }),
        response: {
          200: z.array(topologyListingSchema),
          400: errorResponseSchema,
          501: errorResponseSchema,
          503: errorResponseSchema,
        },
      },
    },
    async (request) => requireSource(deps, request.params.dsps).listTopologies(),
  );
};

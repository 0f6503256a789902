import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DSPS_ADAPTERS } from '../../dsps/dsps-adapters.js';
import type { AppDependencies } from '../app-dependencies.js';
import { knownTopologiesOf } from '../known-topologies.js';
import { requireSource, topologyRefOf } from '../model-requests.js';
import {
  dspsSchema,
  dspsTopologyParams,
  errorResponseSchema,
  nameSchema,
} from '../schemas/common-schemas.js';
import { topologyDescriptionSchema } from '../schemas/topology-description-schema.js';
import { describeTopology } from '../topology-description.js';

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

  app.get(
    '/topologies/:dsps/:topology',
    {
      schema: {
        tags: ['topologies'],
        summary: "A topology's components, streams, groupings, instances (task ids) and containers",
        description:
          'What a client needs to write a what-if: spout rates name a spout component (`?sentence=150`) or ' +
          'each spout instance by its `rate_key` (Heron task id `?5=141`, Storm task range `?1-2=141`); a ' +
          'proposed plan places every instance (component, task ids) in containers.',
        params: dspsTopologyParams,
        querystring: z
          .object({
            cluster: nameSchema('cluster').optional(),
            environ: nameSchema('environ').optional(),
            role: nameSchema('role').optional(),
          })
          .strict(),
        response: {
          200: topologyDescriptionSchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          501: errorResponseSchema,
          503: errorResponseSchema,
        },
      },
    },
    async (request) => {
      const { dsps, topology } = request.params;
      const source = requireSource(deps, dsps);
      const ref = topologyRefOf(deps, dsps, topology, request.query);
      await knownTopologiesOf(deps).assertKnown(source, ref, request.log);
      const [structure, plan] = await Promise.all([source.getStructure(ref), source.getPackingPlan?.(ref)]);
      return describeTopology(DSPS_ADAPTERS[dsps], ref, structure, plan);
    },
  );
};

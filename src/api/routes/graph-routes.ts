import { type FastifyPluginAsyncZod, jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { GraphJobParams } from '../../jobs/params/graph-params.js';
import { GRAPH_MODEL } from '../../models/graph/topology-graph-result.js';
import type { AppDependencies } from '../app-dependencies.js';
import {
  acceptModelRequest,
  assertWaitPolls,
  replyWithModelStatus,
  requireSource,
} from '../model-requests.js';
import { acceptPlanBodies } from '../plan-body.js';
import { knownTopology, planJobParams, proposedPlanOf } from '../plan-request.js';
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
import {
  proposedPlanRequestBody,
  TOPOLOGY_QUERY_NAMES,
  topologyQuerySchema,
} from '../schemas/topology-schemas.js';

const graphQuerySchema = topologyQuerySchema.extend({
  model_id: modelIdSchema
    .optional()
    .meta({ description: 'Poll the result of an earlier request instead of making one.' }),
  wait: waitSchema,
});
const GRAPH_QUERY_NAMES = [...TOPOLOGY_QUERY_NAMES, 'model_id', 'wait'] as const;

const responses = {
  200: completeResultSchemaOf('graph').or(failedResultSchema),
  202: acceptedResponseSchema.or(inProgressResponseSchema),
  400: errorResponseSchema,
  404: errorResponseSchema,
  413: errorResponseSchema,
  415: errorResponseSchema,
  501: errorResponseSchema,
};

const DESCRIPTION =
  "The plan's topology graph, analysed: fan-in and fan-out per component and instance, spout → sink paths " +
  'with their mean time at the modelled rates and the critical (slowest) one, feedback cycles, tuples/s ' +
  'crossing each container pair, and the logical and physical graph as nodes and edges. Spout rates as for ' +
  '`/model/topology` (none: measured; `traffic=forecast`: the forecast peak). Answers 202 with the ' +
  '`model_id`; poll the same path with `?model_id=…`. The graph is read from the graph store (memory or ' +
  'Gremlin Server), where each plan is written once.';

/** `/model/graph/…`: a plan's topology graph and what it says about the topology. */
export const graphRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  acceptPlanBodies(app, deps.config.limits);

  app.get(
    '/model/graph/:dsps/:topology',
    {
      schema: {
        tags: ['graph'],
        summary: "Analyse the running plan's topology graph (or poll a result with model_id)",
        description: DESCRIPTION,
        params: dspsTopologyParams,
        querystring: graphQuerySchema,
        response: responses,
      },
    },
    async (request, reply) => {
      const { dsps, topology } = request.params;
      const { model_id: modelId, wait, ...query } = request.query;
      assertWaitPolls(modelId, wait);
      if (modelId) {
        requireSource(deps, dsps);
        return replyWithModelStatus(deps, reply, { modelId, aspect: 'graph', dsps, topology }, wait);
      }
      const { source, ref } = await knownTopology(deps, dsps, topology, query, request.log);
      const structure = await source.getStructure(ref);
      const params: GraphJobParams = {
        kind: 'graph',
        ...planJobParams(deps, dsps, query, structure, undefined, GRAPH_QUERY_NAMES),
      };
      return acceptModelRequest(deps, reply, {
        callbackUrl: request.query.callback_url,
        aspect: 'graph',
        ref,
        params,
        models: [GRAPH_MODEL],
        statusPath: `/model/graph/${dsps}/${topology}`,
      });
    },
  );

  app.post(
    '/model/graph/:dsps/:topology/proposed',
    {
      config: {
        swaggerTransform: (args) => {
          const transformed = jsonSchemaTransform(args);
          return { ...transformed, schema: { ...transformed.schema, body: proposedPlanRequestBody() } };
        },
      },
      schema: {
        tags: ['graph'],
        summary: "Analyse a proposed plan's topology graph",
        description: `${DESCRIPTION} Body: a proposed plan, as for \`POST /model/topology/{dsps}/proposed/{topology}\`.`,
        params: dspsTopologyParams,
        querystring: topologyQuerySchema,
        response: responses,
      },
    },
    async (request, reply) => {
      const { dsps, topology } = request.params;
      const { source, ref } = await knownTopology(deps, dsps, topology, request.query, request.log);
      const structure = await source.getStructure(ref);
      const plan = proposedPlanOf(
        deps.config.limits,
        dsps,
        request.body,
        request.headers['content-type'] ?? '',
        structure,
      );
      const params: GraphJobParams = {
        kind: 'graph',
        ...planJobParams(deps, dsps, request.query, structure, plan),
      };
      return acceptModelRequest(deps, reply, {
        callbackUrl: request.query.callback_url,
        aspect: 'graph',
        ref,
        params,
        jobOnly: { plan },
        models: [GRAPH_MODEL],
        statusPath: `/model/graph/${dsps}/${topology}`,
      });
    },
  );
};

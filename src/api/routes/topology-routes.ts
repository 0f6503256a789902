import type { FastifyReply } from 'fastify';
import { type FastifyPluginAsyncZod, jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { TopologyJobParams } from '../../jobs/params/topology-params.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import type { Dsps, TopologyRef } from '../../topology/topology-ref.js';
import type { AppDependencies } from '../app-dependencies.js';
import { acceptModelRequest, replyWithModelStatus, requireSource } from '../model-requests.js';
import { acceptPlanBodies } from '../plan-body.js';
import { knownTopology, planJobParams, proposedPlanOf } from '../plan-request.js';
import {
  acceptedResponseSchema,
  dspsSchema,
  dspsTopologyParams,
  errorResponseSchema,
  failedResultSchema,
  inProgressResponseSchema,
  modelIdSchema,
  waitSchema,
} from '../schemas/common-schemas.js';
import { completeResultSchemaOf } from '../schemas/result-schemas.js';
import { proposedPlanRequestBody, topologyQuerySchema } from '../schemas/topology-schemas.js';
import { modelInfoOf, modelInfoResponseSchema } from './model-info.js';

/** Largest packing plan body accepted, bytes. */
const requestResponses = {
  202: acceptedResponseSchema,
  400: errorResponseSchema,
  404: errorResponseSchema,
  413: errorResponseSchema,
  415: errorResponseSchema,
  501: errorResponseSchema,
};

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

  acceptPlanBodies(app, deps.config.limits);

  const modelsOf = (dsps: Dsps, kind: 'current' | 'proposed', requested?: string[]): string[] => {
    const configured = deps.registry.forEndpoint(`topology.${dsps}.${kind}`).map((m) => m.model.name);
    const models = requested ? [...new Set(requested)] : configured;
    const unknown = models.filter((m) => !configured.includes(m));
    if (unknown.length > 0) {
      throw new AppError(
        'UNKNOWN_MODEL',
        `model: unknown topology model ${unknown.map((m) => `"${m}"`).join(', ')} (configured: ${configured.join(', ') || 'none'})`,
      );
    }
    if (models.length === 0) {
      throw new AppError('UNKNOWN_MODEL', `No topology models are configured for ${kind} ${dsps} plans`);
    }
    return models;
  };

  app.get(
    '/model/topology/:dsps/current/:topology',
    {
      schema: {
        tags: ['topology'],
        summary: 'Model the running plan of a topology under given (or measured) spout rates',
        description:
          'Queueing-theory model of the current packing plan: latency, throughput, backpressure, saturation ' +
          'headroom and CPU (docs/queueing-model.md). Spout rates as `<spout>=<rate per instance>` for every ' +
          'spout, or `<task id>=<rate>` for every spout instance; none: the measured rates; `traffic=forecast` ' +
          "(`duration`, `units`, `peak`): the `forecast` traffic model's peak per spout instance. Answers 202 with " +
          'the `model_id`; poll `GET /model/topology/{dsps}/{topology}?model_id=…`.',
        params: dspsTopologyParams,
        querystring: topologyQuerySchema,
        response: requestResponses,
      },
    },
    async (request, reply) => {
      const { dsps, topology } = request.params;
      const { source, ref } = await knownTopology(deps, dsps, topology, request.query, request.log);
      const models = modelsOf(dsps, 'current', request.query.model);
      const structure = await source.getStructure(ref);
      const params: TopologyJobParams = {
        kind: 'topology',
        ...planJobParams(deps, dsps, request.query, structure, undefined),
      };
      return acceptTopologyRequest(reply, ref, params, models, undefined, request.query.callback_url);
    },
  );

  app.post(
    '/model/topology/:dsps/proposed/:topology',
    {
      config: {
        // The body is documented, not validated: protobuf bytes reach the handler as a Buffer.
        swaggerTransform: (args) => {
          const transformed = jsonSchemaTransform(args);
          return {
            ...transformed,
            schema: { ...transformed.schema, body: proposedPlanRequestBody() },
          };
        },
      },
      schema: {
        tags: ['topology'],
        summary: 'Model a proposed packing plan of a topology under given (or measured) spout rates',
        description:
          'Body: a Heron `PackingPlan` — protobuf bytes (`application/x-protobuf` or ' +
          '`application/octet-stream`) or its JSON form (`application/json`). The plan must be for this ' +
          "topology's id and place every component. Instances get today's measured service times, output " +
          'ratios and CPU per tuple of their component; fields groupings keep the measured key skew. Spout ' +
          "rates as for the current plan (task ids are the proposed plan's), measured, or `traffic=forecast`: each " +
          "spout component's forecast peak spread over its planned instances. The model_id is keyed on the " +
          'canonical plan hash, so equivalent plans share it.',
        params: dspsTopologyParams,
        querystring: topologyQuerySchema,
        response: requestResponses,
      },
    },
    async (request, reply) => {
      const { dsps, topology } = request.params;
      const { source, ref } = await knownTopology(deps, dsps, topology, request.query, request.log);
      const models = modelsOf(dsps, 'proposed', request.query.model);
      const structure = await source.getStructure(ref);
      const plan = proposedPlanOf(
        deps.config.limits,
        dsps,
        request.body,
        request.headers['content-type'] ?? '',
        structure,
      );
      const params: TopologyJobParams = {
        kind: 'topology',
        ...planJobParams(deps, dsps, request.query, structure, plan),
      };
      return acceptTopologyRequest(reply, ref, params, models, plan, request.query.callback_url);
    },
  );

  /**
   * Enqueues a topology job (once per model id) and answers 202. Like `acceptModelRequest`, except that a
   * proposed plan travels in the job's params but the id is hashed without it (its canonical hash is in).
   */
  function acceptTopologyRequest(
    reply: FastifyReply,
    ref: TopologyRef,
    params: TopologyJobParams,
    models: string[],
    plan?: PackingPlan,
    callbackUrl?: string,
  ) {
    // A proposed plan is in the id through its canonical hash (in params); the plan itself only travels.
    return acceptModelRequest(deps, reply, {
      aspect: 'topology',
      ref,
      params,
      ...(plan ? { jobOnly: { plan } } : {}),
      models,
      statusPath: `/model/topology/${ref.dsps}/${ref.topology}`,
      callbackUrl,
    });
  }

  app.get(
    '/model/topology/:dsps/:topology',
    {
      schema: {
        tags: ['topology'],
        summary: 'Poll a topology model result by model_id',
        params: dspsTopologyParams,
        querystring: z.object({ model_id: modelIdSchema, wait: waitSchema }).strict(),
        response: {
          200: z.union([completeResultSchemaOf('topology'), failedResultSchema]),
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
      return replyWithModelStatus(
        deps,
        reply,
        { modelId: request.query.model_id, aspect: 'topology', dsps, topology },
        request.query.wait,
      );
    },
  );
};

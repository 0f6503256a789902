import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Evaluation, evaluationSchema } from '../../autoscaler/evaluation.js';
import type { Config } from '../../config/config-schema.js';
import type { TopologyRef } from '../../topology/topology-ref.js';
import {
  dspsTopologyParams,
  errorResponseSchema,
  nameSchema,
  queryNumber,
} from '../schemas/common-schemas.js';

/** Most evaluations one request may ask for. */
export const MAX_HISTORY_LIMIT = 1000;

export const scalingHistoryQuerySchema = z
  .object({
    limit: queryNumber('limit', (n) =>
      n
        .int('limit must be a whole number')
        .min(1, 'limit must be at least 1')
        .max(MAX_HISTORY_LIMIT, `limit must be at most ${MAX_HISTORY_LIMIT}`),
    )
      .default(100)
      .meta({ description: `Evaluations to return, newest first (1–${MAX_HISTORY_LIMIT}, default 100).` }),
    cluster: nameSchema('cluster').optional(),
    environ: nameSchema('environ').optional(),
    role: nameSchema('role').optional(),
  })
  .strict();

export const scalingHistoryResponseSchema = z
  .object({
    /** False when the loop is not enabled in this deployment (the list is then empty). */
    enabled: z.boolean(),
    dsps: z.enum(['heron', 'storm']),
    cluster: z.string(),
    environ: z.string(),
    role: z.string().optional(),
    topology: z.string(),
    evaluations: z.array(evaluationSchema),
  })
  .meta({ id: 'ScalingHistory' });

/** What the route needs; `AppDependencies` provides it once the autoscaler is wired. */
export interface ScalingHistoryRouteDependencies {
  /** Cluster, environ and role a request leaves out. */
  config: Pick<Config, 'defaults'>;
  /** The autoscaling loop, when enabled in this process. */
  autoscaler?: { history(ref: TopologyRef, limit: number): Promise<Evaluation[]> };
}

/** `/scaling/…/history`: what the autoscaling loop decided and ran for a topology, newest first. */
export const scalingHistoryRoutes: FastifyPluginAsyncZod<ScalingHistoryRouteDependencies> = async (
  app,
  deps,
) => {
  app.get(
    '/scaling/:dsps/:topology/history',
    {
      schema: {
        tags: ['scaling'],
        summary: "The autoscaling loop's evaluations of a topology, newest first",
        description:
          'Every `autoscaler.reevaluateSec` the loop asks for a scaling advice and decides: `hold` (within the ' +
          'tolerance band, or at the recommendation), `scale`, `cooldown`, `in_flight`, `stabilizing` (a ' +
          'scale-down waiting for its window) or `error`. A `scale` carries what the executor did (or, in ' +
          'advisor mode and dry runs, would do) and any rollback (docs/autoscaling.md). Kept in Redis, ' +
          '`autoscaler.historyLimit` per topology. Answers `enabled: false` and no evaluations when the loop ' +
          'is not enabled.',
        params: dspsTopologyParams,
        querystring: scalingHistoryQuerySchema,
        response: { 200: scalingHistoryResponseSchema, 400: errorResponseSchema },
      },
    },
    async (request) => {
      const { dsps, topology } = request.params;
      const { limit, cluster, environ, role } = request.query;
      const defaults = deps.config.defaults[dsps];
      const ref: TopologyRef = {
        dsps,
        topology,
        cluster: cluster ?? defaults.cluster,
        environ: environ ?? defaults.environ,
        ...((role ?? defaults.role) ? { role: role ?? defaults.role } : {}),
      };
      const enabled = deps.autoscaler !== undefined;
      const evaluations = deps.autoscaler ? await deps.autoscaler.history(ref, limit) : [];
      return { enabled, ...ref, evaluations };
    },
  );
};

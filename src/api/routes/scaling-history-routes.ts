import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Evaluation, evaluationSchema } from '../../autoscaler/evaluation.js';
import type { Config } from '../../config/config-schema.js';
import { AppError } from '../../errors.js';
import { DSPS_NAMES, type TopologyRef } from '../../topology/topology-ref.js';
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
    dsps: z.enum(DSPS_NAMES),
    cluster: z.string(),
    environ: z.string(),
    role: z.string().optional(),
    topology: z.string(),
    evaluations: z.array(evaluationSchema),
  })
  .meta({ id: 'ScalingHistory' });

/** What the route needs; `AppDependencies` provides it once the autoscaler is wired. */
export interface ScalingHistoryRouteDependencies {
  /** Cluster, environ and role a request leaves out; the watched topologies (their roles). */
  config: Pick<Config, 'defaults' | 'autoscaler'>;
  /** The autoscaling loop, when enabled in this process. */
  autoscaler?: {
    history(ref: TopologyRef, limit: number): Promise<Evaluation[]>;
    evaluateNow(ref: TopologyRef): Promise<Evaluation>;
  };
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
      const { limit, ...coordinates } = request.query;
      const ref = watchedRef(deps.config, request.params, coordinates);
      const enabled = deps.autoscaler !== undefined;
      const evaluations = deps.autoscaler ? await deps.autoscaler.history(ref, limit) : [];
      return { enabled, ...ref, evaluations };
    },
  );

  app.post(
    '/scaling/:dsps/:topology/evaluate',
    {
      schema: {
        tags: ['scaling'],
        summary: 'Evaluate a watched topology now (trigger `manual`), as the loop would on its schedule',
        description:
          'Runs one evaluation of a topology in `autoscaler.topologies` at once — advice, decision and, unless ' +
          'in advisor mode or a dry run, the executor — records it in the history and answers it. 409 when the ' +
          'loop is not enabled; 400 when the topology is not watched.',
        params: dspsTopologyParams,
        querystring: scalingHistoryQuerySchema.omit({ limit: true }),
        response: { 200: evaluationSchema, 400: errorResponseSchema, 409: errorResponseSchema },
      },
    },
    async (request) => {
      if (!deps.autoscaler) {
        throw new AppError('AUTOSCALER_DISABLED', 'The autoscaling loop is not enabled (autoscaler.enabled)');
      }
      return deps.autoscaler.evaluateNow(watchedRef(deps.config, request.params, request.query));
    },
  );
};

/**
 * The topology a request names, with cluster and environ defaulted; without a `role`, the role the loop
 * watches the topology under (the metrics sources ignore roles, so the loop knows a topology by the rest).
 */
function watchedRef(
  config: ScalingHistoryRouteDependencies['config'],
  params: { dsps: TopologyRef['dsps']; topology: string },
  query: { cluster?: string | undefined; environ?: string | undefined; role?: string | undefined },
): TopologyRef {
  const defaults = config.defaults[params.dsps];
  const cluster = query.cluster ?? defaults.cluster;
  const environ = query.environ ?? defaults.environ;
  const watched = config.autoscaler.topologies.find(
    (t) =>
      t.dsps === params.dsps &&
      t.cluster === cluster &&
      t.environ === environ &&
      t.topology === params.topology,
  );
  const role = query.role ?? watched?.role ?? defaults.role;
  return { dsps: params.dsps, topology: params.topology, cluster, environ, ...(role ? { role } : {}) };
}

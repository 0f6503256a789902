import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { AppDependencies } from './app-dependencies.js';
import { clientErrorHandler } from './client-error-handler.js';
import authentication from './plugins/authentication.js';
import errorHandler from './plugins/error-handler.js';
import openapi from './plugins/external/swagger.js';
import httpMetrics from './plugins/http-metrics.js';
import requestLimits from './plugins/request-limits.js';
import { requestIdOf } from './request-id.js';
import { resultCallbacksOf } from './result-callbacks.js';
import { graphRoutes } from './routes/graph-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { recorderRoutes } from './routes/recorder-routes.js';
import { scalingHistoryRoutes } from './routes/scaling-history-routes.js';
import { scalingRoutes } from './routes/scaling-routes.js';
import { topologiesRoutes } from './routes/topologies-routes.js';
import { topologyRoutes } from './routes/topology-routes.js';
import { trafficRoutes } from './routes/traffic-routes.js';
import { uiRoutes } from './routes/ui-routes.js';
import { authRequired } from './security/auth-required.js';

export interface BuildAppOptions {
  /** Fastify logger; off by default so tests stay quiet. */
  logger?: boolean | { level: string };
  /** Redis for the rate limit's shared counters; in process when absent. */
  rateLimitRedis?: Redis;
}

/**
 * The HTTP API: validates requests, enqueues model jobs and reads their results. It never runs a model;
 * it reads from the metrics source only to list topologies, check readiness, and validate spout names and
 * proposed plans against the running topology (so those mistakes are a 400, not a failed job).
 */
export async function buildApp(
  deps: AppDependencies,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    return503OnClosing: true,
    clientErrorHandler,
    // A caller's `x-request-id` names the request in every log line (when it is a sane id); it is echoed back.
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorHandler);
  const keysRequired = authRequired(deps.config.server.auth, deps.config.server.host);
  await app.register(authentication, { auth: deps.config.server.auth, required: keysRequired });
  await app.register(requestLimits, {
    server: deps.config.server,
    redisPrefix: deps.config.redis.prefix,
    ...(options.rateLimitRedis ? { redis: options.rateLimitRedis } : {}),
  });
  await app.register(httpMetrics, { queue: deps.queue });
  await app.register(openapi, { authRequired: keysRequired });
  await app.register(healthRoutes, deps);
  await app.register(topologiesRoutes, deps);
  await app.register(trafficRoutes, deps);
  await app.register(topologyRoutes, deps);
  await app.register(graphRoutes, deps);
  await app.register(scalingRoutes, deps);
  await app.register(scalingHistoryRoutes, deps);
  await app.register(recorderRoutes, deps);
  await app.register(uiRoutes, deps);
  app.addHook('onClose', async () => resultCallbacksOf(deps).close());
  return app;
}

import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/config-schema.js';
import { AppError } from '../../errors.js';
import { scopeOfRoute } from '../security/route-scope.js';

export interface RequestLimitsOptions {
  server: Config['server'];
  /** Where the rate limit's counters live, so every API replica shares them; in process when absent. */
  redis?: Redis;
  /** Key prefix of augur's Redis keys (`redis.prefix`). @defaultValue augur */
  redisPrefix?: string;
}

const isOpenRoute = (method: string, url: string) =>
  scopeOfRoute(method, url.split('?')[0] ?? '', {}) === undefined;

/**
 * Rate limits per API key (per client address without one) — 429 `RATE_LIMITED` with Retry-After — and
 * load shedding (503 `OVERLOADED` with Retry-After when the event loop lags or memory is past its cap).
 * Probes and the console's static files are never limited, so an orchestrator still sees the process.
 */
async function requestLimits(app: FastifyInstance, options: RequestLimitsOptions) {
  const { rateLimit: limit, underPressure: pressure } = options.server;
  if (limit.max > 0) {
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.windowMs,
      ...(options.redis
        ? { redis: options.redis, nameSpace: `${options.redisPrefix ?? 'augur'}:rate-limit:` }
        : {}),
      // With Redis down the queue answers 503 anyway; the limiter must not turn that into a hang.
      skipOnError: true,
      keyGenerator: (request) => (request.apiKeyName ? `key:${request.apiKeyName}` : `ip:${request.ip}`),
      allowList: (request) => isOpenRoute(request.method, request.url),
      errorResponseBuilder: (_request, context) =>
        new AppError(
          'RATE_LIMITED',
          `Rate limit of ${context.max} requests per ${context.after} exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
          { details: { limit: context.max, retry_after_sec: Math.ceil(context.ttl / 1000) } },
        ),
    });
  }
  await app.register(underPressure, {
    maxEventLoopDelay: pressure.maxEventLoopDelayMs,
    maxHeapUsedBytes: pressure.maxHeapUsedBytes,
    maxRssBytes: pressure.maxRssBytes,
    retryAfter: pressure.retryAfterSec,
    // Async: a rejection reaches the error handler (next(err)), like any other AppError.
    pressureHandler: async (request, reply, type, value) => {
      if (isOpenRoute(request.method, request.url)) return;
      reply.header('retry-after', String(pressure.retryAfterSec));
      throw new AppError(
        'OVERLOADED',
        `The API is overloaded (${type} ${Math.round(value ?? 0)}); retry later`,
        {
          details: { reason: type, retry_after_sec: pressure.retryAfterSec },
        },
      );
    },
  });
}

export default fp(requestLimits, { name: 'request-limits', dependencies: ['error-handler'] });

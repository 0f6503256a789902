import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERRORS, isAppError } from '../../errors.js';

const body = (statusCode: number, code: string, message: string, details?: Record<string, unknown>) => ({
  statusCode,
  code,
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
  ...(details ? { details } : {}),
});

/** Where a validation issue is: `query.duration`, `params.dsps`, `body.plan.id`… */
function fieldOf(context: string | undefined, path: readonly string[]): string {
  const where = (context ?? '').replace('querystring', 'query');
  return [where, ...path].filter(Boolean).join('.');
}

/**
 * One error answer for the whole API, `{statusCode, code, error, message}`: validation problems name
 * the field, AppErrors keep their code, other 4xx keep Fastify's message, and anything else is a 500
 * that hides internals (and is logged).
 */
async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const messages = err.validation.map((v) => {
        const field = fieldOf(err.validationContext, v.instancePath.split('/').filter(Boolean));
        if (v.keyword === 'unrecognized_keys') {
          const keys = (v.params as { keys?: string[] }).keys ?? [];
          return `${field}: unknown parameter ${keys.map((k) => `"${k}"`).join(', ')}`;
        }
        return `${field}: ${v.message}`;
      });
      return reply.code(400).send(body(400, 'BAD_REQUEST', messages.join('; ')));
    }
    if (isAppError(err)) {
      if (err.httpStatus >= 500) request.log.warn({ code: err.code, err: err.message }, 'request failed');
      return reply.code(err.httpStatus).send(body(err.httpStatus, err.code, err.message, err.details));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(body(status, err.code ?? 'BAD_REQUEST', err.message));
    }
    request.log.error({ err }, 'unexpected error');
    return reply.code(500).send(body(500, 'INTERNAL', ERRORS.INTERNAL.message));
  });

  app.setNotFoundHandler((request, reply) => {
    const err = new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).send(body(404, err.code, err.message));
  });
}

export default fp(errorHandler, { name: 'error-handler' });

import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERRORS, isAppError } from '../../errors.js';
import { fastifyClientError } from './fastify-error-codes.js';

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
 * One error answer for the whole API, `{statusCode, code, error, message}` with a code from the table:
 * validation problems name the field (`UNKNOWN_DSPS` for the DSPS), AppErrors keep their code, Fastify's
 * own 4xx get the table's code, and anything else is a 500 that hides internals (and is logged).
 */
async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    // No route matched, but the request failed before reaching the not-found handler (e.g. a body
    // method like QUERY without a content type): the answer is still about the route.
    if (request.is404) return unrouted(request, reply);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) =>
        fieldOf(err.validationContext, v.instancePath.split('/').filter(Boolean)),
      );
      const messages = err.validation.map((v, i) => {
        if (v.keyword === 'unrecognized_keys') {
          const keys = (v.params as { keys?: string[] }).keys ?? [];
          return `${fields[i]}: unknown parameter ${keys.map((k) => `"${k}"`).join(', ')}`;
        }
        return `${fields[i]}: ${v.message}`;
      });
      // The table's own code for the one path parameter every route shares.
      const code = fields.includes('params.dsps') ? 'UNKNOWN_DSPS' : 'BAD_REQUEST';
      const field = code === 'UNKNOWN_DSPS' ? 'params.dsps' : fields[0];
      return reply.code(400).send(body(400, code, messages.join('; '), field ? { field } : undefined));
    }
    if (isAppError(err)) {
      if (err.httpStatus >= 500) request.log.warn({ code: err.code, err: err.message }, 'request failed');
      return reply.code(err.httpStatus).send(body(err.httpStatus, err.code, err.message, err.details));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const known = fastifyClientError(err);
      const { httpStatus } = ERRORS[known.code];
      const details = known.field ? { field: known.field } : undefined;
      return reply.code(httpStatus).send(body(httpStatus, known.code, known.message, details));
    }
    request.log.error({ err }, 'unexpected error');
    return reply.code(500).send(body(500, 'INTERNAL', ERRORS.INTERNAL.message));
  });

  // Every route's path pattern and methods, so a known path asked with another method is a 405, not a 404.
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    routes.push({ pattern: pathPattern(route.url ?? route.path), methods });
  });

  /** 405 with `Allow` for a known path asked with another method, else 404. */
  const unrouted = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))].sort();
    if (allowed.length > 0) {
      const err = new AppError(
        'METHOD_NOT_ALLOWED',
        `${request.method} is not a method of ${path}; it takes ${allowed.join(', ')}`,
      );
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(body(405, err.code, err.message, { allowed }));
    }
    const err = new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${path}`);
    return reply.code(404).send(body(404, err.code, err.message));
  };
  app.setNotFoundHandler(unrouted);
}

/** `/model/:dsps/:topology` → a regular expression of the paths it serves (`*` matches the rest). */
function pathPattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((part) =>
      part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

export default fp(errorHandler, { name: 'error-handler' });

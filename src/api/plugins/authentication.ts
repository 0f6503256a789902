import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthSettings } from '../../config/auth-schema.js';
import { AppError } from '../../errors.js';
import { grants, keyHolderOf, presentedKey } from '../security/api-keys.js';
import { scopeOfRoute } from '../security/route-scope.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The name of the API key the request authenticated with, when it did. */
    apiKeyName?: string;
  }
}

export interface AuthenticationOptions {
  auth: AuthSettings;
  /** False when the API is open (loopback, or `server.auth.mode: off`): keys are then read but not needed. */
  required: boolean;
}

/**
 * API keys with scopes (`read` ⊂ `model` ⊂ `admin`): 401 `UNAUTHORIZED` without a valid key, 403
 * `FORBIDDEN` when the key lacks the route's scope. Probes, the spec and the console's static files stay open.
 */
async function authentication(app: FastifyInstance, options: AuthenticationOptions) {
  const { auth, required } = options;
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const key = presentedKey(request.headers);
    const holder = key === undefined ? undefined : keyHolderOf(key, auth.keys);
    if (holder) request.apiKeyName = holder.name;
    if (!required) return;
    const scope = scopeOfRoute(
      request.method,
      request.routeOptions.url ?? request.url.split('?')[0] ?? '',
      request.query as Record<string, unknown>,
    );
    if (scope === undefined) return;
    if (!holder) {
      reply.header('www-authenticate', 'Bearer realm="augur"');
      throw new AppError(
        'UNAUTHORIZED',
        key === undefined
          ? 'An API key is required: send it as "Authorization: Bearer <key>" or "x-api-key: <key>"'
          : 'The API key is not valid',
      );
    }
    if (!grants(holder.scopes, scope)) {
      throw new AppError(
        'FORBIDDEN',
        `The API key "${holder.name}" has scopes ${holder.scopes.join(', ')}; ${request.method} ${request.routeOptions.url} needs "${scope}"`,
        { details: { needed: scope } },
      );
    }
  });
}

export default fp(authentication, { name: 'authentication', dependencies: ['error-handler'] });

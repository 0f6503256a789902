import type { ApiScope } from '../../config/auth-schema.js';

/** Routes anyone may call: probes, the API's own documentation, and the console's static page and assets. */
const OPEN = [
  /^\/health$/,
  /^\/ready$/,
  /^\/openapi\.json$/,
  /^\/docs(\/|$)/,
  /^\/ui\/?$/,
  /^\/ui\/assets\//,
];

/**
 * The scope a request needs, from its route and method: `admin` for the operator's actions (the
 * autoscaler's evaluate, the recorder), `model` to ask for a model, `read` for results (a poll by
 * `model_id`), topologies and model information; `undefined` for an open route.
 */
export function scopeOfRoute(
  method: string,
  route: string,
  query: Record<string, unknown>,
): ApiScope | undefined {
  if (OPEN.some((pattern) => pattern.test(route))) return undefined;
  if (route === '/recorder' || route.endsWith('/evaluate')) return 'admin';
  if (route.startsWith('/model/')) {
    if (route.endsWith('/model_info')) return 'read';
    if (method === 'GET' && query.model_id !== undefined) return 'read';
    // A poll has its own route (`/model/topology/:dsps/:topology?model_id=`), caught above by its query.
    return 'model';
  }
  return 'read';
}

import type { PlanBody } from './plan-file.js';

/** What `augur model` can ask. */
export const MODEL_ASPECTS = ['traffic', 'current', 'proposed', 'scaling', 'graph'] as const;
export type ModelAspect = (typeof MODEL_ASPECTS)[number];

export interface ModelRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: PlanBody;
}

/**
 * `name=value` arguments as a query string, in their order, a name given twice sent twice (the API's
 * repeatable parameters). Throws a usage error naming an argument without `=`.
 */
export function queryOf(args: string[]): string {
  const query = new URLSearchParams();
  for (const arg of args) {
    const at = arg.indexOf('=');
    if (at <= 0) {
      throw new Error(`"${arg}" is not name=value (a spout rate like sentence=150, or a query parameter)`);
    }
    query.append(arg.slice(0, at), arg.slice(at + 1));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/**
 * The route of each aspect (src/api/routes): traffic, scaling and the graph of the running plan are GETs;
 * a proposed plan, and the graph of one (`graph --plan`), are POSTed.
 */
export function modelRequestOf(
  aspect: ModelAspect,
  dsps: string,
  topology: string,
  args: string[],
  plan?: PlanBody,
): ModelRequest {
  const [d, t] = [encodeURIComponent(dsps), encodeURIComponent(topology)];
  const query = queryOf(args);
  if (plan && aspect !== 'proposed' && aspect !== 'graph') {
    throw new Error(`--plan goes with proposed or graph, not ${aspect}`);
  }
  switch (aspect) {
    case 'traffic':
      return { method: 'GET', path: `/model/traffic/${d}/${t}${query}` };
    case 'current':
      return { method: 'GET', path: `/model/topology/${d}/current/${t}${query}` };
    case 'proposed':
      if (!plan) throw new Error('proposed needs --plan FILE (a Heron PackingPlan or a Storm assignment)');
      return {
        method: 'POST',
        path: `/model/topology/${d}/proposed/${t}${query}`,
        body: plan,
      };
    case 'scaling':
      return { method: 'GET', path: `/model/scaling/${d}/${t}${query}` };
    case 'graph':
      return plan
        ? { method: 'POST', path: `/model/graph/${d}/${t}/proposed${query}`, body: plan }
        : { method: 'GET', path: `/model/graph/${d}/${t}${query}` };
  }
}

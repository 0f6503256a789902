import type { FastifyBaseLogger } from 'fastify';
import type { Limits } from '../config/limits-schema.js';
import { DSPS_ADAPTERS } from '../dsps/dsps-adapters.js';
import { AppError } from '../errors.js';
import type { TopologyJobParams } from '../jobs/params/topology-params.js';
import { canonicalPlanHash } from '../topology/canonical-plan-hash.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import { instancesOfPlan, instancesOfStructure } from '../topology/planned-instances.js';
import type { Dsps } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { AppDependencies } from './app-dependencies.js';
import { knownTopologiesOf } from './known-topologies.js';
import { requireSource, topologyRefOf } from './model-requests.js';
import { requestTraffic, type TrafficQuery } from './request-traffic.js';

/** What a topology or graph job is asked about, whichever aspect models it: the plan and its traffic. */
export type PlanJobParams = Omit<TopologyJobParams, 'kind' | 'plan'>;

/**
 * The topology a plan request names, checked known to its DSPS's source (501 when none is configured, 404
 * when the source does not know it).
 */
export async function knownTopology(
  deps: AppDependencies,
  dsps: Dsps,
  topology: string,
  query: { cluster?: string; environ?: string; role?: string },
  log: FastifyBaseLogger,
) {
  const source = requireSource(deps, dsps);
  const ref = topologyRefOf(deps, dsps, topology, query);
  await knownTopologiesOf(deps).assertKnown(source, ref, log);
  return { source, ref };
}

/**
 * A request body's proposed plan, decoded by the DSPS's adapter and checked against the running topology.
 * @throws AppError `BAD_REQUEST` when the body is missing, names what is wrong, or has more instances than
 *   `limits.maxPlanInstances`
 */
export function proposedPlanOf(
  limits: Pick<Limits, 'maxPlanInstances'>,
  dsps: Dsps,
  body: unknown,
  contentType: string,
  structure: TopologyStructure,
): PackingPlan {
  const adapter = DSPS_ADAPTERS[dsps];
  if (body === undefined || body === null) {
    throw new AppError('BAD_REQUEST', `body: ${adapter.proposedPlanDescription} is required`, {
      details: { field: 'body', reason: 'missing' },
    });
  }
  const plan = adapter.decodeProposedPlan(unwrapSchedulerPlan(dsps, body), contentType, structure);
  const instances = plan.containers.reduce((n, c) => n + c.instances.length, 0);
  if (instances > limits.maxPlanInstances) {
    throw new AppError(
      'BAD_REQUEST',
      `body: the plan has ${instances} instances, more than limits.maxPlanInstances = ${limits.maxPlanInstances}`,
      { details: { field: 'body', reason: 'too many instances', limit: 'limits.maxPlanInstances' } },
    );
  }
  return plan;
}

/**
 * The plan inside a scaling result's `plan` (`{dsps, packing_plan, …}` or `{dsps, assignment, …}`), so that
 * it posts as it is; any other body unchanged.
 * @throws AppError `BAD_REQUEST` when it is another DSPS's plan
 */
function unwrapSchedulerPlan(dsps: Dsps, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body) || body instanceof Uint8Array)
    return body;
  const envelope = body as Record<string, unknown>;
  if (typeof envelope.dsps !== 'string') return body;
  if (envelope.dsps !== dsps) {
    throw new AppError('BAD_REQUEST', `body.dsps: a ${envelope.dsps} plan cannot be posted for ${dsps}`, {
      details: { field: 'body.dsps', reason: 'another stream-processing system' },
    });
  }
  const inner = DSPS_ADAPTERS[dsps].planInSchedulerPlan(envelope);
  return inner ?? body;
}

/**
 * The plan and traffic part of a job's params: the running plan, or a proposed one (keyed by its canonical
 * hash), with the request's spout rates checked against that plan's spout instances.
 */
export function planJobParams(
  deps: AppDependencies,
  dsps: Dsps,
  query: TrafficQuery,
  structure: TopologyStructure,
  proposed: PackingPlan | undefined,
  ownQueryNames?: readonly string[],
): PlanJobParams {
  const instances = proposed
    ? instancesOfPlan(proposed, DSPS_ADAPTERS[dsps])
    : instancesOfStructure(structure);
  return {
    plan_kind: proposed ? 'proposed' : 'current',
    ...requestTraffic(deps.config, dsps, query, structure, instances, ownQueryNames),
    window_minutes: deps.config.topology.windowMinutes,
    ...(proposed ? { plan_hash: canonicalPlanHash(proposed) } : {}),
  };
}

import type { FastifyReply } from 'fastify';
import { AppError } from '../errors.js';
import { modelIdOf, wholeMinuteSec } from '../jobs/model-id.js';
import type { JobParamsOf, ModelJobData, ModelJobOf } from '../jobs/model-job.js';
import type { Aspect } from '../models/aspect.js';
import type { Dsps, TopologyRef } from '../topology/topology-ref.js';
import type { AppDependencies } from './app-dependencies.js';
import { knownTopologiesOf } from './known-topologies.js';
import { resultCallbacksOf } from './result-callbacks.js';

/** Seconds a client should wait before polling a pending result again. */
const RETRY_AFTER_SEC = 1;

/** Answers 501 for a DSPS augur has no metrics source for. */
export function requireSource(deps: AppDependencies, dsps: Dsps) {
  const source = deps.sources[dsps];
  if (!source) {
    throw new AppError('DSPS_NOT_SUPPORTED', `No ${dsps} metrics source is configured (metrics.${dsps})`);
  }
  return source;
}

/** Checks the topology exists (404 if not), enqueues a model job (once per model id) and answers 202. */
export async function acceptModelRequest<A extends Aspect>(
  deps: AppDependencies,
  reply: FastifyReply,
  request: {
    aspect: A;
    ref: TopologyRef;
    /** The job's parameters; the model id is hashed from them (with the topology, models and minute). */
    params: JobParamsOf[A];
    /** Job-only parameters left out of the id, e.g. a proposed plan already identified by its hash. */
    jobOnly?: Partial<JobParamsOf[A]>;
    models: string[];
    statusPath: string;
    /** Where to POST the result when the job is done (not part of the id). */
    callbackUrl?: string;
  },
) {
  if (request.callbackUrl !== undefined && !deps.config.callbacks.secret) {
    throw new AppError('BAD_REQUEST', 'callback_url: callbacks are off (no callbacks.secret is configured)', {
      details: { field: 'callback_url', reason: 'callbacks are not configured' },
    });
  }
  await knownTopologiesOf(deps).assertKnown(requireSource(deps, request.ref.dsps), request.ref, reply.log);
  const now = (deps.now ?? Date.now)();
  const requestedAtSec = wholeMinuteSec(now);
  const modelId = modelIdOf({
    aspect: request.aspect,
    ref: request.ref,
    params: { ...request.params },
    models: request.models,
    requestedAtSec,
  });
  const job: ModelJobOf<A> = {
    modelId,
    aspect: request.aspect,
    ref: request.ref,
    models: request.models,
    params: { ...request.params, ...request.jobOnly },
    requestedAtSec,
    createdAt: new Date(now).toISOString(),
  };
  await deps.queue.enqueue(job as ModelJobData);
  if (request.callbackUrl !== undefined)
    resultCallbacksOf(deps).deliverWhenDone(modelId, request.callbackUrl, reply.log);
  const statusUrl = `${request.statusPath}?model_id=${modelId}`;
  return reply
    .code(202)
    .header('location', statusUrl)
    .header('retry-after', RETRY_AFTER_SEC)
    .send({ model_id: modelId, status: 'pending' as const, status_url: statusUrl });
}

/** How often a long-poll looks for the result, ms. */
const LONG_POLL_INTERVAL_MS = 100;

/**
 * Answers a poll: 202 while queued or running, 200 with the stored document, 404 when unknown here. With
 * `waitSec`, a long-poll: the answer waits until the job is done (or `waitSec` passed, or the client left).
 */
export async function replyWithModelStatus(
  deps: AppDependencies,
  reply: FastifyReply,
  expected: { modelId: string; aspect: Aspect; dsps: Dsps; topology: string },
  waitSec = 0,
) {
  const deadline = Date.now() + waitSec * 1000;
  let status = await deps.queue.getStatus(expected.modelId);
  while (status && !('result' in status) && Date.now() < deadline && !reply.raw.destroyed) {
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(LONG_POLL_INTERVAL_MS, Math.max(0, deadline - Date.now()))),
    );
    status = await deps.queue.getStatus(expected.modelId);
  }
  const notFound = () =>
    new AppError(
      'MODEL_NOT_FOUND',
      `No ${expected.aspect} result with model_id ${expected.modelId} for ${expected.dsps} topology ${expected.topology}`,
    );
  if (!status) throw notFound();
  if (!('result' in status)) {
    const { job } = status;
    if (
      job.aspect !== expected.aspect ||
      job.ref.dsps !== expected.dsps ||
      job.ref.topology !== expected.topology
    ) {
      throw notFound();
    }
    return reply
      .code(202)
      .header('retry-after', RETRY_AFTER_SEC)
      .send({ model_id: expected.modelId, status: status.state, progress: status.progress });
  }
  const { result } = status;
  if (
    result.aspect !== expected.aspect ||
    result.dsps !== expected.dsps ||
    result.topology_id !== expected.topology
  ) {
    throw notFound();
  }
  return reply.code(200).send(result);
}

/** The topology a request names, with cluster/environ/role defaulted from config. */
export function topologyRefOf(
  deps: AppDependencies,
  dsps: Dsps,
  topology: string,
  query: { cluster?: string; environ?: string; role?: string },
): TopologyRef {
  const defaults = deps.config.defaults[dsps];
  const role = query.role ?? defaults.role;
  return {
    dsps,
    topology,
    cluster: query.cluster ?? defaults.cluster,
    environ: query.environ ?? defaults.environ,
    ...(role ? { role } : {}),
  };
}

/** `wait` belongs to a poll: without `model_id` there is nothing to wait for. */
export function assertWaitPolls(modelId: string | undefined, wait: number | undefined) {
  if (wait !== undefined && modelId === undefined) {
    throw new AppError('BAD_REQUEST', 'wait: only a poll (with model_id) can wait', {
      details: { field: 'wait', reason: 'needs model_id' },
    });
  }
}

/** `model_id` polls alone: a poll that also carries request parameters is ambiguous. */
export function assertPollAlone(query: Record<string, unknown>) {
  const extra = Object.keys(query).filter((k) => query[k] !== undefined);
  if (extra.length > 0) {
    throw new AppError(
      'BAD_REQUEST',
      `model_id cannot be combined with other parameters (${extra.join(', ')})`,
    );
  }
}

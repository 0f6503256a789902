import { fileURLToPath } from 'node:url';
import type { JobsOptions } from 'bullmq';
import type { Config } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { modelIdOf, wholeMinuteSec } from '../../src/jobs/model-id.js';
import type { ModelJobData } from '../../src/jobs/model-job.js';
import { DURATION_UNITS, type TrafficJobParams } from '../../src/jobs/params/traffic-params.js';

export const TOPOLOGY = 'WordCountTopology';
/** The route every request of the benchmark hits. */
export const TRAFFIC_PATH = `/model/traffic/heron/${TOPOLOGY}`;
/**
 * Requests use `units=s` so that `duration` can take millions of distinct integer values (the limit is
 * `traffic.maxDurationMin` = 43 200 min = 2 592 000 s): each request has its own model id, so each enqueues a job.
 */
export const DURATION_UNIT = 's' as const;

/** The shipped example snapshot (synthetic word-count topology), wherever the benchmark is run from. */
const EXAMPLE_SNAPSHOT_DIR = fileURLToPath(new URL('../../examples/snapshots/word-count', import.meta.url));

/** augur's configuration for the benchmark: the shipped example snapshot, the summary model, quiet logs. */
export function benchConfig(redisUrl: string, prefix: string): Readonly<Config> {
  return parseConfig({
    server: { host: '127.0.0.1', port: 0, logLevel: 'warn' },
    redis: { url: redisUrl, prefix },
    metrics: { heron: { source: 'snapshot', snapshotDir: EXAMPLE_SNAPSHOT_DIR } },
    model: { traffic: { heron: ['summary'] } },
  });
}

/**
 * The options augur's BullMQ queue gives every job (kept in step with `BullmqJobQueue`'s constructor in
 * src/jobs/bullmq-job-queue.ts, which does not export them), plus the model id as `jobId`.
 */
export function augurJobOptions(config: Readonly<Config>, jobId: string): JobsOptions {
  const q = config.queue;
  return {
    attempts: q.attempts,
    backoff: { type: 'exponential', delay: q.backoffMs },
    removeOnComplete: { count: q.keepCompleted },
    removeOnFail: { count: q.keepFailed },
    jobId,
  };
}

/** The job the API would enqueue for `GET /model/traffic/heron/WordCountTopology?duration=<d>&units=s`. */
export function trafficJobOf(config: Readonly<Config>, duration: number, nowMs = Date.now()): ModelJobData {
  const params: TrafficJobParams = {
    duration,
    units: DURATION_UNIT,
    duration_minutes: duration * DURATION_UNITS[DURATION_UNIT],
    source_hours: config.traffic.defaultSourceHours,
  };
  const ref = {
    dsps: 'heron' as const,
    topology: TOPOLOGY,
    cluster: config.defaults.heron.cluster,
    environ: config.defaults.heron.environ,
  };
  const models = ['summary'];
  const requestedAtSec = wholeMinuteSec(nowMs);
  const modelId = modelIdOf({ aspect: 'traffic', ref, params: { ...params }, models, requestedAtSec });
  return {
    modelId,
    aspect: 'traffic',
    ref,
    models,
    params: { ...params },
    requestedAtSec,
    createdAt: new Date(nowMs).toISOString(),
  };
}

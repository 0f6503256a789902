import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import { buildApp } from './api/app.js';
import { authRequired } from './api/security/auth-required.js';
import { type AutoscalerServices, createAutoscaler } from './autoscaler/create-autoscaler.js';
import type { Config } from './config/config-schema.js';
import { AppError } from './errors.js';
import { createTopologyGraphStore } from './graph/create-graph-client.js';
import type { TopologyGraphStore } from './graph/topology-graph-store.js';
import { createJobQueue } from './jobs/create-job-queue.js';
import { adviseForLoop } from './jobs/handlers/advise-for-loop.js';
import type { JobQueue, WorkerHandle } from './jobs/job-queue.js';
import { observedProcessor } from './jobs/observed-processor.js';
import { createModelJobProcessor } from './jobs/run-model-job.js';
import { JobThreadPool } from './jobs/threads/job-thread-pool.js';
import { createMetricsSources } from './metrics/create-metrics-source.js';
import type { MetricsSource } from './metrics/metrics-source.js';
import { loadModelRegistry, type ModelRegistry } from './models/model-registry.js';
import { createRecorder, type RecorderServices } from './recorder/create-recorder.js';
import type { Dsps } from './topology/topology-ref.js';

export type Role = 'api' | 'worker' | 'all';

export interface RunningServices {
  /** Where the API listens, when this process serves it. */
  url?: string;
  close(): Promise<void>;
}

/**
 * Starts what one process runs: the API, the workers, or both. Without Redis the queue lives in process
 * (embedded mode), which only works when API and workers share the process.
 */
export async function startServices(config: Readonly<Config>, role: Role): Promise<RunningServices> {
  const log = pino({ level: config.server.logLevel, name: 'augur' });
  const registry = await loadModelRegistry(config);
  const live = createMetricsSources(config);
  const queue: JobQueue = createJobQueue(config, { logger: log });
  const recorder = startRecorder(config, live, role, log);
  // With the recorder (and `recorder.serveHistory`), each DSPS's source has the recorded history behind it.
  const sources: Partial<Record<Dsps, MetricsSource>> = recorder?.sources ?? live;
  if (queue.mode === 'embedded' && role !== 'all') {
    await queue.close();
    throw new AppError(
      'CONFIG_INVALID',
      `"augur ${role}" needs Redis (set REDIS_URL): without it the queue lives in one process, so run "augur all"`,
    );
  }
  log.info(
    queue.mode === 'embedded'
      ? 'embedded mode: no redis.url configured, so jobs and results live in this process and are lost when it stops'
      : `queue "${config.queue.name}" on Redis`,
  );
  log.info({ heron: sources.heron?.kind, storm: sources.storm?.kind }, 'metrics sources');
  if (recorder && role !== 'api') {
    await recorder.scheduler.syncConfigured();
    recorder.scheduler.startWorker();
    log.info({ intervalSec: config.recorder.intervalSec }, 'history recorder started');
  }

  // Workers (and the autoscaling loop, which advises in-process) model plans against the topology graph.
  const graphs =
    role !== 'api' || config.autoscaler.enabled ? await createTopologyGraphStore(config) : undefined;
  if (graphs) {
    const expired = await graphs.expire();
    log.info({ backend: graphs.client.backend, expired: expired.length }, 'topology graph store');
  }
  const autoscaler = graphs && startAutoscaler(config, sources, registry, graphs, log);
  if (autoscaler && role !== 'api') {
    await autoscaler.scheduler.sync();
    autoscaler.scheduler.startWorker();
    log.info({ reevaluateSec: config.autoscaler.reevaluateSec }, 'autoscaling loop started');
  }

  let worker: WorkerHandle | undefined;
  let threads: JobThreadPool | undefined;
  let app: FastifyInstance | undefined;
  let url: string | undefined;
  let rateLimitRedis: Redis | undefined;
  if (role === 'worker' || role === 'all') {
    // On threads, each builds its own sources, registry and graph store from the config.
    threads = config.queue.jobThreads ? new JobThreadPool(config) : undefined;
    await threads?.start();
    worker = queue.startWorker(
      threads
        ? observedProcessor(threads.processor, log)
        : createModelJobProcessor({ sources, registry, graphs: graphs as TopologyGraphStore, logger: log }),
    );
    log.info(
      {
        concurrency: config.queue.concurrency,
        threads: config.queue.jobThreads,
        jobMemoryMb: config.queue.jobMemoryMb,
      },
      'worker started',
    );
  }
  if (role === 'api' || role === 'all') {
    if (authRequired(config.server.auth, config.server.host)) {
      log.info({ keys: config.server.auth.keys.map((k) => k.name) }, 'API keys required');
    } else {
      log.warn(
        config.server.auth.mode === 'off'
          ? `the API on ${config.server.host} needs no key (server.auth.mode: off): anyone who reaches the port can use it`
          : `the API needs no key because it listens on loopback (${config.server.host}) only; on any other address it requires server.auth.keys`,
      );
    }
    // Rate-limit counters shared by every API replica; a command fails fast rather than queue while Redis is away.
    rateLimitRedis = config.redis.url
      ? new Redis(config.redis.url, {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 1000,
        })
      : undefined;
    rateLimitRedis?.on('error', () => {}); // the limiter skips on error; /ready reports Redis
    app = await buildApp(
      {
        config,
        queue,
        registry,
        sources,
        recorder: recorder && {
          state: recorder.state,
          watchRequested: (ref) => recorder.scheduler.watchRequested(ref),
        },
        autoscaler: autoscaler && {
          history: autoscaler.history,
          evaluateNow: (ref) => autoscaler.scheduler.evaluateNow(ref),
        },
      },
      { logger: { level: config.server.logLevel }, ...(rateLimitRedis ? { rateLimitRedis } : {}) },
    );
    url = await app.listen({ host: config.server.host, port: config.server.port });
    log.info(`API on ${url} — Swagger UI at ${url}/docs`);
  }

  return {
    url,
    async close() {
      await app?.close();
      rateLimitRedis?.disconnect();
      await worker?.close();
      await threads?.close();
      await queue.close();
      await autoscaler?.close();
      await recorder?.close();
      await graphs?.client.close();
      await Promise.all(Object.values(live).map((source) => source.close?.()));
    },
  };
}

/** The history recorder, when enabled; it needs Redis, since its schedulers and history live there. */
function startRecorder(
  config: Readonly<Config>,
  live: Partial<Record<Dsps, MetricsSource>>,
  role: Role,
  log: Logger,
): RecorderServices | undefined {
  if (!config.recorder.enabled) return undefined;
  if (!config.redis.url) {
    throw new AppError(
      'CONFIG_INVALID',
      'recorder.enabled needs redis.url (REDIS_URL): the history is kept in Redis',
    );
  }
  log.info({ role }, 'history recorder enabled');
  return createRecorder({
    config: config.recorder,
    redisUrl: config.redis.url,
    prefix: config.redis.prefix,
    live,
    logger: log,
  });
}

/** The advisory autoscaling loop, when enabled; it needs Redis (schedulers, history, in-flight markers). */
function startAutoscaler(
  config: Readonly<Config>,
  sources: Partial<Record<Dsps, MetricsSource>>,
  registry: ModelRegistry,
  graphs: TopologyGraphStore,
  log: Logger,
): AutoscalerServices | undefined {
  if (!config.autoscaler.enabled) return undefined;
  if (!config.redis.url) {
    throw new AppError(
      'CONFIG_INVALID',
      'autoscaler.enabled needs redis.url (REDIS_URL): schedulers, history and in-flight markers live in Redis',
    );
  }
  return createAutoscaler({
    config: config.autoscaler,
    redisUrl: config.redis.url,
    prefix: config.redis.prefix,
    advise: adviseForLoop(config, sources, registry, graphs),
    logger: log,
  });
}

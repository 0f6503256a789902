import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from '../../src/api/app.js';
import type { AppDependencies } from '../../src/api/app-dependencies.js';
import type { Config, ConfigInput } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createTopologyGraphStore } from '../../src/graph/create-graph-client.js';
import type { TopologyGraphStore } from '../../src/graph/topology-graph-store.js';
import { createJobQueue } from '../../src/jobs/create-job-queue.js';
import type { JobQueue, WorkerHandle } from '../../src/jobs/job-queue.js';
import { createModelJobProcessor } from '../../src/jobs/run-model-job.js';
import { JobThreadPool } from '../../src/jobs/threads/job-thread-pool.js';
import { createMetricsSource } from '../../src/metrics/create-metrics-source.js';
import type { MetricsSource } from '../../src/metrics/metrics-source.js';
import { loadModelRegistry } from '../../src/models/model-registry.js';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  queue: JobQueue;
  source: MetricsSource;
  /** The workers' topology graph store (the configured backend; with job threads, each has its own). */
  graphs: TopologyGraphStore;
  /** The job threads, with `jobThreads`. */
  threads?: JobThreadPool;
  close(): Promise<void>;
}

/**
 * The real app on real parts — the queue from config (embedded, or BullMQ when `redis.url` is set), the
 * configured metrics source (the shipped example snapshot by default) and, unless `worker: false`, a worker.
 */
export async function buildTestApp(
  configTree: ConfigInput = {},
  options: {
    worker?: boolean;
    now?: () => number;
    /** Use this Heron metrics source instead of the configured one. */
    source?: MetricsSource;
    /** Use this Storm metrics source instead of the configured one. */
    stormSource?: MetricsSource;
    recorder?: AppDependencies['recorder'];
    /** Redis for the rate limit's shared counters. */
    rateLimitRedis?: Redis;
    /**
     * Run jobs on worker threads as `augur worker` does (`queue.jobThreads`); off by default so most tests
     * skip each thread's start-up. Threads build their sources from the config, so not with `source`.
     */
    jobThreads?: boolean;
  } = {},
): Promise<TestApp> {
  const config = parseConfig({
    model: { traffic: { heron: ['summary'], storm: ['summary'] } },
    ...configTree,
    // The test run oversubscribes the cores, so event-loop lag is the machine's: no shedding on it unless
    // a test asks (test/api/request-limits.test.ts).
    server: {
      ...configTree.server,
      underPressure: { maxEventLoopDelayMs: 0, ...configTree.server?.underPressure },
    },
  });
  const registry = await loadModelRegistry(config);
  const source = options.source ?? createMetricsSource(config, 'heron');
  const queue = createJobQueue(config);
  const stormSource = options.stormSource ?? createMetricsSource(config, 'storm');
  const sources = { heron: source, storm: stormSource };
  const graphs = await createTopologyGraphStore(config);
  let worker: WorkerHandle | undefined;
  const threads = options.jobThreads ? new JobThreadPool(config) : undefined;
  await threads?.start();
  if (options.worker !== false)
    worker = queue.startWorker(threads?.processor ?? createModelJobProcessor({ sources, registry, graphs }));
  const app = await buildApp(
    {
      config,
      queue,
      registry,
      sources,
      now: options.now,
      recorder: options.recorder,
    },
    options.rateLimitRedis ? { rateLimitRedis: options.rateLimitRedis } : {},
  );
  return {
    app,
    config,
    queue,
    source,
    graphs,
    ...(threads ? { threads } : {}),
    async close() {
      await app.close();
      await worker?.close();
      await threads?.close();
      await queue.close();
      await source.close?.();
      await stormSource.close?.();
      await graphs.client.close();
    },
  };
}

/** Polls a status URL until it stops answering 202. */
export async function pollUntilDone(app: FastifyInstance, url: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: 'GET', url });
    if (res.statusCode !== 202) return res;
    if (Date.now() > deadline) throw new Error(`still pending after ${timeoutMs} ms: ${res.body}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

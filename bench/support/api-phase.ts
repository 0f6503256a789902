import { fileURLToPath } from 'node:url';
import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../../src/config/config-schema.js';
import { DURATION_UNIT, TRAFFIC_PATH } from './augur-job.js';
import { measurePhase, type ThroughputResult } from './closed-loop.js';
import type { LoadShape } from './queue-phases.js';

const VARY_DURATION = fileURLToPath(new URL('./vary-duration.cjs', import.meta.url));

/**
 * autocannon ends a run (and stops its clock) only on its sampling tick, 1 s by default, so with `amount`
 * its duration — and any rate computed from it — would be rounded up to whole seconds. 10 ms keeps the
 * error below 1 % of a run of a few seconds.
 */
const SAMPLE_INTERVAL_MS = 10;

export interface ApiLoadShape extends LoadShape {
  /**
   * autocannon worker threads: 1 runs the load generator beside the API's event loop rather than on it
   * (0 = on it). More than 1 is not supported: each thread would count `duration` from the same start.
   */
  loadThreads: 0 | 1;
}

/**
 * `GET /model/traffic/heron/WordCountTopology?duration=<n>&units=s` with autocannon against a running API
 * (no workers on its queue), `concurrency` connections, each request with the next `duration`, so each one
 * enqueues a new job; afterwards the queue must hold exactly one waiting job per request.
 */
export async function measureApi(
  apiUrl: string,
  config: Readonly<Config>,
  redis: Redis,
  shape: ApiLoadShape,
): Promise<ThroughputResult> {
  const inspect = new Queue(config.queue.name, {
    connection: { url: config.redis.url as string },
    prefix: config.redis.prefix,
  });
  try {
    const result = await measureHttp(apiUrl, redis, shape);
    const counts = await inspect.getJobCounts('waiting');
    if (counts.waiting !== shape.warmup + shape.total) {
      throw new Error(
        `API: expected ${shape.warmup + shape.total} waiting jobs (one per request), found ${counts.waiting}`,
      );
    }
    return result;
  } finally {
    await inspect.obliterate({ force: true });
    await inspect.close();
  }
}

/**
 * Diagnostic: the same load on a bare Fastify server in this process — the same route shape answering 202
 * with the same headers and a body like augur's, but no schemas, no model id, no Redis. What HTTP alone
 * costs on this machine with this load generator: a ceiling no API on one event loop can pass.
 */
export async function measureHttpFloor(redis: Redis, shape: ApiLoadShape): Promise<ThroughputResult> {
  const app = Fastify({ logger: false });
  const modelId = 'traffic-AAAAAAAAAAAAAAAAAAAAAA';
  const statusUrl = `${TRAFFIC_PATH}?model_id=${modelId}`;
  app.get('/model/traffic/:dsps/:topology', (_request, reply) => {
    reply.code(202).header('location', statusUrl).header('retry-after', 1);
    return reply.send({ model_id: modelId, status: 'pending', status_url: statusUrl });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await measureHttp(url, redis, shape);
  } finally {
    await app.close();
  }
}

async function measureHttp(url: string, redis: Redis, shape: ApiLoadShape): Promise<ThroughputResult> {
  await hammer(url, shape.warmup, shape.concurrency, shape.firstDuration, shape.loadThreads);
  return measurePhase(redis, async () => {
    const cannon = await hammer(
      url,
      shape.total,
      shape.concurrency,
      shape.firstDuration + shape.warmup,
      shape.loadThreads,
    );
    const accepted = cannon.statusCodeStats['202']?.count ?? 0;
    const errors = shape.total - accepted;
    if (errors > 0) {
      console.warn(
        `${errors} of ${shape.total} requests did not answer 202: ${JSON.stringify(cannon.statusCodeStats)}, ` +
          `${cannon.errors} errors, ${cannon.timeouts} timeouts`,
      );
    }
    const l = cannon.latency;
    return {
      ops: accepted,
      errors,
      // autocannon keeps latencies in an HDR histogram of whole milliseconds; its duration starts at its start-up.
      latencies: {
        count: l.totalCount ?? accepted,
        p50: l.p50,
        p90: l.p90,
        p99: l.p99,
        max: l.max,
        mean: l.mean,
      },
      elapsedMs: cannon.duration * 1000,
    };
  });
}

function hammer(
  url: string,
  amount: number,
  connections: number,
  firstDuration: number,
  threads: 0 | 1,
): Promise<AutocannonResult> {
  const options: AutocannonOptions = {
    url,
    connections,
    pipelining: 1,
    amount,
    timeout: 30,
    sampleInt: SAMPLE_INTERVAL_MS,
  };
  if (threads === 1) {
    // The thread copies process.env when it starts.
    process.env.AUGUR_BENCH_PATH = TRAFFIC_PATH;
    process.env.AUGUR_BENCH_UNITS = DURATION_UNIT;
    process.env.AUGUR_BENCH_FIRST_DURATION = String(firstDuration);
    return autocannon({ ...options, workers: 1, requests: [{ method: 'GET', setupRequest: VARY_DURATION }] });
  }
  let next = firstDuration;
  return autocannon({
    ...options,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: `${TRAFFIC_PATH}?duration=${next++}&units=${DURATION_UNIT}`,
        }),
      },
    ],
  });
}

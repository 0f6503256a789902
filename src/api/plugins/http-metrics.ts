import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import type { JobQueue } from '../../jobs/job-queue.js';
import { httpRequestSeconds, httpRequests, metricsRegistry } from '../../observability/process-metrics.js';

export interface HttpMetricsOptions {
  queue: JobQueue;
}

/**
 * Counts and times every answered request by route pattern (not URL: topology names would explode the
 * label set), reports the queue's depth at scrape time, and serves the process's metrics at `/metrics`.
 */
/** The queues of the apps open in this process (one in production; tests open several). */
const reportedQueues = new Set<JobQueue>();

new Gauge({
  name: 'augur_queue_jobs',
  help: 'Model jobs in the queue at scrape time, by state (waiting, running); absent while Redis is away',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    const queue = [...reportedQueues].at(-1);
    if (!queue) return;
    try {
      const { waiting, running } = await queue.depth();
      this.set({ state: 'waiting' }, waiting);
      this.set({ state: 'running' }, running);
    } catch {
      // Redis away: no sample rather than a stale one.
    }
  },
});

async function httpMetrics(app: FastifyInstance, options: HttpMetricsOptions) {
  reportedQueues.add(options.queue);
  app.addHook('onClose', async () => {
    reportedQueues.delete(options.queue);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ route, method: request.method, status_code: String(reply.statusCode) });
    httpRequestSeconds.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { logLevel: 'debug', schema: { hide: true } }, async (_request, reply) =>
    reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics()),
  );
}

export default fp(httpMetrics, { name: 'http-metrics' });

import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus metrics of this process: Node's own (event loop, heap, GC), the API's requests, and the
 * jobs its workers ran. One registry per process; the API serves it at `/metrics`.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'augur_' });

export const httpRequests = new Counter({
  name: 'augur_http_requests_total',
  help: 'HTTP requests answered, by route, method and status code',
  labelNames: ['route', 'method', 'status_code'] as const,
  registers: [metricsRegistry],
});

export const httpRequestSeconds = new Histogram({
  name: 'augur_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, s, by route and method',
  labelNames: ['route', 'method'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const jobsFinished = new Counter({
  name: 'augur_jobs_total',
  help: 'Model jobs this process ran to an end, by aspect, outcome (complete, failed) and error code',
  labelNames: ['aspect', 'outcome', 'code'] as const,
  registers: [metricsRegistry],
});

export const jobSeconds = new Histogram({
  name: 'augur_job_duration_seconds',
  help: 'Time a model job took in this process, s, by aspect and models',
  labelNames: ['aspect', 'models'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [metricsRegistry],
});

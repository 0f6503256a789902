import { z } from 'zod';
import { scalingSettingsSchema } from '../models/scaling/scaling-settings.js';
import { authSchema } from './auth-schema.js';
import { autoscalerSchema } from './autoscaler-schema.js';
import { graphiteSchema, prometheusSchema, recorderSchema } from './history-schema.js';
import { limitsSchema } from './limits-schema.js';

const name = z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore only');
const modelList = z.array(z.string().min(1)).default([]);

const trackerSchema = z
  .object({
    /** Base URL of the Heron Tracker, e.g. http://tracker:8888. */
    url: z.url(),
    /** Per-request timeout, ms. @defaultValue 5000 */
    timeoutMs: z.number().int().positive().default(5000),
    /** Retries of a failed request before the job sees METRICS_UNAVAILABLE. @defaultValue 2 */
    retries: z.number().int().min(0).max(10).default(2),
  })
  .strict();

const heronMetricsSchema = z
  .object({
    /** `snapshot` serves an offline directory; `tracker` asks a live Heron Tracker. @defaultValue snapshot */
    source: z.enum(['snapshot', 'tracker']).default('snapshot'),
    tracker: trackerSchema.optional(),
    /** Directory written by `augur snapshot` (relative paths resolve from the working directory). */
    snapshotDir: z.string().min(1).default('examples/snapshots/word-count'),
    /**
     * Where metric time series come from: `source` (the Tracker or snapshot above), `prometheus` or
     * `graphite` (plans and topologies still come from `source`). @defaultValue source
     */
    seriesFrom: z.enum(['source', 'prometheus', 'graphite']).default('source'),
    prometheus: prometheusSchema.optional(),
    graphite: graphiteSchema.optional(),
  })
  .strict()
  .refine((m) => m.seriesFrom !== 'prometheus' || m.prometheus !== undefined, {
    message: 'metrics.heron.prometheus.url is required when metrics.heron.seriesFrom is "prometheus"',
    path: ['prometheus'],
  })
  .refine((m) => m.seriesFrom !== 'graphite' || m.graphite !== undefined, {
    message: 'metrics.heron.graphite.url is required when metrics.heron.seriesFrom is "graphite"',
    path: ['graphite'],
  })
  .refine((m) => m.source !== 'tracker' || m.tracker !== undefined, {
    message: 'metrics.heron.tracker.url is required when metrics.heron.source is "tracker"',
    path: ['tracker'],
  });

const stormUiSchema = z
  .object({
    /** Base URL of the Storm UI, e.g. http://storm-ui:8080 (a path prefix, as behind a proxy, is kept). */
    url: z.url(),
    /** Per-request timeout, ms. @defaultValue 5000 */
    timeoutMs: z.number().int().positive().default(5000),
    /** Retries of a failed request before the job sees METRICS_UNAVAILABLE. @defaultValue 2 */
    retries: z.number().int().min(0).max(10).default(2),
    /**
     * The stats window asked of the UI (`?window=`), s: one of the windows Storm keeps, 600 (10 min), 10800
     * (3 h) or 86400 (1 day). @defaultValue 600
     */
    windowSec: z
      .union([z.literal(600), z.literal(10_800), z.literal(86_400)], {
        error: 'Storm UI windows are 600, 10800 or 86400 s',
      })
      .default(600),
  })
  .strict();

const stormMetricsSchema = z
  .object({
    /**
     * `snapshot` serves an offline directory of Storm UI answers (the shipped synthetic example by default);
     * `ui` asks a live Storm UI (`ui.url`). @defaultValue snapshot
     */
    source: z.enum(['snapshot', 'ui']).default('snapshot'),
    ui: stormUiSchema.optional(),
    /** Directory of Storm UI answers (relative paths resolve from the working directory). */
    snapshotDir: z.string().min(1).default('examples/snapshots/storm-word-count'),
    /**
     * Where metric time series come from: `source` (the UI's window aggregates, plus the recorder's history),
     * `prometheus` or `graphite` (with queries/targets written for Storm's metrics; topologies and plans
     * still come from `source`). @defaultValue source
     */
    seriesFrom: z.enum(['source', 'prometheus', 'graphite']).default('source'),
    prometheus: prometheusSchema.optional(),
    graphite: graphiteSchema.optional(),
  })
  .strict()
  .refine((m) => m.seriesFrom !== 'prometheus' || m.prometheus !== undefined, {
    message: 'metrics.storm.prometheus.url is required when metrics.storm.seriesFrom is "prometheus"',
    path: ['prometheus'],
  })
  .refine((m) => m.seriesFrom !== 'graphite' || m.graphite !== undefined, {
    message: 'metrics.storm.graphite.url is required when metrics.storm.seriesFrom is "graphite"',
    path: ['graphite'],
  })
  .refine((m) => m.source !== 'ui' || m.ui !== undefined, {
    message: 'metrics.storm.ui.url is required when metrics.storm.source is "ui"',
    path: ['ui'],
  });

const graphSchema = z
  .object({
    /**
     * Where topology graphs live: `memory` in the process (nothing to run), `gremlin` on a TinkerPop
     * Gremlin Server (shared by every worker). @defaultValue memory
     */
    backend: z.enum(['memory', 'gremlin']).default('memory'),
    gremlin: z
      .object({
        /** WebSocket URL of the Gremlin Server. @defaultValue ws://127.0.0.1:8182/gremlin */
        url: z
          .string()
          .regex(/^wss?:\/\/\S+$/, 'must start with ws:// or wss://')
          .default('ws://127.0.0.1:8182/gremlin'),
        /** The traversal source the server binds. @defaultValue g */
        traversalSource: name.default('g'),
        /** Vertices or edges written per request (one mergeV/mergeE traversal each). @defaultValue 2000 */
        batchSize: z.number().int().min(1).max(10_000).default(2000),
      })
      .strict()
      .prefault({}),
    /**
     * A plan's graph nobody modelled for this long is dropped, s; a plan asked again is rebuilt.
     * @defaultValue 86400 (1 day)
     */
    ttlSec: z.number().int().min(60).default(86_400),
    /** Most plan graphs kept per topology; the least recently used go first. @defaultValue 20 */
    maxPlansPerTopology: z.number().int().min(1).max(10_000).default(20),
    /**
     * Plan graphs each worker keeps in memory after reading or writing them (a plan's graph never changes),
     * so a cached plan's model reads only the store's completion mark. 0 keeps none. @defaultValue 8
     */
    cachedPlans: z.number().int().min(0).max(1000).default(8),
  })
  .strict();

const topologyDefaultsSchema = z
  .object({
    cluster: name.default('local'),
    environ: name.default('default'),
    role: name.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(3000),
        /** Fastify log level. @defaultValue info */
        logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        /** API keys and scopes (docs: README "Security"). */
        auth: authSchema.prefault({}),
        /** Requests per key (or per client address without a key) per window; shared through Redis. */
        rateLimit: z
          .object({
            /** Requests per window (polls included); 0 turns the limit off. @defaultValue 6000 (100 a second) */
            max: z.number().int().min(0).default(6000),
            /** Window length, ms. @defaultValue 60000 */
            windowMs: z.number().int().min(1000).default(60_000),
          })
          .strict()
          .prefault({}),
        /** Shed load with 503 `OVERLOADED` + Retry-After before the process falls over (0 turns a check off). */
        underPressure: z
          .object({
            /** Event-loop delay above which requests are refused, ms. @defaultValue 1000 */
            maxEventLoopDelayMs: z.number().int().min(0).default(1000),
            /** Heap in use above which requests are refused, bytes. @defaultValue 0 (off) */
            maxHeapUsedBytes: z.number().int().min(0).default(0),
            /** Resident memory above which requests are refused, bytes. @defaultValue 0 (off) */
            maxRssBytes: z.number().int().min(0).default(0),
            /** What Retry-After says, s. @defaultValue 5 */
            retryAfterSec: z.number().int().min(1).default(5),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    redis: z
      .object({
        /** Redis URL; when absent, queue and results live in process (embedded mode). */
        url: z
          .string()
          .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
          .optional(),
        /** Prefix of every Redis key augur writes. @defaultValue augur */
        prefix: name.default('augur'),
        /**
         * The longest an API call to Redis (enqueue, poll, readiness) may take before it answers 503
         * `QUEUE_UNAVAILABLE`, ms: a hung Redis must not hang requests. @defaultValue 1000
         */
        requestDeadlineMs: z.number().int().min(50).max(60_000).default(1000),
      })
      .strict()
      .prefault({}),
    queue: z
      .object({
        name: name.default('models'),
        /** Tries per job, the first included. @defaultValue 3 */
        attempts: z.number().int().min(1).max(20).default(3),
        /** First retry delay, ms; doubles each retry. @defaultValue 1000 */
        backoffMs: z.number().int().min(0).default(1000),
        /** A job running longer fails with JOB_TIMEOUT, ms. @defaultValue 120000 */
        jobTimeoutMs: z.number().int().positive().default(120_000),
        /** Jobs one worker process runs at once, each on its own thread. @defaultValue 4 */
        concurrency: z.number().int().min(1).max(256).default(4),
        /**
         * Run each job on a worker thread (`queue.concurrency` threads), off the event loop that renews
         * BullMQ's locks and answers the API; false runs jobs on the event loop. @defaultValue true
         */
        jobThreads: z.boolean().default(true),
        /**
         * Heap one job's thread may grow to, MiB (V8's old generation); past it the attempt fails with
         * `JOB_TOO_LARGE`, not retried, and only that thread dies. @defaultValue 1024
         */
        jobMemoryMb: z.number().int().min(16).max(65_536).default(1024),
        /** How long results stay retrievable, s. @defaultValue 604800 (7 days) */
        resultTtlSec: z.number().int().positive().default(604_800),
        /** A worker's lock on a job; a job whose lock lapses (worker killed) is taken over, ms. @defaultValue 30000 */
        lockDurationMs: z.number().int().positive().default(30_000),
        /**
         * How often workers look for stalled jobs, ms: a killed worker's job is taken over within
         * `lockDurationMs` + this (35 s by default). Shorter costs one Redis script per interval per worker.
         * @defaultValue 5000
         */
        stalledIntervalMs: z.number().int().positive().default(5000),
        /**
         * Times a job may lose its worker (the process died: killed, out of memory) and be taken over by
         * another before it fails for good with `WORKER_LOST`: a job that kills every worker it lands on
         * stops after this many + 1. @defaultValue 1
         */
        maxStalledCount: z.number().int().min(0).max(10).default(1),
        /**
         * How often each worker process tells Redis it is alive, ms; `/ready` says `workers` is not ok when
         * none did within 3 × this. @defaultValue 5000
         */
        heartbeatIntervalMs: z.number().int().min(100).max(60_000).default(5000),
        /**
         * The longest a process takes to stop on SIGTERM/SIGINT, ms: it waits this long for running jobs
         * and Redis, then exits anyway (a job cut off is taken over by another worker, once). @defaultValue 10000
         */
        shutdownTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
        /** Finished jobs kept in the queue for inspection (results are kept separately). @defaultValue 1000 */
        keepCompleted: z.number().int().min(0).default(1000),
        /** Failed jobs kept in the queue for inspection. @defaultValue 5000 */
        keepFailed: z.number().int().min(0).default(5000),
      })
      .strict()
      .prefault({}),
    /** What one request may cost a worker, checked before enqueueing (README "Limits"). */
    limits: limitsSchema.prefault({}),
    metrics: z
      .object({ heron: heronMetricsSchema.prefault({}), storm: stormMetricsSchema.prefault({}) })
      .strict()
      .prefault({}),
    /** Records spout emit counts into Redis every minute so forecasts see days of history (needs redis.url). */
    recorder: recorderSchema.prefault({}),
    /** The topology graph store (docs/graph.md). */
    graph: graphSchema.prefault({}),
    /** Topology coordinates used when a request leaves them out. */
    defaults: z
      .object({ heron: topologyDefaultsSchema.prefault({}), storm: topologyDefaultsSchema.prefault({}) })
      .strict()
      .prefault({}),
    /** Models each endpoint runs, by registered name or module path (as in the Caladrius design). */
    model: z
      .object({
        traffic: z.object({ heron: modelList, storm: modelList }).strict().prefault({}),
        topology: z
          .object({
            heron: z.object({ current: modelList, proposed: modelList }).strict().prefault({}),
            storm: z.object({ current: modelList, proposed: modelList }).strict().prefault({}),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /**
     * Defaults of scaling advice (`GET /model/scaling/…`; docs/scaling.md): planner, target utilisation,
     * step limits, per-component bounds, packing; a request overrides them.
     */
    scaling: scalingSettingsSchema.prefault({}),
    /** The advisory autoscaling loop (docs/autoscaling.md; needs redis.url). */
    autoscaler: autoscalerSchema.prefault({}),
    /** Per-model settings, keyed by model name; each model validates its own section. */
    models: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    topology: z
      .object({
        /** Metrics window the topology models read (service times, ratios, routing), minutes. @defaultValue 30 */
        windowMinutes: z.number().int().min(1).max(180).default(30),
      })
      .strict()
      .prefault({}),
    traffic: z
      .object({
        /** History window when the request gives no `source_hours`, hours. @defaultValue 3 */
        defaultSourceHours: z
          .number()
          .positive()
          .max(24 * 90)
          .default(3),
        /** Longest history window a request may ask for, hours. @defaultValue 336 (14 days) */
        maxSourceHours: z
          .number()
          .positive()
          .max(24 * 365)
          .default(336),
        /** Longest prediction a request may ask for, minutes. @defaultValue 43200 (30 days) */
        maxDurationMin: z.number().positive().default(43_200),
      })
      .strict()
      .prefault({}),
    /** `callback_url` of a model request: the result POSTed there when the job is done (README "The contract"). */
    callbacks: z
      .object({
        /**
         * HMAC-SHA256 key the callbacks are signed with (`x-augur-signature`); while unset, a request with
         * `callback_url` is refused. @defaultValue unset
         */
        secret: z.string().min(16, 'callbacks.secret must be at least 16 characters').optional(),
        /** Tries per callback, the first included. @defaultValue 5 */
        attempts: z.number().int().min(1).max(20).default(5),
        /** First retry delay, ms (doubles each retry). @defaultValue 1000 */
        backoffMs: z.number().int().min(0).default(1000),
        /** Time a receiver has to answer one try, ms. @defaultValue 10000 */
        timeoutMs: z.number().int().min(100).default(10_000),
        /** Longest the API waits for a job before giving up its callback, ms. @defaultValue 900000 (15 min) */
        maxWaitMs: z.number().int().min(1000).default(900_000),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    // The loop forecasts until it could next act; a forecast longer than its history is refused by the API too.
    const { autoscaler, traffic } = config;
    const horizonMin = Math.ceil((autoscaler.reevaluateSec + autoscaler.cooldownSec) / 60);
    if (
      autoscaler.enabled &&
      autoscaler.traffic === 'forecast' &&
      horizonMin > traffic.defaultSourceHours * 60
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['autoscaler', 'cooldownSec'],
        message: `the loop forecasts reevaluateSec + cooldownSec = ${horizonMin} min ahead from traffic.defaultSourceHours = ${traffic.defaultSourceHours} h of history; shorten them, raise the history, or set autoscaler.traffic: current`,
      });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

import { z } from 'zod';
import { DSPS_NAMES } from '../topology/topology-ref.js';

/**
 * Configuration of the history beyond the Tracker's 3 hours: the recorder (`recorder`) and the
 * Prometheus and Graphite metrics sources (`metrics.heron.prometheus`, `metrics.heron.graphite`).
 * Every section is strict; every default and unit is given here.
 */

const name = z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore only');

/**
 * One topology the recorder polls from start-up, named as traffic requests name it, so both read the same
 * history. For Storm: `cluster` and `environ` are `defaults.storm`'s (the Storm UI source serves only those),
 * `topology` the Storm name or id, and `role` left out (Storm has none) unless `defaults.storm.role` is set.
 */
export const recordedTopologySchema = z
  .object({
    /** The stream-processing system running it; its live source (`metrics.<dsps>`) is polled. @defaultValue heron */
    dsps: z.enum(DSPS_NAMES).default('heron'),
    cluster: name,
    environ: name,
    /** Heron role. */
    role: name.optional(),
    topology: name,
    /** Poll interval for this topology, s; `recorder.intervalSec` when absent. */
    intervalSec: z.number().int().min(10).max(3600).optional(),
  })
  .strict();

export const recorderSchema = z
  .object({
    /** Run the recorder's job schedulers and worker (needs `redis.url`). @defaultValue false */
    enabled: z.boolean().default(false),
    /** BullMQ queue the recorder's repeatable jobs run on. @defaultValue recorder */
    queueName: name.default('recorder'),
    /** Poll interval, s. @defaultValue 60 */
    intervalSec: z.number().int().min(10).max(3600).default(60),
    /**
     * How far back each poll reads, s. More than the interval, so a missed poll (worker down) is filled by
     * the next; re-read minutes are deduplicated by timestamp. At most the Tracker's 3 hours. A Storm UI
     * answers one point per poll whatever the lookback (its window average, stamped at the last whole
     * minute), so a Storm history is the sequence of polls and a missed poll stays a gap.
     * @defaultValue 600 (10 minutes)
     */
    lookbackSec: z
      .number()
      .int()
      .min(60)
      .max(3 * 3600)
      .default(600),
    /** Recorded points older than this are trimmed, s. @defaultValue 1209600 (14 days) */
    retentionSec: z
      .number()
      .int()
      .min(3600)
      .max(400 * 86_400)
      .default(1_209_600),
    /** Topologies polled from start-up. @defaultValue [] */
    topologies: z.array(recordedTopologySchema).default([]),
    /** Also poll topologies that traffic requests ask about. @defaultValue true */
    watchRequested: z.boolean().default(true),
    /** A requested (not configured) topology is no longer polled this long after its last request, s. @defaultValue 86400 (1 day) */
    requestedTtlSec: z.number().int().min(60).default(86_400),
    /** Serve spout emit counts from the recorded history merged with the live source. @defaultValue true */
    serveHistory: z.boolean().default(true),
  })
  .strict();

const httpClientFields = {
  /** Per-request timeout, ms. @defaultValue 10000 */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Retries after a connection failure, timeout or 5xx answer. @defaultValue 2 */
  retries: z.number().int().min(0).max(10).default(2),
};

/**
 * Heron's Prometheus sink (`org.apache.heron.metricsmgr.sink.PrometheusSink`) exports a metric such as
 * `__emit-count/default` as `heron_emit_count_default` (`heron_` + the name without `__`, every character
 * outside `[A-Za-z0-9_]` replaced by `_`, lower case) with the labels `topology`, `component`,
 * `instance_id` (e.g. `container_1_sentence_1`), `cluster_role_env` and `component_type`. Its value is the
 * count over the Metrics Manager's export interval (60 s by default), i.e. already a per-minute count, so
 * the default query takes the gauge as it is (for a counter, use `increase(<selector>[1m])`), wrapped in
 * `last_over_time(…[1m])` so an instance that stopped reporting is not carried on for Prometheus' 5-minute
 * lookback: at most one missing minute shows the minute before (none on Prometheus ≥ 3, whose ranges are
 * left-open).
 */
export const DEFAULT_PROMETHEUS_QUERIES = {
  '__emit-count':
    'last_over_time(heron_emit_count_{stream}{topology="{topology}",component="{component}",instance_id=~"{instance}"}[1m])',
} as const;

export const prometheusSchema = z
  .object({
    /** Base URL of the Prometheus HTTP API, e.g. http://prometheus:9090. */
    url: z.url(),
    ...httpClientFields,
    /** `query_range` step, s; also the bucket the series are reported in. @defaultValue 60 */
    stepSec: z.number().int().min(1).max(3600).default(60),
    /**
     * PromQL per Heron metric family (the part of the metric name before `/`). Placeholders: `{topology}`,
     * `{component}` (escaped for a PromQL string), `{stream}` (the part after `/`, sanitised as Heron's sink
     * does for metric names), `{stream_raw}` (escaped, unsanitised) and `{instance}` (a regex alternation of
     * the asked instances, or `.+`). Each result series must carry `instanceLabel`.
     * @defaultValue DEFAULT_PROMETHEUS_QUERIES
     */
    queries: z.record(z.string().min(1), z.string().min(1)).default({ ...DEFAULT_PROMETHEUS_QUERIES }),
    /** The label naming the instance in the query results. @defaultValue instance_id */
    instanceLabel: z.string().min(1).default('instance_id'),
  })
  .strict();

/**
 * Heron's Graphite sink writes `<prefix>.<topology>.<component>.<instance>.<metric>` paths; Graphite takes
 * `/` and `-` as they are. Placeholders: `{topology}`, `{component}`, `{stream}`, `{instance}` (a
 * `{a,b}` glob of the asked instances, or `*`).
 */
export const DEFAULT_GRAPHITE_TARGETS = {
  '__emit-count': 'heron.{topology}.{component}.{instance}.__emit-count.{stream}',
} as const;

export const graphiteSchema = z
  .object({
    /** Base URL of graphite-web (or a compatible `/render` API), e.g. http://graphite:8080. */
    url: z.url(),
    ...httpClientFields,
    /** Target template per Heron metric family (the part of the metric name before `/`). @defaultValue DEFAULT_GRAPHITE_TARGETS */
    targets: z.record(z.string().min(1), z.string().min(1)).default({ ...DEFAULT_GRAPHITE_TARGETS }),
    /** 0-based index of the dot-separated node of the answered `target` that names the instance. @defaultValue 3 */
    instanceNode: z.number().int().min(0).default(3),
  })
  .strict();

/** `GET /recorder`: the recorder's visible state. */
export const recorderStateSchema = z.object({
  enabled: z.boolean(),
  intervalSec: z.number().int(),
  retentionSec: z.number().int(),
  topologies: z.array(
    z.object({
      /** The stream-processing system running the topology (a Heron and a Storm topology may share a name). */
      dsps: z.enum(DSPS_NAMES),
      cluster: z.string(),
      environ: z.string(),
      role: z.string().optional(),
      topology: z.string(),
      /** `config` (configured) or `requested` (watched because a request asked about it). */
      origin: z.enum(['config', 'requested']),
      intervalSec: z.number().int(),
      lastRunAt: z.iso.datetime().nullable(),
      lastError: z.object({ at: z.iso.datetime(), code: z.string(), message: z.string() }).nullable(),
      series: z.number().int(),
      points: z.number().int(),
      oldest: z.iso.datetime().nullable(),
      newest: z.iso.datetime().nullable(),
    }),
  ),
  series: z.number().int(),
  points: z.number().int(),
  oldest: z.iso.datetime().nullable(),
  newest: z.iso.datetime().nullable(),
  lastRunAt: z.iso.datetime().nullable(),
  lastError: z.object({ at: z.iso.datetime(), code: z.string(), message: z.string() }).nullable(),
});

export type RecorderConfig = z.infer<typeof recorderSchema>;
export type RecordedTopologyConfig = z.infer<typeof recordedTopologySchema>;
export type PrometheusConfig = z.infer<typeof prometheusSchema>;
export type GraphiteConfig = z.infer<typeof graphiteSchema>;
export type RecorderState = z.infer<typeof recorderStateSchema>;

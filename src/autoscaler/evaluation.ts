import { z } from 'zod';
import { DSPS_NAMES } from '../topology/topology-ref.js';

/**
 * The records the autoscaling loop keeps, as they are stored in Redis and answered by
 * `GET /scaling/{dsps}/{topology}/history`: one {@link Evaluation} per run of the loop for a topology, and
 * one {@link AuditEntry} per executor run. Field names are the API's (snake_case); times are ISO 8601.
 */

export const SCALING_ACTIONS = ['hold', 'scale', 'cooldown', 'in_flight', 'stabilizing', 'error'] as const;
export type ScalingAction = (typeof SCALING_ACTIONS)[number];

/** Why one component keeps or changes its parallelism. */
export const COMPONENT_VERDICTS = [
  /** The advice recommends today's parallelism. */
  'at_recommendation',
  /** The busiest instance is within target ± tolerance·target. */
  'within_band',
  /** Scale-up: acted on at once. */
  'scale_up',
  /** Scale-down to the highest recommendation of the stabilization window. */
  'scale_down',
  /** A scale-down whose window has not been observed long enough yet. */
  'stabilizing',
  /** A scale-down the window's highest recommendation rules out (it is ≥ today's parallelism). */
  'held_by_window',
  /**
   * A scale-down refused because the busiest instance runs above the band (fewer instances cannot help it,
   * e.g. a hot key): the loop never scales an overloaded component down.
   */
  'held_overloaded',
] as const;
export type ComponentVerdict = (typeof COMPONENT_VERDICTS)[number];

export const componentDecisionSchema = z.object({
  component: z.string(),
  kind: z.enum(['spout', 'bolt']),
  /** Today's parallelism. */
  from: z.number().int(),
  /** The advice's recommendation. */
  recommended: z.number().int(),
  /** What the loop wants (equal to `from` unless the verdict is scale_up or scale_down). */
  to: z.number().int(),
  verdict: z.enum(COMPONENT_VERDICTS),
  /** Busiest-instance utilisation the band was checked with, fraction; null when unknown (no band). */
  utilisation: z.number().nullable(),
  /**
   * `current` (the advice's `current_utilisation`: today's plan at the traffic the advice sizes for — the
   * forecast peak, or the measured rates), `estimated` (predicted × recommended / current) or `unknown` (the
   * advice has neither: the band is not applied).
   */
  utilisation_source: z.enum(['current', 'estimated', 'unknown']),
  /** Highest recommendation of the stabilization window (scale-down candidates only). */
  window_max: z.number().int().optional(),
  reason: z.string(),
});
export type ComponentDecision = z.infer<typeof componentDecisionSchema>;

export const componentChangeSchema = z.object({
  component: z.string(),
  from: z.number().int(),
  to: z.number().int(),
});
export type ComponentChange = z.infer<typeof componentChangeSchema>;

/** One webhook request or one command run. */
export const executorRunSchema = z.object({
  purpose: z.enum(['apply', 'rollback']),
  executor: z.enum(['webhook', 'command']),
  /** The changes this run carried (a per-component command run carries one). */
  changes: z.array(componentChangeSchema),
  /** The command's argument vector as run (`{{plan_file}}` shown as the temporary path). */
  argv: z.array(z.string()).optional(),
  /** The webhook's origin and path (no query, no credentials, no headers). */
  url: z.string().optional(),
  started_at: z.iso.datetime(),
  duration_ms: z.number(),
  ok: z.boolean(),
  /** Exit code of the command; null when it was killed by a signal or never started. */
  exit_code: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  http_status: z.number().int().optional(),
  timed_out: z.boolean(),
  /** Why the run failed to start or complete (spawn error, connection refused, refused argument…). */
  error: z.string().optional(),
  /** Last bytes of the command's stdout, or of the webhook's answer. */
  stdout_tail: z.string().optional(),
  stderr_tail: z.string().optional(),
});
export type ExecutorRun = z.infer<typeof executorRunSchema>;

/** What a dry run would have run. */
export const plannedRunSchema = z.object({
  purpose: z.enum(['apply', 'rollback']),
  executor: z.enum(['webhook', 'command']),
  changes: z.array(componentChangeSchema),
  argv: z.array(z.string()).optional(),
  url: z.string().optional(),
});
export type PlannedRun = z.infer<typeof plannedRunSchema>;

export const executionSchema = z.object({
  executor: z.enum(['advisor', 'webhook', 'command']),
  /**
   * `advised`: advisor mode, nothing run; `dry_run`: `planned` lists what would run; `applied`: every run
   * succeeded; `failed`: a run failed (see `rollback`).
   */
  status: z.enum(['advised', 'dry_run', 'applied', 'failed']),
  /** SHA-256 of the plan's JSON, to tell plans apart in the audit without storing them. */
  plan_digest: z.string(),
  planned: z.array(plannedRunSchema).optional(),
  runs: z.array(executorRunSchema),
  rollback: z
    .object({
      /** `succeeded`/`failed`: the executor ran again with the previous plan; `skipped`: see `reason`. */
      status: z.enum(['succeeded', 'failed', 'skipped']),
      reason: z.string().optional(),
      plan_digest: z.string().optional(),
      runs: z.array(executorRunSchema),
    })
    .optional(),
});
export type Execution = z.infer<typeof executionSchema>;

export const evaluationSchema = z
  .object({
    id: z.string(),
    /** When the evaluation started. */
    at: z.iso.datetime(),
    /** `schedule` (the BullMQ job scheduler) or `manual` (`evaluateNow`). */
    trigger: z.enum(['schedule', 'manual']),
    dsps: z.enum(DSPS_NAMES),
    cluster: z.string(),
    environ: z.string(),
    role: z.string().optional(),
    topology: z.string(),
    action: z.enum(SCALING_ACTIONS).meta({
      description:
        '`hold` (in the band or at the recommendation), `scale`, `cooldown`, `in_flight` (another change ' +
        'runs), `stabilizing` (a scale-down waits for its window) or `error` (see `error`).',
    }),
    executor: z.enum(['advisor', 'webhook', 'command']),
    dry_run: z.boolean(),
    /** The band's centre, fraction; null when the advice failed. */
    target_utilisation: z.number().nullable(),
    /** The band's half-width, fraction of the target. */
    tolerance: z.number(),
    components: z.array(componentDecisionSchema),
    /** The changes the loop wants; run only when `action` is `scale`. */
    changes: z
      .array(componentChangeSchema)
      .meta({ description: 'The changes the loop wants (from → to); run only when `action` is `scale`.' }),
    reasons: z.array(z.string()),
    /** With `cooldown`: when the next change may start. */
    cooldown_until: z.iso.datetime().optional(),
    execution: executionSchema.optional().meta({
      description:
        'With `scale`: `advised` (advisor mode), `dry_run` (`planned` lists what would run), `applied` or ' +
        '`failed` (then `rollback`); every executor run with its exit code or HTTP status and output tail.',
    }),
    /** With `error`: the error code (errors.ts) and a client-safe message. */
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    duration_ms: z.number(),
  })
  .meta({ id: 'ScalingEvaluation' });
export type Evaluation = z.infer<typeof evaluationSchema>;

/** One executor run, with who ran it for which topology and evaluation. */
export const auditEntrySchema = executorRunSchema.extend({
  evaluation_id: z.string(),
  /** `<host>/<pid>` of the process that ran it. */
  who: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  dsps: z.enum(DSPS_NAMES),
  cluster: z.string(),
  environ: z.string(),
  role: z.string().optional(),
  topology: z.string(),
  plan_digest: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

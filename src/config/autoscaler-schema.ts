import { z } from 'zod';
import { DSPS_NAMES } from '../topology/topology-ref.js';

/**
 * Configuration of the advisory autoscaling loop (`autoscaler`, docs/autoscaling.md): which topologies are
 * re-evaluated, how often, the decision rules (tolerance band, scale-down stabilization, cooldown) and, per
 * topology, the executor that applies a change. Strict; every default and unit is given here.
 */

const name = z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore only');

/**
 * Placeholders a command executor's arguments may carry. Each is replaced inside its own argument by a
 * literal value (never parsed by a shell): `{{topology}}`, `{{cluster}}`, `{{environ}}`, `{{role}}` (empty
 * without a role) and `{{dsps}}` name the topology; `{{component}}` and `{{parallelism}}` the changed
 * component and its new parallelism (the command then runs once per changed component); `{{plan_file}}` the
 * path of a temporary file holding the plan as JSON.
 */
export const COMMAND_PLACEHOLDERS = [
  'topology',
  'component',
  'parallelism',
  'plan_file',
  'cluster',
  'environ',
  'role',
  'dsps',
] as const;
export type CommandPlaceholder = (typeof COMMAND_PLACEHOLDERS)[number];

/** `{{name}}` in an argument; anything between double braces is checked against {@link COMMAND_PLACEHOLDERS}. */
export const PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP header name (a token)');

export const webhookExecutorSchema = z
  .object({
    /** Where the plan is POSTed as JSON, http or https. */
    url: z
      .url({ protocol: /^https?$/, error: 'webhook.url must be an http(s) URL' })
      // fetch refuses URLs with credentials: every run would fail. Credentials go in `headers`.
      .refine((u) => !/^https?:\/\/[^/]*@/.test(u), {
        error:
          'webhook.url must not hold credentials (user:password@); put them in webhook.headers.authorization',
      }),
    /** Extra request headers (e.g. `authorization`); never recorded in history or the audit log. */
    headers: z.record(headerName, z.string()).optional(),
  })
  .strict();

export const commandExecutorSchema = z
  .object({
    /**
     * The program and its arguments, one array element each: run with `shell: false`, so no element is ever
     * interpreted by a shell. The first element is the program (no placeholders); the others may carry
     * {@link COMMAND_PLACEHOLDERS}, e.g. `["heron", "update", "{{cluster}}/{{role}}/{{environ}}",
     * "{{topology}}", "--component-parallelism={{component}}:{{parallelism}}"]`.
     */
    argv: z
      .array(z.string(), {
        error: (issue) =>
          issue.input === undefined
            ? 'command.argv is required'
            : 'command.argv must be an array of arguments, program first — never a shell string',
      })
      .min(1, 'command.argv needs at least the program')
      .superRefine((argv, ctx) => {
        const [program] = argv;
        if (program !== undefined && (program.length === 0 || program.includes('{{'))) {
          ctx.addIssue({
            code: 'custom',
            message: 'command.argv[0] is the program: a non-empty literal, no placeholders',
            path: [0],
          });
        }
        argv.forEach((arg, i) => {
          for (const [, placeholder] of arg.matchAll(PLACEHOLDER_PATTERN)) {
            if (!(COMMAND_PLACEHOLDERS as readonly string[]).includes(placeholder ?? '')) {
              ctx.addIssue({
                code: 'custom',
                message: `unknown placeholder "{{${placeholder}}}" (known: ${COMMAND_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`,
                path: [i],
              });
            }
          }
        });
      }),
  })
  .strict();

export const scalingExecutorSchema = z
  .object({
    /**
     * `advisor` records the decision and changes nothing; `webhook` POSTs the plan; `command` runs a program.
     * @defaultValue advisor
     */
    type: z.enum(['advisor', 'webhook', 'command']).default('advisor'),
    /** Decide and record what would run (the argument vectors, the URL), but run nothing. @defaultValue false */
    dryRun: z.boolean().default(false),
    /** One webhook request or one command run is abandoned (the process killed) after this, ms. @defaultValue 30000 */
    timeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
    /** Required when `type` is `webhook`. */
    webhook: webhookExecutorSchema.optional(),
    /** Required when `type` is `command`. */
    command: commandExecutorSchema.optional(),
  })
  .strict()
  .refine((e) => e.type !== 'webhook' || e.webhook !== undefined, {
    message: 'executor.webhook.url is required when executor.type is "webhook"',
    path: ['webhook'],
  })
  .refine((e) => e.type !== 'command' || e.command !== undefined, {
    message: 'executor.command.argv is required when executor.type is "command"',
    path: ['command'],
  });

/** One topology the loop re-evaluates. */
export const autoscaledTopologySchema = z
  .object({
    /** The stream-processing system running it. */
    dsps: z.enum(DSPS_NAMES),
    cluster: name,
    environ: name,
    role: name.optional(),
    topology: name,
    /**
     * Busiest-instance utilisation to aim at, fraction in (0, 1]; handed to the advice and the centre of the
     * tolerance band. The advice's own target when absent.
     */
    targetUtilisation: z.number().gt(0).max(1).optional(),
    /** How a decided change is applied. @defaultValue {type: advisor} */
    executor: scalingExecutorSchema.prefault({}),
  })
  .strict();

// Neither the Tracker nor the Storm UI tells topologies apart by role: one topology listed with and without a
// role would get two loops (two cooldowns, two markers) changing it.
const topologyKeyOf = (t: z.infer<typeof autoscaledTopologySchema>) =>
  [t.dsps, t.cluster, t.environ, t.topology].join('/');

export const autoscalerSchema = z
  .object({
    /** Run the loop's job schedulers and worker (needs `redis.url`). @defaultValue false */
    enabled: z.boolean().default(false),
    /** BullMQ queue the loop's repeatable jobs run on. @defaultValue autoscaler */
    queueName: name.default('autoscaler'),
    /** Interval between two evaluations of a topology, s. @defaultValue 300 (5 minutes) */
    reevaluateSec: z.number().int().min(1).max(86_400).default(300),
    /**
     * Traffic each evaluation sizes for: `forecast` — the peak of the traffic forecast over the next
     * `reevaluateSec + cooldownSec` (the longest a plan runs before the loop can change it again), from
     * `traffic.defaultSourceHours` of history — or `current`, the measured rates. @defaultValue forecast
     */
    traffic: z.enum(['forecast', 'current']).default('forecast'),
    /**
     * Half-width of the band around the target in which a component is left alone, as a fraction of the
     * target: with target 0.7 and 0.1, busiest-instance utilisations in [0.63, 0.77] change nothing.
     * @defaultValue 0.1
     */
    tolerance: z.number().min(0).max(1).default(0.1),
    /**
     * Scale-downs act on the highest recommendation seen over this window, and only once the loop has
     * observed the whole window, s. @defaultValue 900 (15 minutes)
     */
    scaleDownStabilizationSec: z.number().int().min(0).max(86_400).default(900),
    /** No change is started this long after the previous one (applied or failed), s. @defaultValue 600 (10 minutes) */
    cooldownSec: z.number().int().min(0).max(86_400).default(600),
    /** Evaluations (and audit entries) kept per topology, newest first, count. @defaultValue 1000 */
    historyLimit: z.number().int().min(1).max(100_000).default(1000),
    /** Topologies re-evaluated from start-up. @defaultValue [] */
    topologies: z.array(autoscaledTopologySchema).default([]),
  })
  .strict()
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.topologies.forEach((t, i) => {
      const key = topologyKeyOf(t);
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', message: `topology ${key} is listed twice`, path: ['topologies', i] });
      }
      seen.add(key);
    });
  });

export type AutoscalerConfig = z.infer<typeof autoscalerSchema>;
export type AutoscaledTopologyConfig = z.infer<typeof autoscaledTopologySchema>;
export type ScalingExecutorConfig = z.infer<typeof scalingExecutorSchema>;

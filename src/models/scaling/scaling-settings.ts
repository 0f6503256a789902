import { z } from 'zod';
import { AppError } from '../../errors.js';
import { MAX_KEY_GROUPS, MAX_RECOMMENDED_PARALLELISM } from './parallelism-limits.js';

const GIB = 1024 ** 3;

// Upper bounds on every number, far above any real setting, so that nothing huge (or, with zod 4's
// z.number(), non-finite: it already refuses ±∞ and NaN, `.finite()` is a deprecated no-op) reaches the
// planners and the packing, where a huge count would mean a huge loop.
/** Largest step factor (`maxScaleUpFactor`): a step to at most 1001× the instances. */
const MAX_FACTOR = 1000;
/** Most cores a container offers or an instance asks for. */
const MAX_CORES = 100_000;
/** Most RAM, bytes: 2⁵⁰ = 1 PiB. */
const MAX_RAM_BYTES = 2 ** 50;
/** Most disk, bytes: 2⁵³ = 8 PiB, the largest integer a double holds exactly. */
const MAX_DISK_BYTES = 2 ** 53;
/** Most containers `packing.minContainers` may ask for. */
const MAX_CONTAINERS = 100_000;
/** Largest number a `backlog` or `formula` setting takes (tuples, seconds, weights, instances). */
const MAX_PLANNER_NUMBER = 1e12;

/** The planners augur ships, by name (see docs/scaling.md). */
export const PLANNER_NAMES = ['utilisation', 'backlog', 'formula'] as const;
export type PlannerName = (typeof PLANNER_NAMES)[number];

/** An integer in [least, most]; `tooBig` explains the upper bound when it is not self-evident. */
const count = (least: number, most = MAX_PLANNER_NUMBER, tooBig?: string) =>
  z.number().int().min(least).max(most, tooBig);
const plannerNumber = () => z.number().max(MAX_PLANNER_NUMBER);

/** Bounds on one component's parallelism; see `ComponentConstraints`. */
export const componentConstraintsSchema = z
  .object({
    /** Fewest instances, in [1, 10 000] (MAX_RECOMMENDED_PARALLELISM: a hard bound, never capped). @defaultValue 1 */
    min: count(
      1,
      MAX_RECOMMENDED_PARALLELISM,
      `must be at most ${MAX_RECOMMENDED_PARALLELISM}: augur never recommends more instances of one component`,
    ).optional(),
    /** Most instances, ≥ 1 (above 10 000 the advice is capped at 10 000 all the same). @defaultValue unbounded */
    max: count(1, Number.MAX_SAFE_INTEGER).optional(),
    /**
     * Key groups of a FIELDS-grouped component (Flink's max parallelism), in [1, 32 768] (Flink's upper
     * bound): align to a divisor of it. @defaultValue none
     */
    maxParallelism: count(
      1,
      MAX_KEY_GROUPS,
      `must be at most ${MAX_KEY_GROUPS} key groups (Flink's upper bound of maxParallelism)`,
    ).optional(),
  })
  .strict()
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, {
    message: 'min must not exceed max',
    path: ['min'],
  })
  .refine((c) => c.min === undefined || c.maxParallelism === undefined || c.min <= c.maxParallelism, {
    message: 'min must not exceed maxParallelism',
    path: ['min'],
  });

const resourcesSchema = z
  .object({
    /** Cores, in (0, 100 000]. */
    cpuCores: z.number().gt(0).max(MAX_CORES),
    /** Bytes, in (0, 2⁵⁰]. */
    ramBytes: z.number().gt(0).max(MAX_RAM_BYTES),
    /** Bytes, in [0, 2⁵³]. */
    diskBytes: z.number().min(0).max(MAX_DISK_BYTES),
  })
  .strict();

/** How the recommended instances are packed into containers (see `packContainers`). */
export const packingSettingsSchema = z
  .object({
    /**
     * `round-robin`: Heron's RoundRobinPacking — the fewest containers the total demand needs, instances
     * dealt to them in turn; `first-fit`: first-fit decreasing by RAM, then CPU. @defaultValue 'round-robin'
     */
    strategy: z.enum(['round-robin', 'first-fit']).default('round-robin'),
    /** CPU a container offers its instances, cores in (0, 100 000]. @defaultValue 4 */
    cpuCoresPerContainer: z.number().gt(0).max(MAX_CORES).default(4),
    /** RAM a container offers its instances, bytes in (0, 2⁵⁰]. @defaultValue 4 GiB */
    ramBytesPerContainer: z
      .number()
      .gt(0)
      .max(MAX_RAM_BYTES)
      .default(4 * GIB),
    /** Disk a container offers its instances, bytes in (0, 2⁵³]. @defaultValue unbounded */
    diskBytesPerContainer: z.number().gt(0).max(MAX_DISK_BYTES).optional(),
    /**
     * Fewest containers the plan uses, an integer in [1, 100 000] (never more than there are instances):
     * set it to today's container (Storm: worker) count so that a plan which changes nothing does not
     * merge containers. @defaultValue none (the fewest the demand needs)
     */
    minContainers: count(1, MAX_CONTAINERS).optional(),
    /**
     * What an instance asks for when the problem does not say (Heron's defaults).
     * @defaultValue { cpuCores: 1, ramBytes: 1 GiB, diskBytes: 1 GiB }
     */
    instanceResources: resourcesSchema.default({ cpuCores: 1, ramBytes: GIB, diskBytes: GIB }),
  })
  .strict();

/** The `backlog` planner (rubber, KEDA); see `backlogPlanner`. Every number is at most 10¹². */
export const backlogSettingsSchema = z
  .object({
    /** Backlog per instance at which the planner scales up, tuples. @defaultValue 1000 */
    thresholdTuplesPerInstance: plannerNumber().gt(0).default(1000),
    /** Instances added per instance-worth of backlog beyond the capacity (1: all at once). @defaultValue 1 */
    spawnRatio: z.number().gt(0).max(1).default(1),
    /** Instances kept beyond those the backlog occupies. @defaultValue 0 */
    minIdleInstances: count(0).default(0),
    /** Most instances the planner asks for. @defaultValue unbounded */
    maxInstances: count(1).optional(),
  })
  .strict();

/** The `formula` planner (Vespene); see `formulaPlanner`. Every number is at most 10¹². */
export const formulaSettingsSchema = z
  .object({
    /** Weight of the instances needed to drain the backlog. @defaultValue 1 */
    queuedWeight: plannerNumber().min(0).default(1),
    /** Weight of the instances busy with the required rate. @defaultValue 1 */
    runningWeight: plannerNumber().min(0).default(1),
    /** Multiplies the weighted sum; 1.4 keeps busy instances near ρ = 0.7. @defaultValue 1.4 */
    multiplier: plannerNumber().gt(0).default(1.4),
    /** Instances added after multiplying. @defaultValue 0 */
    excessInstances: plannerNumber().min(0).default(0),
    /** Seconds the backlog should take to drain. @defaultValue 60 */
    drainSec: plannerNumber().gt(0).default(60),
    /** Lower clamp of the formula. @defaultValue 1 */
    minInstances: count(1).default(1),
    /** Upper clamp of the formula. @defaultValue unbounded */
    maxInstances: count(1).optional(),
  })
  .strict()
  .refine((f) => f.maxInstances === undefined || f.minInstances <= f.maxInstances, {
    message: 'minInstances must not exceed maxInstances',
    path: ['minInstances'],
  });

/** Settings of `planScaling` (the `scaling` section of the configuration; requests override it). */
export const scalingSettingsSchema = z
  .object({
    /** The planner, by name. @defaultValue 'utilisation' */
    planner: z.enum(PLANNER_NAMES).default('utilisation'),
    /**
     * Utilisation ρ the hottest instance of each bolt should run at after the change, in (0, 1].
     * @defaultValue 0.7
     */
    targetUtilisation: z.number().gt(0).max(1).default(0.7),
    /**
     * Hysteresis of the `utilisation` planner: a component whose hottest instance would run at
     * ρ ≤ target + tolerance keeps its parallelism rather than gaining an instance. @defaultValue 0.1
     */
    tolerance: z.number().min(0).max(1).default(0.1),
    /**
     * Also plan spouts (those with a `serviceTimeMeanMs`) for their offered rate. By default spouts keep
     * their parallelism: their rate is the traffic. @defaultValue false
     */
    scaleSpouts: z.boolean().default(false),
    /**
     * Largest step up, f in [0, 1000]: new ≤ ⌈current × (1 + f)⌉ (Flink's `job.autoscaler.scale-up.max-factor`).
     * @defaultValue unbounded
     */
    maxScaleUpFactor: z.number().min(0).max(MAX_FACTOR).optional(),
    /**
     * Largest step down, in [0, 1]: new ≥ ⌈current × (1 − f)⌉ (Flink's `job.autoscaler.scale-down.max-factor`;
     * 1 = no limit, Flink's own default is 0.6). @defaultValue 1
     */
    maxScaleDownFactor: z.number().min(0).max(1).default(1),
    /** Bounds per component name; override the problem's `constraints` field by field. @defaultValue {} */
    components: z.record(z.string(), componentConstraintsSchema).default({}),
    packing: packingSettingsSchema.prefault({}),
    backlog: backlogSettingsSchema.prefault({}),
    formula: formulaSettingsSchema.prefault({}),
  })
  .strict();

export type ScalingSettings = z.output<typeof scalingSettingsSchema>;
export type ScalingSettingsInput = z.input<typeof scalingSettingsSchema>;
export type PackingSettings = ScalingSettings['packing'];

/**
 * Validates and defaults scaling settings.
 *
 * @throws AppError `BAD_REQUEST` naming the first invalid field (`details.field`), every issue in
 *   `details.issues`
 * @example parseScalingSettings({}).targetUtilisation // 0.7
 */
export function parseScalingSettings(input: unknown): ScalingSettings {
  const parsed = scalingSettingsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  const first = issues[0] as { field: string; message: string };
  throw new AppError('BAD_REQUEST', `Invalid ${first.field || 'settings'}: ${first.message}`, {
    details: { field: first.field, reason: first.message, issues },
  });
}

import { z } from 'zod';
import { PLANNER_NAMES } from '../../models/scaling/scaling-settings.js';
import { queryNumber } from './common-schemas.js';
import { TOPOLOGY_QUERY_NAMES, topologyQuerySchema } from './topology-schemas.js';

/** `name:count` pairs, comma-separated or repeated: `split:2,count:4` or `…=split:2&…=count:4`. */
/**
 * `name:count` pairs, comma-separated or repeated: `split:2,count:4` or `…=split:2&…=count:4`; each component
 * once; counts whole numbers in [least, most].
 */
const componentCounts = (what: string, least: number, most: number, unit = 'count') =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value, ctx) => {
      const out: Record<string, number> = {};
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      for (const item of (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','))) {
        const match = /^\s*([A-Za-z0-9._-]+)\s*:\s*(\d+)\s*$/.exec(item);
        const count = match ? Number(match[2]) : Number.NaN;
        if (!match || !Number.isSafeInteger(count) || count < least || count > most) {
          return fail(`${what} takes <component>:<${unit} in [${least}, ${most}]> pairs, got "${item}"`);
        }
        const component = match[1] as string;
        if (component in out) return fail(`${what}: component "${component}" given more than once`);
        out[component] = count;
      }
      return out;
    })
    .optional();

const positive = (name: string, max: number) =>
  queryNumber(name, (n) =>
    n.positive(`${name} must be greater than 0`).max(max, `${name} must be at most ${max}`),
  ).optional();

/** The scaling query's own parameters; any other key is a spout rate. */
export const SCALING_QUERY_NAMES = [
  ...TOPOLOGY_QUERY_NAMES.filter((n) => n !== 'model'),
  'planner',
  'target_utilisation',
  'tolerance',
  'min_parallelism',
  'max_parallelism',
  'key_groups',
  'max_scale_up',
  'max_scale_down',
  'backlog',
  'packing',
  'container_cpu_cores',
  'container_ram_mb',
] as const;

/**
 * Query of `GET /model/scaling/{dsps}/{topology}`: the traffic to size for (as the topology endpoints:
 * spout rates, `traffic=current` — the measured rates, the default — or `traffic=forecast` with
 * `duration`, `units`, `peak`, `source_hours`), the planner and its target, and the constraints.
 */
export const scalingQuerySchema = topologyQuerySchema.omit({ model: true }).extend({
  traffic: z
    .enum(['current', 'measured', 'forecast'], {
      error: (i) => `traffic must be current, measured or forecast, not "${String(i.input)}"`,
    })
    .optional()
    .meta({
      description:
        '`current` (or `measured`, the default without rates): each spout offers its measured mean rate; ' +
        "`forecast`: the forecast's peak over `duration` (see `peak`). Not with explicit rates.",
    }),
  planner: z
    .enum(PLANNER_NAMES, {
      error: (i) => `planner must be one of ${PLANNER_NAMES.join(', ')}, not "${String(i.input)}"`,
    })
    .optional()
    .meta({ description: 'The planner (docs/scaling.md); default from `scaling.planner` (utilisation).' }),
  target_utilisation: queryNumber('target_utilisation', (n) =>
    n.gt(0, 'target_utilisation must be in (0, 1]').max(1, 'target_utilisation must be in (0, 1]'),
  )
    .optional()
    .meta({
      description: 'Utilisation ρ the hottest instance of each bolt should run at, in (0, 1] (default 0.7).',
    }),
  tolerance: queryNumber('tolerance', (n) =>
    n.min(0, 'tolerance must be in [0, 1]').max(1, 'tolerance must be in [0, 1]'),
  )
    .optional()
    .meta({ description: 'A component at ρ ≤ target + tolerance keeps its parallelism (default 0.1).' }),
  min_parallelism: componentCounts('min_parallelism', 1, 10_000).meta({
    description: 'Fewest instances per component: `split:2,count:1`.',
  }),
  max_parallelism: componentCounts('max_parallelism', 1, 10_000).meta({
    description: 'Most instances per component: `split:16`. Storm: never more executors than tasks.',
  }),
  key_groups: componentCounts('key_groups', 1, 32_768).meta({
    description:
      'Key groups of a fields-grouped component (`count:128`): its parallelism is aligned to a divisor of it.',
  }),
  max_scale_up: positive('max_scale_up', 1000).meta({
    description: 'Largest step up, as a factor f: new ≤ ⌈current × (1 + f)⌉ (default unbounded).',
  }),
  max_scale_down: queryNumber('max_scale_down', (n) =>
    n.min(0, 'max_scale_down must be in [0, 1]').max(1, 'max_scale_down must be in [0, 1]'),
  )
    .optional()
    .meta({
      description: 'Largest step down, f in [0, 1]: new ≥ ⌈current × (1 − f)⌉ (default 1: no limit).',
    }),
  backlog: componentCounts('backlog', 0, 1e12, 'tuples').meta({
    description: 'Pending tuples per component, for the `backlog` and `formula` planners: `split:5000`.',
  }),
  packing: z
    .enum(['round-robin', 'first-fit'], {
      error: (i) => `packing must be round-robin or first-fit, not "${String(i.input)}"`,
    })
    .optional()
    .meta({ description: 'How instances are packed into containers (default round-robin).' }),
  container_cpu_cores: positive('container_cpu_cores', 100_000).meta({
    description: 'CPU a container offers its instances, cores (default 4).',
  }),
  container_ram_mb: positive('container_ram_mb', 2 ** 30).meta({
    description: 'RAM a container offers its instances, MiB (default 4096).',
  }),
});

export type ScalingQuery = z.infer<typeof scalingQuerySchema>;

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { stormAssignmentJsonSchema } from '../../dsps/storm/storm-assignment.js';
import { FORECAST_PEAKS } from '../../jobs/params/topology-params.js';
import { DURATION_UNITS } from '../../jobs/params/traffic-params.js';
import { callbackUrlSchema, nameSchema, queryNumber } from './common-schemas.js';

const repeatable = (item: z.ZodString) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Query parameters of a topology request that are not spout rates. */
export const TOPOLOGY_QUERY_NAMES = [
  'cluster',
  'environ',
  'role',
  'model',
  'traffic',
  'duration',
  'units',
  'peak',
  'source_hours',
  'callback_url',
] as const;

/** The parameters that only go with `traffic=forecast`. */
export const FORECAST_QUERY_NAMES = ['duration', 'units', 'peak', 'source_hours'] as const;

/**
 * Query of `GET /model/topology/{dsps}/current/{topology}` and `POST …/proposed/{topology}`: the topology's
 * coordinates, the models, and the offered spout rates — `<spout component>=<rate per instance>` for every
 * spout, or `<task id>=<rate>` for every spout instance (tuples/s). No rate at all: the measured rates;
 * `traffic=forecast` (with `duration`, `units`, `peak`, `source_hours`): the traffic forecast's peak.
 */
export const topologyQuerySchema = z
  .object({
    callback_url: callbackUrlSchema,
    cluster: nameSchema('cluster').optional(),
    environ: nameSchema('environ').optional(),
    role: nameSchema('role').optional(),
    model: repeatable(
      z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'model names are letters, digits, ".", "_" or "-"'),
    )
      .optional()
      .meta({ description: 'Model to run (repeatable); all configured topology models when absent.' }),
    traffic: z
      .enum(['measured', 'forecast'], {
        error: (i) => `traffic must be measured or forecast, not "${String(i.input)}"`,
      })
      .optional()
      .meta({
        description:
          '`forecast`: each spout instance offers the peak of the `forecast` traffic model over `duration` ' +
          '(see `peak`); `measured` (the default without rates): its measured mean rate. Not with explicit rates.',
      }),
    duration: queryNumber('duration', (n) => n.positive('duration must be greater than 0'))
      .optional()
      .meta({ description: 'With traffic=forecast: how far ahead to forecast, in `units` (default 60).' }),
    units: z
      .enum(Object.keys(DURATION_UNITS) as [keyof typeof DURATION_UNITS], {
        error: (i) => `units must be h, m or s, not "${String(i.input)}"`,
      })
      .optional()
      .meta({ description: 'Unit of `duration`: h (hours), m (minutes, the default) or s (seconds).' }),
    peak: z
      .enum(FORECAST_PEAKS, {
        error: (i) => `peak must be one of ${FORECAST_PEAKS.join(', ')}, not "${String(i.input)}"`,
      })
      .optional()
      .meta({
        description:
          'With traffic=forecast: the offered rate is `max` (default) of the forecast median path over the ' +
          'duration, its `p90`/`p95`/`p99` over time, or `upper95`, the largest upper 95 % prediction bound.',
      }),
    source_hours: queryNumber('source_hours', (n) => n.positive('source_hours must be greater than 0'))
      .optional()
      .meta({ description: 'With traffic=forecast: hours of spout history the forecast reads.' }),
  })
  .catchall(
    z.union([z.string(), z.array(z.string())]).meta({
      description:
        'Offered spout rate, tuples/s: `<spout component>=<rate of each of its instances>` for every spout ' +
        '(e.g. `sentence=150`), or `<task id>=<rate>` for every spout instance (e.g. `10=141&11=154`). ' +
        "Without any rate, each spout instance's measured mean emission rate is used.",
    }),
  );

export type TopologyQuery = z.infer<typeof topologyQuerySchema>;

const resourceJsonSchema = z
  .object({
    cpu: z.number().meta({ description: 'CPU, cores' }),
    ram: z.number().meta({ description: 'RAM, bytes' }),
    disk: z.number().meta({ description: 'Disk, bytes' }),
  })
  .meta({ description: 'Resources of an instance or container.' });

/**
 * The JSON form of Heron's `heron.proto.system.PackingPlan` message (proto field names), as
 * `POST /model/topology/{dsps}/proposed/{topology}` accepts it. Documentation only: the route decodes its
 * body with `decodePackingPlan` (which also takes the Tracker's `/topologies/packingplan` form).
 */
export const packingPlanJsonSchema = z
  .object({
    id: z
      .string()
      .meta({ description: "The topology id (the running topology's, e.g. WordCountTopology<uuid>)." }),
    container_plans: z.array(
      z.object({
        id: z.number().int().meta({ description: 'Container number: the <n> of container_<n>.' }),
        instance_plans: z.array(
          z.object({
            component_name: z.string(),
            task_id: z.number().int(),
            component_index: z.number().int(),
            resource: resourceJsonSchema,
          }),
        ),
        requiredResource: resourceJsonSchema,
        scheduledResource: resourceJsonSchema.optional(),
      }),
    ),
  })
  .meta({
    description:
      "A Heron PackingPlan in the protobuf message's JSON form; the Heron Tracker's /topologies/packingplan " +
      'form (container_plans[].instances, instance_resources, required_resources) is accepted too.',
  });

/** `examples/plans/<file>` as JSON, or undefined in an install without it. */
function examplePlan(file: string): unknown {
  try {
    return JSON.parse(readFileSync(new URL(`../../../examples/plans/${file}`, import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * OpenAPI request body of the proposed-plan route: protobuf bytes under both content types, the JSON form
 * under `application/json`. Added by the route's `swaggerTransform`, not as `schema.body`, so the binary
 * content-type parser's Buffer is never validated as JSON.
 */
export function proposedPlanRequestBody(): Record<string, unknown> {
  const binary = {
    schema: {
      type: 'string',
      format: 'binary',
      description: 'A serialised heron.proto.system.PackingPlan protobuf message.',
    },
  };
  const { $schema: _, ...heronJson } = z.toJSONSchema(packingPlanJsonSchema, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    description:
      'Heron: a PackingPlan as protobuf bytes or JSON. Storm: a worker-slot assignment as JSON (application/json only).',
    content: {
      'application/x-protobuf': binary,
      'application/octet-stream': binary,
      'application/json': {
        schema: {
          oneOf: [
            { title: 'Heron PackingPlan', ...heronJson },
            { title: 'Storm assignment', ...stormAssignmentJsonSchema() },
          ],
          // @fastify/swagger moves these to the media type's `examples` (Swagger UI's prefill)
          'x-examples': Object.fromEntries(
            [
              [
                'heron',
                'Heron WordCountTopology: a PackingPlan (examples/plans/word-count.json)',
                'word-count.json',
              ],
              [
                'storm',
                'Storm storm-word-count: an assignment (examples/plans/storm-word-count.json)',
                'storm-word-count.json',
              ],
            ].flatMap(([name, summary, file]) => {
              const value = examplePlan(file as string);
              return value === undefined ? [] : [[name, { summary, value }]];
            }),
          ),
        },
      },
    },
  };
}

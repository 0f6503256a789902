import { z } from 'zod';
import { dspsSchema } from './common-schemas.js';

const resourcesSchema = z
  .object({
    cpu_cores: z.number().meta({ description: 'CPU, cores' }),
    ram_bytes: z.number().meta({ description: 'RAM, bytes' }),
    disk_bytes: z.number().meta({ description: 'Disk, bytes' }),
  })
  .meta({ id: 'Resources' });

/** `GET /topologies/{dsps}/{topology}`: what a client needs to write a what-if (rates, proposed plans). */
export const topologyDescriptionSchema = z
  .object({
    dsps: dspsSchema,
    cluster: z.string(),
    environ: z.string(),
    role: z.string().optional(),
    topology: z.string(),
    topology_id: z.string().optional().meta({ description: "The DSPS's id of the running topology." }),
    components: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['spout', 'bolt']),
        parallelism: z.number().int().meta({ description: 'Instances (Heron) or executors (Storm).' }),
        tasks: z.number().int().meta({ description: 'Tasks; Storm executors may run several each.' }),
        output_streams: z.array(z.string()),
        inputs: z.array(
          z.object({
            component: z.string().meta({ description: 'The upstream component.' }),
            stream: z.string(),
            grouping: z.enum(['SHUFFLE', 'FIELDS', 'ALL', 'LOWEST', 'NONE', 'DIRECT', 'CUSTOM']),
            grouping_fields: z.array(z.string()).optional(),
          }),
        ),
        instances: z.array(z.string()).meta({ description: 'Instance ids, by task id.' }),
      }),
    ),
    instances: z.array(
      z.object({
        id: z.string(),
        component: z.string(),
        task_id: z.number().int().meta({ description: 'Task id; a Storm executor: its first task.' }),
        last_task_id: z.number().int().meta({ description: "The executor's last task (Heron: = task_id)." }),
        rate_key: z.string().meta({
          description:
            'How a spout rate names this instance in a query: `<task id>=<tuples/s>` (Heron) or ' +
            '`<first>-<last task>=<tuples/s>` (Storm), e.g. `?5=141`.',
        }),
        container: z.string().meta({ description: 'Container (Heron) or worker slot (Storm).' }),
        stream_manager: z.string().optional(),
        resources: resourcesSchema.optional().meta({ description: 'From the running packing plan.' }),
      }),
    ),
    containers: z.array(
      z.object({
        id: z.string().meta({ description: '`container_<n>` (Heron) or `<node id>:<port>` (Storm).' }),
        index: z.number().int().optional().meta({ description: "The packing plan's container number." }),
        instances: z.array(z.string()),
        required_resources: resourcesSchema.optional(),
      }),
    ),
  })
  .meta({ id: 'TopologyDescription' });

export type TopologyDescription = z.infer<typeof topologyDescriptionSchema>;

import { z } from 'zod';

const MIB = 2 ** 20;

/**
 * What one request may cost a worker, checked by the API before anything is queued: a request over a cap is
 * a 400 naming the cap (`limits.<name>`) and the field, never a job that takes a worker down.
 */
export const limitsSchema = z
  .object({
    /** Most instances in a proposed plan, all containers together. @defaultValue 20000 */
    maxPlanInstances: z.number().int().min(1).max(100_000).default(20_000),
    /**
     * Most instances of one component a scaling request may ask for (`min_parallelism`,
     * `max_parallelism`). @defaultValue 1000
     */
    maxComponentParallelism: z.number().int().min(1).max(10_000).default(1000),
    /** Largest `max_scale_up` factor of a scaling request: new ≤ ⌈current × (1 + f)⌉. @defaultValue 100 */
    maxScaleUpFactor: z.number().positive().max(1000).default(100),
    /**
     * Most forecast work per request: horizon points × history points, both at one point a minute
     * (`duration` in minutes × `source_hours` × 60). The default lets a 7-day horizon read 14 days of
     * history (10 080 × 20 160 ≈ 2.03 × 10⁸). @defaultValue 250000000
     */
    maxForecastPoints: z.number().int().positive().default(250_000_000),
    /** Largest JSON proposed-plan body, bytes. @defaultValue 1048576 (1 MiB) */
    jsonPlanBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * MIB)
      .default(MIB),
    /** Deepest nesting of objects and arrays in a JSON body. @defaultValue 32 */
    jsonMaxDepth: z.number().int().min(4).max(1000).default(32),
  })
  .strict();

export type Limits = z.infer<typeof limitsSchema>;

/**
 * Bytes a protobuf plan of `maxPlanInstances` instances can take: an InstancePlan is about 60 bytes with a
 * short component name; 256 a piece leaves room for long names, plus 64 KiB for containers and the header.
 */
export function protobufPlanBytes(limits: Pick<Limits, 'maxPlanInstances'>): number {
  return limits.maxPlanInstances * 256 + 64 * 1024;
}

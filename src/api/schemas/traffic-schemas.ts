import { z } from 'zod';
import type { Config } from '../../config/config-schema.js';
import { DURATION_UNITS } from '../../jobs/params/traffic-params.js';
import { callbackUrlSchema, modelIdSchema, nameSchema, queryNumber, waitSchema } from './common-schemas.js';

const repeatable = (item: z.ZodString) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * Query of `GET /model/traffic/{dsps}/{topology}`: either `model_id` alone (poll), or the parameters of
 * a new request. Unknown parameters are rejected so a misspelt one is never silently ignored.
 */
export function trafficQuerySchema(config: Config) {
  const { maxSourceHours } = config.traffic;
  return z
    .object({
      model_id: modelIdSchema.optional(),
      wait: waitSchema,
      callback_url: callbackUrlSchema,
      duration: queryNumber('duration', (n) => n.positive('duration must be greater than 0'))
        .optional()
        .meta({ description: 'How far ahead to predict, in `units` (default 60).' }),
      units: z
        .enum(Object.keys(DURATION_UNITS) as [keyof typeof DURATION_UNITS], {
          error: (i) => `units must be h, m or s, not "${String(i.input)}"`,
        })
        .optional()
        .meta({ description: 'Unit of `duration`: h (hours), m (minutes, the default) or s (seconds).' }),
      source_hours: queryNumber('source_hours', (n) =>
        n
          .positive('source_hours must be greater than 0')
          .max(maxSourceHours, `source_hours must be at most ${maxSourceHours}`),
      )
        .optional()
        .meta({
          description: `Hours of history the models read (default ${config.traffic.defaultSourceHours}, at most ${maxSourceHours}).`,
        }),
      cluster: nameSchema('cluster').optional(),
      environ: nameSchema('environ').optional(),
      role: nameSchema('role').optional(),
      model: repeatable(
        z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'model names are letters, digits, ".", "_" or "-"'),
      )
        .optional()
        .meta({ description: 'Model to run (repeatable); all configured traffic models when absent.' }),
    })
    .strict();
}

export type TrafficQuery = z.infer<ReturnType<typeof trafficQuerySchema>>;

/** Query of `GET /model/traffic/{dsps}/{topology}/backtest`: `model_id` alone (poll), or a new backtest. */
export function trafficBacktestQuerySchema(config: Config) {
  const base = trafficQuerySchema(config).shape;
  return z
    .object({
      model_id: base.model_id,
      wait: base.wait,
      callback_url: base.callback_url,
      horizon: queryNumber('horizon', (n) => n.positive('horizon must be greater than 0'))
        .optional()
        .meta({ description: 'How far ahead each backtest forecast is scored, in `units` (default 60).' }),
      units: base.units,
      origins: queryNumber('origins', (n) =>
        n
          .int('origins must be a whole number')
          .min(1, 'origins must be at least 1')
          .max(200, 'origins must be at most 200'),
      )
        .optional()
        .meta({
          description: 'Forecast origins, evenly spaced over the second half of the history (default 24).',
        }),
      source_hours: base.source_hours,
      cluster: base.cluster,
      environ: base.environ,
      role: base.role,
    })
    .strict();
}

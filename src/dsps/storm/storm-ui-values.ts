import { z } from 'zod';
import { AppError } from '../../errors.js';

/**
 * Value shapes of the Storm UI REST API, converted once here: Storm's UI writes latencies (ms) and capacity
 * as fixed-point strings (`"0.020"`, `UIHelpers.floatStr`), counts as numbers, and `null` where an executor
 * has no stats yet.
 */

const numericString = z
  .string()
  .trim()
  .regex(/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/, 'expected a number written as a string, e.g. "0.020"')
  .transform(Number);

/** A decimal the UI writes as a string (or, in some versions, a number); `null`/absent → undefined. */
export const decimalString = z
  .union([numericString, z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : v))
  .pipe(z.number().finite().optional());

/** A tuple count; `null`/absent (no stats yet) → 0. */
export const count = z
  .union([z.number(), numericString])
  .nullish()
  .transform((v) => v ?? 0)
  .pipe(z.number().finite().nonnegative());

/** Validates a Storm UI answer, or throws `METRICS_BAD_RESPONSE` naming the endpoint and the first bad field. */
export function validateStormAnswer<S extends z.ZodType>(
  schema: S,
  body: unknown,
  endpoint: string,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw new AppError(
    'METRICS_BAD_RESPONSE',
    `The Storm UI answered ${endpoint} in an unexpected format (${where}: ${issue?.message ?? 'invalid'})`,
    { details: { endpoint, field: where } },
  );
}

/** `{[key]: value}` when value is defined, else `{}` (exactOptionalPropertyTypes-friendly spreading). */
export function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

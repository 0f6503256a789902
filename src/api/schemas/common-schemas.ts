import { z } from 'zod';
import { MODEL_ID_PATTERN } from '../../jobs/model-id.js';
import { DSPS_NAMES } from '../../topology/topology-ref.js';

/** Heron and Storm topology, cluster, environ and role names: letters, digits, `.`, `_`, `-`. */
const NAME_PATTERN = /^[A-Za-z0-9._-]{1,256}$/;

export const nameSchema = (what: string) =>
  z
    .string()
    .regex(NAME_PATTERN, `${what} must be 1–256 letters, digits, ".", "_" or "-"`)
    .meta({ description: `The ${what}.` });

export const dspsSchema = z
  .enum(DSPS_NAMES, {
    error: (issue) => `unknown stream-processing system "${String(issue.input)}" (expected heron or storm)`,
  })
  .meta({ description: 'Stream-processing system: `heron` or `storm`.' });

export const modelIdSchema = z
  .string()
  .regex(
    MODEL_ID_PATTERN,
    'model_id must look like "traffic-", "topology-" or "scaling-" followed by 22 URL-safe characters',
  )
  .meta({ description: 'Id returned when the request was accepted.' });

/** `callback_url` of a model request: where to POST the result when the job is done. */
export const callbackUrlSchema = z
  .url({
    protocol: /^https?$/,
    error: 'callback_url must be an absolute http or https URL',
  })
  .max(2048, 'callback_url must be at most 2048 characters')
  .optional()
  .meta({
    description:
      'POST the result document (complete or failed) to this URL when the job is done, signed with the ' +
      'configured `callbacks.secret`: `x-augur-signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; ' +
      'retried with backoff until a 2xx. Not part of the model id. Refused while no secret is configured.',
  });

/** Longest long-poll a `wait` may ask for, s. */
export const MAX_WAIT_SEC = 30;

/** `wait` of a poll: hold the answer up to this many seconds until the result is there. */
export const waitSchema = z
  .preprocess(
    (value) => (typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : value),
    z
      .number({ error: 'wait must be a number of seconds' })
      .min(0, 'wait must be at least 0')
      .max(MAX_WAIT_SEC, `wait must be at most ${MAX_WAIT_SEC} seconds`),
  )
  .optional()
  .meta({
    description:
      `With \`model_id\`: long-poll — answer as soon as the result is there, or after this many seconds ` +
      `(at most ${MAX_WAIT_SEC}) with the 202 a poll gives.`,
  });

export const dspsTopologyParams = z.object({ dsps: dspsSchema, topology: nameSchema('topology name') });

export const errorResponseSchema = z
  .object({
    statusCode: z.number().int(),
    code: z.string().meta({ description: 'Stable error code, e.g. BAD_REQUEST, TOPOLOGY_NOT_FOUND.' }),
    error: z.string(),
    message: z.string().meta({ description: 'What was wrong, naming the field.' }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Error' });

export const acceptedResponseSchema = z
  .object({
    model_id: z.string(),
    status: z.enum(['pending', 'running', 'complete', 'failed']),
    status_url: z.string().meta({ description: 'Poll this URL for the result.' }),
  })
  .meta({ id: 'Accepted' });

export const inProgressResponseSchema = z
  .object({
    model_id: z.string(),
    status: z.enum(['pending', 'running']),
    progress: z.number().min(0).max(100).meta({ description: 'Percent done.' }),
  })
  .meta({ id: 'InProgress' });

export const failedResultSchema = z
  .object({
    model_id: z.string(),
    status: z.literal('failed'),
    aspect: z.string(),
    dsps: z.string(),
    topology_id: z.string(),
    created_at: z.string(),
    failed_at: z.string(),
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'FailedResult' });

/** A plain decimal number as a query string writes it: `150`, `0.7`, `-2`, `1e3` — not `0x10`, `''` or `Infinity`. */
export const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A numeric query parameter: only plain decimals are numbers (`z.coerce` would read `''` as 0 and `0x10`
 * as 16, silently changing the answer); finite; then `refine`'s bounds.
 * @example queryNumber('duration', (n) => n.positive('duration must be greater than 0'))
 */
export function queryNumber(name: string, refine: (n: z.ZodNumber) => z.ZodNumber = (n) => n) {
  return z.preprocess(
    (value) => (typeof value === 'string' && DECIMAL_PATTERN.test(value.trim()) ? Number(value) : value),
    refine(z.number({ error: `${name} must be a decimal number` }).finite(`${name} must be finite`)),
  );
}

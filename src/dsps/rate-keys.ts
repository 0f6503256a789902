import { AppError } from '../errors.js';
import type { PlannedInstance } from '../topology/planned-instances.js';

/** A 400 naming the rate parameter that is wrong. */
export const badRate = (field: string, reason: string, extra: Record<string, unknown> = {}) =>
  new AppError('BAD_REQUEST', `query.${field}: ${reason}`, {
    details: { field: `query.${field}`, reason, ...extra },
  });

/**
 * Matches a request's per-instance spout-rate keys to the spout instances of the plan modelled, each DSPS
 * by how it names an instance; every spout instance must be named exactly once.
 * @returns key → instance
 * @throws AppError `BAD_REQUEST` naming the key
 */
export type RateKeyMatcher = (
  keys: string[],
  spouts: readonly PlannedInstance[],
) => Map<string, PlannedInstance>;

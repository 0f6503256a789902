import { ERRORS } from '../errors.js';
import { ApiError } from '../ui/shared/api-client.js';

/**
 * Exit codes of `augur model` and `augur report`, so a scheduler hook or deploy script can tell "do not
 * rebalance" (4) from "augur said no" (2) from "ask again later" (3).
 */
export const EXIT_CODES = {
  /** The result is there and no `--fail-on` condition holds. */
  ok: 0,
  /** Bad arguments or an unreadable file: nothing was asked. */
  usage: 1,
  /** The API refused the request (4xx) or the model failed for good; its code and message are on stderr. */
  refused: 2,
  /** augur did not answer, answered 5xx, or the job failed on something transient: worth a retry. */
  unavailable: 3,
  /** The predicted result violates a `--fail-on` condition. */
  failOn: 4,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * The exit code of an error. An API error goes by the error table's `retryable` for its code (a failed job
 * answers 200 with its error's code), by its HTTP status for a code the table lacks (a proxy's 502);
 * no answer at all is transient; anything else is a usage error.
 */
export function exitCodeOf(err: unknown): ExitCode {
  if (!(err instanceof ApiError)) return EXIT_CODES.usage;
  if (err.status === 0) return EXIT_CODES.unavailable;
  const known = (ERRORS as Record<string, { retryable: boolean } | undefined>)[err.code];
  const transient = known ? known.retryable : err.status >= 500;
  return transient ? EXIT_CODES.unavailable : EXIT_CODES.refused;
}

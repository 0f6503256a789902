import type { z } from 'zod';
import { AppError } from '../../errors.js';

/**
 * How Heron Trackers wrap their answers. Three styles exist in the wild:
 *
 * 1. Tornado Trackers (Heron ≤ 0.20.4): `{status, executiontime, message, result, version}`; a failure is
 *    `{status: "failure", message}` with HTTP 404 (`BaseHandler.write_error_response`). Some builds say
 *    `tracker_version` instead of `version`.
 * 2. Heron 0.19 – 0.20.1 Trackers: as 1, but `/topologies/packingplan` carries its `result` as a
 *    JSON-encoded string.
 * 3. FastAPI Trackers (Heron ≥ 0.20.5, `heron/tools/tracker/src/python/app.py`): the bare result; an error
 *    is a JSON string `"request failed: <exception>"` with HTTP 500 (HTTP 404 `{"detail": "Not Found"}` for
 *    an unknown route).
 */
export interface TrackerEnvelope {
  status: string;
  message?: string;
  result?: unknown;
  executiontime?: number;
  version?: string;
  tracker_version?: string;
}

// Old Trackers say "Topology not found for <cluster>, [<role>,] <environ>, <name>" (getTopologyByClusterRoleEnvironAndName)
// or "No topology found" (getTopologyInfo); the FastAPI one raises KeyError('Topology not found for …').
const TOPOLOGY_NOT_FOUND =
  /topology not found|no topology found|topology\b.*\b(?:does not exist|doesn't exist)/i;

/** True when a Tracker error message says the topology does not exist. */
export function isTopologyNotFoundMessage(message: string | undefined): boolean {
  return message !== undefined && TOPOLOGY_NOT_FOUND.test(message);
}

export function isTrackerEnvelope(body: unknown): body is TrackerEnvelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  if (typeof b.status !== 'string') return false;
  const hasPayload = 'result' in b || 'message' in b;
  const hasMeta = 'executiontime' in b || 'version' in b || 'tracker_version' in b;
  return hasPayload && hasMeta;
}

/** The error message a Tracker error body carries, in any of the three styles. */
export function trackerErrorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.message === 'string' && b.message !== '') return b.message;
  if (typeof b.detail === 'string') return b.detail;
  return undefined;
}

/** The AppError for a Tracker answer that says "failed": unknown topology, or anything else. */
export function trackerFailure(message: string | undefined, endpoint: string): AppError {
  if (isTopologyNotFoundMessage(message)) {
    return new AppError('TOPOLOGY_NOT_FOUND', `The Heron Tracker does not know this topology (${endpoint})`, {
      details: { endpoint, trackerMessage: message },
    });
  }
  return new AppError('METRICS_BAD_RESPONSE', `The Heron Tracker answered ${endpoint} with a failure`, {
    details: { endpoint, ...(message ? { trackerMessage: message } : {}) },
  });
}

// Python's json module writes NaN/Infinity for non-finite floats; JSON.parse rejects them.
const NON_FINITE_LITERAL = /(?<=[:[,]\s*)-?(?:NaN|Infinity)(?=\s*[,}\]])/g;

/**
 * Parses a Tracker body. Tolerates Python's bare `NaN`/`Infinity` literals (read as null).
 * @throws AppError `METRICS_BAD_RESPONSE` when the text is not JSON.
 */
export function parseTrackerJson(text: string, endpoint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    try {
      return JSON.parse(text.replace(NON_FINITE_LITERAL, 'null'));
    } catch {
      throw new AppError(
        'METRICS_BAD_RESPONSE',
        `The Heron Tracker answered ${endpoint} with a body that is not JSON`,
        {
          cause: first,
          details: { endpoint },
        },
      );
    }
  }
}

/**
 * The payload of a Tracker answer in any style: the envelope's `result` (decoded when it is a JSON string,
 * as Heron 0.19–0.20.1 packing plans are) or the bare body.
 * @throws AppError `TOPOLOGY_NOT_FOUND` for a failure saying so, `METRICS_BAD_RESPONSE` for any other failure.
 */
export function unwrapTrackerResponse(body: unknown, endpoint: string): unknown {
  if (isTrackerEnvelope(body)) {
    if (body.status !== 'success') throw trackerFailure(trackerErrorMessage(body), endpoint);
    return decodeStringified(body.result, endpoint);
  }
  if (typeof body === 'string') {
    // A bare JSON string is either a stringified payload or a FastAPI error message.
    const trimmed = body.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) return decodeStringified(body, endpoint);
    throw trackerFailure(body, endpoint);
  }
  return body;
}

function decodeStringified(result: unknown, endpoint: string): unknown {
  if (typeof result !== 'string') return result;
  const trimmed = result.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return result;
  return parseTrackerJson(trimmed, endpoint);
}

/**
 * Validates an unwrapped Tracker payload against a zod schema.
 * @throws AppError `METRICS_BAD_RESPONSE` naming the first offending fields.
 */
export function validateTrackerPayload<T extends z.ZodType>(
  schema: T,
  payload: unknown,
  endpoint: string,
): z.output<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new AppError(
      'METRICS_BAD_RESPONSE',
      `The Heron Tracker answered ${endpoint} in an unexpected format`,
      {
        details: { endpoint, issues },
      },
    );
  }
  return parsed.data;
}

/**
 * Every error augur reports, in one table: a stable code, the HTTP status the API answers with,
 * and whether a job that failed with it should be retried (transient) or failed at once (permanent).
 */
export const ERRORS = {
  BAD_REQUEST: { httpStatus: 400, retryable: false, message: 'The request is invalid' },
  UNKNOWN_DSPS: { httpStatus: 400, retryable: false, message: 'Unknown stream-processing system' },
  UNAUTHORIZED: { httpStatus: 401, retryable: false, message: 'An API key is required' },
  FORBIDDEN: { httpStatus: 403, retryable: false, message: "The API key's scopes do not allow this" },
  RATE_LIMITED: { httpStatus: 429, retryable: true, message: 'Too many requests' },
  OVERLOADED: { httpStatus: 503, retryable: true, message: 'The API is overloaded; retry later' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, retryable: false, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    httpStatus: 415,
    retryable: false,
    message: 'The request body has a content type this route does not accept',
  },
  UNKNOWN_MODEL: { httpStatus: 400, retryable: false, message: 'Unknown model' },
  MODEL_NOT_FOUND: { httpStatus: 404, retryable: false, message: 'No model result with this id' },
  ROUTE_NOT_FOUND: { httpStatus: 404, retryable: false, message: 'No such route' },
  METHOD_NOT_ALLOWED: {
    httpStatus: 405,
    retryable: false,
    message: 'The route exists, but not for this method',
  },
  DSPS_NOT_SUPPORTED: {
    httpStatus: 501,
    retryable: false,
    message: 'No metrics source is configured for this stream-processing system',
  },
  TOPOLOGY_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    message: 'The metrics source does not know this topology',
  },
  NO_METRICS: {
    httpStatus: 422,
    retryable: false,
    message: 'The metrics source has no data for this request',
  },
  METRICS_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    message: 'The metrics service (Heron Tracker, Storm UI, Prometheus, Graphite) did not answer',
  },
  METRICS_BAD_RESPONSE: {
    httpStatus: 502,
    retryable: true,
    message:
      'The metrics service (Heron Tracker, Storm UI, Prometheus, Graphite) answered in an unexpected format',
  },
  GRAPH_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    message: 'The topology graph store (Gremlin Server) did not answer or refused a request',
  },
  SNAPSHOT_INVALID: { httpStatus: 500, retryable: false, message: 'The offline snapshot is unreadable' },
  QUEUE_UNAVAILABLE: { httpStatus: 503, retryable: true, message: 'The job queue is not reachable' },
  JOB_TIMEOUT: { httpStatus: 504, retryable: true, message: 'The model job took longer than its timeout' },
  JOB_TOO_LARGE: {
    httpStatus: 507,
    retryable: false,
    message: 'The model job needed more memory than a job may use',
  },
  WORKER_LOST: {
    httpStatus: 500,
    retryable: false,
    message:
      'The job was running on a worker that died (killed, or out of memory) more times than queue.maxStalledCount allows',
  },
  MODEL_FAILED: { httpStatus: 500, retryable: false, message: 'The model failed' },
  AUTOSCALER_DISABLED: {
    httpStatus: 409,
    retryable: false,
    message: 'The autoscaling loop is not enabled',
  },
  CONFIG_INVALID: { httpStatus: 500, retryable: false, message: 'The configuration is invalid' },
  INTERNAL: { httpStatus: 500, retryable: false, message: 'Internal error' },
} as const satisfies Record<string, { httpStatus: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error augur knows how to report: to an HTTP client, in a failed job's result, or at start-up. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly retryable: boolean;
  /** Extra, client-safe facts (e.g. which field was wrong). */
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message ?? ERRORS[code].message, { cause: options?.cause });
    this.name = 'AppError';
    this.code = code;
    this.httpStatus = ERRORS[code].httpStatus;
    this.retryable = ERRORS[code].retryable;
    this.details = options?.details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** The shape a failed job or an error answer carries; never a stack trace or a class name. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function toErrorBody(err: unknown): ErrorBody {
  if (isAppError(err)) {
    return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  }
  return { code: 'INTERNAL', message: ERRORS.INTERNAL.message };
}

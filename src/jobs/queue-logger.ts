/**
 * Where the job queues report what they cannot throw to a caller (a lost Redis connection, a result
 * that could not be stored). Pino's and the console's `warn`/`error` both fit.
 */
export interface QueueLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Logs to stderr; used when the caller passes no logger. */
export const consoleQueueLogger: QueueLogger = {
  warn: (fields, message) => console.warn(message, fields),
  error: (fields, message) => console.error(message, fields),
};

/** Drops every message; for tests that provoke failures on purpose. */
export const silentQueueLogger: QueueLogger = {
  warn: () => {},
  error: () => {},
};

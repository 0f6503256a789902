import { ApiError } from '../ui/shared/api-client.js';

/**
 * The stderr line of a failed command: an API error's code, HTTP status (not for a failed job, which
 * answers 200) and message; any other error's message.
 */
export function errorLine(err: unknown): string {
  if (err instanceof ApiError) {
    const status = err.status > 0 && err.status !== 200 ? ` (HTTP ${err.status})` : '';
    return `augur: ${err.code}${status}: ${err.message}\n`;
  }
  return `augur: ${err instanceof Error ? err.message : String(err)}\n`;
}

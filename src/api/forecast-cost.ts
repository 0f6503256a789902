import type { Limits } from '../config/limits-schema.js';
import { AppError } from '../errors.js';

/**
 * Refuses a forecast whose work, horizon points × history points (one a minute each), is over
 * `limits.maxForecastPoints`: a fit and its simulated paths grow with both, and one such job held a worker's
 * event loop for tens of seconds.
 * @param durationMinutes the horizon, min
 * @param sourceHours the history read, h
 * @param field the query field named in the 400 (`query.duration`, `query.horizon`)
 * @throws AppError `BAD_REQUEST` naming the cap and the field
 */
export function assertForecastCost(
  limits: Pick<Limits, 'maxForecastPoints'>,
  durationMinutes: number,
  sourceHours: number,
  field = 'query.duration',
): void {
  const points = Math.ceil(durationMinutes) * Math.ceil(sourceHours * 60);
  if (points <= limits.maxForecastPoints) return;
  throw new AppError(
    'BAD_REQUEST',
    `${field}: a ${durationMinutes} min horizon on ${sourceHours} h of history is ${points} horizon × history points, more than limits.maxForecastPoints = ${limits.maxForecastPoints}; shorten the horizon or source_hours`,
    { details: { field, reason: 'forecast too costly', limit: 'limits.maxForecastPoints', points } },
  );
}

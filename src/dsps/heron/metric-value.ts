/**
 * A Heron metric value as the Tracker sends it: a string (`"6012"`, `"1.2758e+10"`, `"nan"`) from Tornado
 * Trackers, a float from FastAPI ones, null for Python's NaN once made JSON-safe. Returns undefined for
 * anything that is not a finite number, so callers leave the point out.
 */
export function parseMetricValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

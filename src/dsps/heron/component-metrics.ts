import { z } from 'zod';
import { parseMetricValue } from './metric-value.js';
import { unwrapTrackerResponse, validateTrackerPayload } from './tracker-envelope.js';

/** A `/topologies/metrics` answer: one aggregate value per metric and instance over an interval. */
export interface HeronComponentMetrics {
  component: string;
  /** The Tracker's `interval` field as sent (seconds; Tornado Trackers put a timestamp there). */
  interval: number;
  /** metric → instance → value; non-numeric values (`"nan"`) are left out. */
  metrics: Record<string, Record<string, number>>;
}

const componentMetricsSchema = z.object({
  component: z.string(),
  interval: z.number(),
  metrics: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** Parses `/topologies/metrics` (any style). Not used by the models; kept so every Tracker sample parses. */
export function parseComponentMetrics(body: unknown): HeronComponentMetrics {
  const endpoint = '/topologies/metrics';
  const payload = validateTrackerPayload(
    componentMetricsSchema,
    unwrapTrackerResponse(body, endpoint),
    endpoint,
  );
  const metrics: Record<string, Record<string, number>> = {};
  for (const [metric, byInstance] of Object.entries(payload.metrics)) {
    const values: Record<string, number> = {};
    for (const [instance, raw] of Object.entries(byInstance)) {
      const value = parseMetricValue(raw);
      if (value !== undefined) values[instance] = value;
    }
    metrics[metric] = values;
  }
  return { component: payload.component, interval: payload.interval, metrics };
}

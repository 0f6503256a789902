import { z } from 'zod';
import type { MetricSeries, MetricSeriesQuery, SeriesPoints } from '../../topology/metric-series.js';
import { parseMetricValue } from './metric-value.js';
import { unwrapTrackerResponse, validateTrackerPayload } from './tracker-envelope.js';

/** A `/topologies/metricstimeline` answer, normalised: metric → instance → ascending `[minuteStartSec, value]`. */
export interface HeronMetricsTimeline {
  component?: string;
  /** The window the Tracker was asked for, Unix seconds, when it echoes it. */
  startSec?: number;
  endSec?: number;
  timeline: MetricSeries;
}

const timestamp = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

const metricsTimelineSchema = z.object({
  component: z.string().optional(),
  starttime: timestamp.optional(),
  endtime: timestamp.optional(),
  // metric → instance → minute start (Unix s, as a JSON key) → value (string, float or null).
  timeline: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).default({}),
});

/**
 * Parses a metrics timeline from `/topologies/metricstimeline` (Tornado Trackers, and FastAPI ones up to
 * 0.20.5) or `/topologies/metrics/timeline` (FastAPI). Values that are `"nan"`, null or not numbers are left
 * out; points are sorted by time.
 */
export function parseMetricsTimeline(body: unknown): HeronMetricsTimeline {
  const endpoint = '/topologies/metricstimeline';
  const payload = validateTrackerPayload(
    metricsTimelineSchema,
    unwrapTrackerResponse(body, endpoint),
    endpoint,
  );
  const timeline: MetricSeries = {};
  for (const [metric, byInstance] of Object.entries(payload.timeline)) {
    const out: Record<string, SeriesPoints> = {};
    for (const [instance, byTime] of Object.entries(byInstance)) {
      const points: SeriesPoints = [];
      for (const [key, raw] of Object.entries(byTime)) {
        const ts = Number(key);
        const value = parseMetricValue(raw);
        if (Number.isInteger(ts) && value !== undefined) points.push([ts, value]);
      }
      out[instance] = points.sort((a, b) => a[0] - b[0]);
    }
    timeline[metric] = out;
  }
  return {
    ...(payload.component !== undefined ? { component: payload.component } : {}),
    ...(payload.starttime !== undefined ? { startSec: payload.starttime } : {}),
    ...(payload.endtime !== undefined ? { endSec: payload.endtime } : {}),
    timeline,
  };
}

/**
 * The part of a timeline a query asks for: its metrics (each present, `{}` when the Tracker had none), its
 * instances when it names them, and points in `[startSec, endSec)`. Live and snapshot sources both answer
 * through this, so they agree on edge cases.
 */
export function selectMetricSeries(timeline: MetricSeries, query: MetricSeriesQuery): MetricSeries {
  const wanted = query.instances ? new Set(query.instances) : undefined;
  const out: MetricSeries = {};
  for (const metric of query.metrics) {
    const byInstance = timeline[metric] ?? {};
    const selected: Record<string, SeriesPoints> = {};
    for (const [instance, points] of Object.entries(byInstance)) {
      if (wanted && !wanted.has(instance)) continue;
      selected[instance] = points.filter(([ts]) => ts >= query.startSec && ts < query.endSec);
    }
    out[metric] = selected;
  }
  return out;
}

import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { SeriesPoints } from '../../topology/metric-series.js';
import type { TrafficModel } from '../model.js';
import { type RateSummary, summariseRates } from '../stats/rate-summary.js';
import { sumAlignedSeries } from '../stats/sum-aligned-series.js';
import type { TrafficInput } from './traffic-input.js';

const settingsSchema = z
  .object({
    /**
     * Fewest observed buckets a series needs to be summarised; sparser series are reported as
     * insufficient instead. @defaultValue 1
     */
    minSamples: z.number().int().min(1).default(1),
  })
  .strict();

export type SummarySettings = z.infer<typeof settingsSchema>;

/** How much of the asked history the summary could use. */
export interface HistoryUsed {
  requested_minutes: number;
  /** Buckets with at least one spout reporting. */
  used_minutes: number;
  /** First and last bucket used, ISO-8601; null when none. */
  from: string | null;
  to: string | null;
  /** True when every spout instance reported in every bucket of the window. */
  complete: boolean;
}

export interface SummaryResult extends Record<string, unknown> {
  /** The whole topology's spout output: every spout stream summed per bucket. */
  arrival_rate: RateSummary | null;
  components: Record<string, Record<string, RateSummary | null>>;
  instances: Record<string, Record<string, RateSummary | null>>;
  history: HistoryUsed;
}

const toRates = (points: SeriesPoints, bucketSec: number, minSamples: number): RateSummary | null =>
  points.length >= minSamples ? summariseRates(points.map(([, count]) => count / bucketSec)) : null;

/**
 * Summary of the arrival rate at the topology's spouts: per-bucket emit counts turned into tuples/s and
 * summarised (mean, median, min, max, p10–p99) per spout instance and stream, per spout component and
 * stream, and for the topology. Assumes the near future looks like the observed window, which is what
 * the Caladrius summary model did; buckets nobody reported are left out, never counted as zero.
 */
export function summariseTraffic(input: TrafficInput, settings: SummarySettings): SummaryResult {
  const { bucketSec, spoutEmitCounts } = input;
  const components: SummaryResult['components'] = {};
  const instances: SummaryResult['instances'] = {};
  const componentTotals: SeriesPoints[] = [];
  const seenBuckets = new Set<number>();
  let expectedPoints = 0;
  let observedPoints = 0;
  const windowBuckets = Math.round((input.window.endSec - input.window.startSec) / bucketSec);

  for (const [component, streams] of Object.entries(spoutEmitCounts)) {
    components[component] = {};
    for (const [stream, byInstance] of Object.entries(streams)) {
      for (const [instance, points] of Object.entries(byInstance)) {
        instances[instance] ??= {};
        (instances[instance] as Record<string, RateSummary | null>)[stream] = toRates(
          points,
          bucketSec,
          settings.minSamples,
        );
        for (const [t] of points) seenBuckets.add(t);
        expectedPoints += windowBuckets;
        observedPoints += points.length;
      }
      const total = sumAlignedSeries(Object.values(byInstance));
      componentTotals.push(total);
      (components[component] as Record<string, RateSummary | null>)[stream] = toRates(
        total,
        bucketSec,
        settings.minSamples,
      );
    }
  }
  if (seenBuckets.size === 0) {
    throw new AppError('NO_METRICS', 'No spout emitted any tuples in the history window', {
      details: { window: input.window },
    });
  }
  const buckets = [...seenBuckets].sort((a, b) => a - b);
  const iso = (sec: number | undefined) => (sec === undefined ? null : new Date(sec * 1000).toISOString());
  return {
    arrival_rate: toRates(sumAlignedSeries(componentTotals), bucketSec, settings.minSamples),
    components,
    instances,
    history: {
      requested_minutes: (windowBuckets * bucketSec) / 60,
      used_minutes: (buckets.length * bucketSec) / 60,
      from: iso(buckets[0]),
      to: iso(buckets[buckets.length - 1]),
      complete: observedPoints >= expectedPoints,
    },
  };
}

export const summaryModel: TrafficModel<SummarySettings> = {
  name: 'summary',
  description:
    'Arrival rate (tuples/s) at every spout instance, spout component and the topology over the history ' +
    'window: mean, median, min, max and p10/p90/p95/p99. Missing minutes are left out, never zero.',
  aspect: 'traffic',
  settingsSchema,
  run: summariseTraffic,
};

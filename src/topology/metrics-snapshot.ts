import type { MetricSeries, SeriesPoints } from './metric-series.js';
import type { PackingPlan } from './packing-plan.js';
import type { TopologySnapshot } from './topology-snapshot.js';

/**
 * What a topology job hands to its models, DSPS-neutral: the running topology's snapshot (structure and
 * today's plan), its per-instance series over a window in augur's metric vocabulary, and the running packing
 * plan when the source has one. Plain data: no client, nothing left to read.
 */
export interface MetricsSnapshot {
  /** The running topology: components, streams, today's instances and containers. */
  topology: TopologySnapshot;
  /** The running topology's packing plan (resources), when the source has one. */
  packingPlan?: PackingPlan;
  /** The window the series cover, Unix s: `[startSec, endSec)`. */
  window: { startSec: number; endSec: number };
  /** metric name → instance id → one point per bucket (src/topology/metric-series.ts). */
  series: MetricSeries;
  /** The source's kind, e.g. `tracker`, `storm-ui`, `snapshot`. */
  source: string;
  /**
   * Per transport process (a Heron stream manager), ms of each bucket it held backpressure it initiated
   * (`backpressure-initiated-ms`); absent when the DSPS or the source has no such metric.
   */
  backpressureMs?: Record<string, SeriesPoints>;
}

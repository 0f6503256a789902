import type { MetricSeries, MetricSeriesQuery } from '../topology/metric-series.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { TopologyListing, TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';

/**
 * Where topology plans and metrics come from: a live Heron Tracker or Storm UI, an offline snapshot directory,
 * Prometheus or Graphite. Every source answers series in augur's DSPS-neutral vocabulary
 * (src/topology/metric-series.ts: names, units, one-minute buckets), converting its DSPS's own once.
 * Implementations throw AppError codes (`TOPOLOGY_NOT_FOUND` permanent, `METRICS_UNAVAILABLE` transient…)
 * so jobs know whether to retry.
 */
export interface MetricsSource {
  /** Short name shown in results and `/ready`, e.g. `tracker` or `snapshot`. */
  readonly kind: string;
  listTopologies(): Promise<TopologyListing[]>;
  getStructure(ref: TopologyRef): Promise<TopologyStructure>;
  getMetricSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries>;
  /**
   * The running topology's packing plan (containers, instances and their resources), or undefined when the
   * source has none (a Heron Tracker without packing plans, a snapshot captured without one). Optional: a
   * source that cannot answer plans leaves it out, and models then have no container capacities.
   */
  getPackingPlan?(ref: TopologyRef): Promise<PackingPlan | undefined>;
  /**
   * The end of the metrics window for a request made at `requestedAtSec` (Unix seconds, whole minute):
   * a live source returns it unchanged; a snapshot returns the moment it was captured.
   */
  windowEndSec(requestedAtSec: number): number;
  /** Resolves when the source answers; throws otherwise (used by `/ready`). */
  ping(): Promise<void>;
  close?(): Promise<void>;
}

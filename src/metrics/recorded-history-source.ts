import { RECORDED_METRIC_FAMILY } from '../recorder/history-recorder.js';
import type { HistoryStore } from '../recorder/history-store.js';
import {
  type MetricSeries,
  type MetricSeriesQuery,
  type SeriesPoints,
  splitMetricName,
} from '../topology/metric-series.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { TopologyListing, TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { MetricsSource } from './metrics-source.js';

/**
 * A live source with the recorder's history behind it: structure, packing plans and topologies come from the
 * live source; spout emit counts (`emitted/<stream>`) are the recorded points merged with the live ones,
 * so a window longer than the Tracker's 3 hours, or than the Storm UI's one point, is served from Redis (read
 * under the ref's DSPS, so Heron and Storm histories never mix). Where both have a minute, the live value wins
 * (it is the freshest reading of that bucket). Other metrics come from the live source only.
 */
export class RecordedHistorySource implements MetricsSource {
  readonly kind: string;

  constructor(
    private readonly live: MetricsSource,
    private readonly store: HistoryStore,
  ) {
    this.kind = `${live.kind}+recorded`;
  }

  listTopologies(): Promise<TopologyListing[]> {
    return this.live.listTopologies();
  }

  getStructure(ref: TopologyRef): Promise<TopologyStructure> {
    return this.live.getStructure(ref);
  }

  /** The live source's plan; undefined when it has none (as a source without `getPackingPlan`). */
  async getPackingPlan(ref: TopologyRef): Promise<PackingPlan | undefined> {
    return this.live.getPackingPlan ? this.live.getPackingPlan(ref) : undefined;
  }

  async getMetricSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    const recordedMetrics = query.metrics.filter((m) => splitMetricName(m).family === RECORDED_METRIC_FAMILY);
    const [live, recorded] = await Promise.all([
      this.live.getMetricSeries(ref, query),
      this.store.read(ref, query.component, recordedMetrics, query.instances, query.startSec, query.endSec),
    ]);
    const out: MetricSeries = { ...live };
    for (const metric of recordedMetrics) {
      const merged: Record<string, SeriesPoints> = { ...(live[metric] ?? {}) };
      for (const [instance, points] of Object.entries(recorded[metric] ?? {})) {
        merged[instance] = mergePoints(points, merged[instance] ?? []);
      }
      out[metric] = merged;
    }
    return out;
  }

  windowEndSec(requestedAtSec: number): number {
    return this.live.windowEndSec(requestedAtSec);
  }

  ping(): Promise<void> {
    return this.live.ping();
  }

  async close(): Promise<void> {
    await this.live.close?.();
  }
}

/** Ascending union by timestamp; `preferred`'s value wins on the same timestamp. */
export function mergePoints(other: SeriesPoints, preferred: SeriesPoints): SeriesPoints {
  const byTs = new Map<number, number>();
  for (const [ts, value] of other) byTs.set(ts, value);
  for (const [ts, value] of preferred) byTs.set(ts, value);
  return [...byTs.entries()].sort((a, b) => a[0] - b[0]);
}

import { readAsHeron } from '../dsps/heron/metric-names.js';
import type { MetricSeries, MetricSeriesQuery } from '../topology/metric-series.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { TopologyListing, TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { MetricsSource } from './metrics-source.js';

/**
 * A metrics store that has series only (Prometheus, Graphite): topologies, structure and the running plan
 * come from another source (a Tracker, a Storm UI, a snapshot), series from the store; its window ends when
 * the request was made. The stores hold what Heron's metrics sinks export, under Heron's names (the
 * configured queries and targets are keyed by Heron's metric families, `__emit-count`): subclasses read
 * those ({@link readHeronSeries}) and this class turns them into augur's names and units.
 */
export abstract class SeriesOnlySource implements MetricsSource {
  abstract readonly kind: string;

  constructor(protected readonly structure: MetricsSource) {}

  listTopologies(): Promise<TopologyListing[]> {
    return this.structure.listTopologies();
  }

  getStructure(ref: TopologyRef): Promise<TopologyStructure> {
    return this.structure.getStructure(ref);
  }

  /** The structure source's plan: container capacities do not come from a series store. */
  async getPackingPlan(ref: TopologyRef): Promise<PackingPlan | undefined> {
    return this.structure.getPackingPlan?.(ref);
  }

  windowEndSec(requestedAtSec: number): number {
    return requestedAtSec;
  }

  getMetricSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    return readAsHeron(query, (heron) => this.readHeronSeries(ref, heron));
  }

  /** The store's series of a query in Heron's metric names and units. */
  protected abstract readHeronSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries>;
  abstract ping(): Promise<void>;
}

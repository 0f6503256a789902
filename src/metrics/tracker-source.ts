import { assertHeronRef, toTrackerCoordinates } from '../dsps/heron/heron-ref.js';
import { buildHeronStructure } from '../dsps/heron/heron-structure.js';
import { readAsHeron } from '../dsps/heron/metric-names.js';
import { selectMetricSeries } from '../dsps/heron/metrics-timeline.js';
import { packingPlanFromHeron } from '../dsps/heron/packing-plan-codec.js';
import { HeronTrackerClient, type HeronTrackerClientOptions } from '../dsps/heron/tracker-client.js';
import { isAppError } from '../errors.js';
import type { MetricSeries, MetricSeriesQuery } from '../topology/metric-series.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { TopologyListing, TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { MetricsSource } from './metrics-source.js';

/** Metrics and plans from a live Heron Tracker. */
export class TrackerMetricsSource implements MetricsSource {
  readonly kind = 'tracker';
  readonly client: HeronTrackerClient;

  /** Takes a client, or the options to make one. */
  constructor(client: HeronTrackerClient | HeronTrackerClientOptions) {
    this.client = client instanceof HeronTrackerClient ? client : new HeronTrackerClient(client);
  }

  listTopologies(): Promise<TopologyListing[]> {
    return this.client.getTopologies();
  }

  /**
   * Logical + physical plan; the packing plan only for the topology id, so a Tracker without one (Heron
   * < 0.17, or a plan not yet written) still gives a structure, without `id`.
   */
  async getStructure(ref: TopologyRef): Promise<TopologyStructure> {
    assertHeronRef(ref);
    const coords = toTrackerCoordinates(ref);
    const [logicalPlan, physicalPlan, packingPlan] = await Promise.all([
      this.client.getLogicalPlan(coords),
      this.client.getPhysicalPlan(coords),
      this.client.getPackingPlan(coords).catch((err: unknown) => {
        if (isAppError(err) && err.code === 'METRICS_BAD_RESPONSE') return undefined;
        throw err;
      }),
    ]);
    return buildHeronStructure({
      name: ref.topology,
      ...(packingPlan?.id ? { id: packingPlan.id } : {}),
      logicalPlan,
      physicalPlan,
    });
  }

  /**
   * The Tracker's `/topologies/packingplan` answer (every envelope style, via `parsePackingPlan`), DSPS-neutral;
   * undefined when the Tracker has none (Heron < 0.17, a plan not yet written: `METRICS_BAD_RESPONSE`).
   */
  async getPackingPlan(ref: TopologyRef): Promise<PackingPlan | undefined> {
    assertHeronRef(ref);
    const plan = await this.client.getPackingPlan(toTrackerCoordinates(ref)).catch((err: unknown) => {
      if (isAppError(err) && err.code === 'METRICS_BAD_RESPONSE') return undefined;
      throw err;
    });
    return plan ? packingPlanFromHeron(plan) : undefined;
  }

  /** The Tracker's metrics timeline, asked in Heron's names and answered in augur's (ns → ms). */
  async getMetricSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    assertHeronRef(ref);
    return readAsHeron(query, async (heron) => {
      if (heron.metrics.length === 0 || heron.endSec <= heron.startSec) return selectMetricSeries({}, heron);
      const timeline = await this.client.getMetricsTimeline(toTrackerCoordinates(ref), {
        component: heron.component,
        metrics: heron.metrics,
        ...(heron.instances ? { instances: heron.instances } : {}),
        startSec: heron.startSec,
        endSec: heron.endSec,
      });
      return selectMetricSeries(timeline.timeline, heron);
    });
  }

  /** A live source's window ends when the request was made. */
  windowEndSec(requestedAtSec: number): number {
    return requestedAtSec;
  }

  async ping(): Promise<void> {
    await this.client.fetchTopologiesRaw();
  }
}

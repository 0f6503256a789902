import { stormComponentMetrics } from '../dsps/storm/component-metrics.js';
import type { StormComponentPage } from '../dsps/storm/component-page.js';
import { stormPackingPlan } from '../dsps/storm/storm-packing-plan.js';
import { assertStormRef } from '../dsps/storm/storm-ref.js';
import { buildStormStructure, isStormSystemName } from '../dsps/storm/storm-structure.js';
import { StormUiClient, type StormUiClientOptions } from '../dsps/storm/storm-ui-client.js';
import type { StormTopologyPage } from '../dsps/storm/topology-page.js';
import { AppError, isAppError } from '../errors.js';
import type { MetricSeries, MetricSeriesQuery } from '../topology/metric-series.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { TopologyListing, TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { MetricsSource } from './metrics-source.js';

export interface StormUiMetricsSourceOptions extends StormUiClientOptions {
  /** The cluster augur names this Storm cluster by (Storm has none). @defaultValue 'storm' */
  cluster?: string;
  /** The environ augur names it by. @defaultValue 'default' */
  environ?: string;
  /** Unix seconds now (tests). @defaultValue () => Date.now() / 1000 */
  nowSec?: () => number;
}

/**
 * Plans and metrics from a live Storm UI. A topology is named by its Storm name or id; the ref's cluster and
 * environ must be this source's (`cluster`, `environ` options).
 *
 * The UI gives windowed aggregates, not series: {@link getMetricSeries} answers ONE point per instance and
 * metric, the aggregate over the UI's last `windowSec` converted to Heron's units (counts per minute,
 * latencies ns; see `stormComponentMetrics`), stamped at the last whole minute of the query window. A query
 * window that ended before the UI's window began gets no points: the UI cannot look back. History comes from
 * the recorder sampling this source every minute.
 */
export class StormUiMetricsSource implements MetricsSource {
  readonly kind = 'storm-ui';
  readonly client: StormUiClient;
  readonly cluster: string;
  readonly environ: string;
  private readonly nowSec: () => number;

  constructor(
    client: StormUiClient | StormUiMetricsSourceOptions,
    options: Omit<StormUiMetricsSourceOptions, 'url'> = {},
  ) {
    const all = client instanceof StormUiClient ? options : { ...client, ...options };
    this.client = client instanceof StormUiClient ? client : new StormUiClient(client);
    this.cluster = all.cluster ?? 'storm';
    this.environ = all.environ ?? 'default';
    this.nowSec = all.nowSec ?? (() => Date.now() / 1000);
  }

  async listTopologies(): Promise<TopologyListing[]> {
    const topologies = await this.client.getTopologySummary();
    return topologies.map((t) => ({ cluster: this.cluster, environ: this.environ, name: t.name }));
  }

  async getStructure(ref: TopologyRef): Promise<TopologyStructure> {
    return (await this.load(ref)).structure;
  }

  /**
   * The running topology's worker-slot assignment (`stormPackingPlan`): each slot of the topology page a
   * container `<supervisor id>:<port>` with the worker's assigned cpu and memory; undefined when the UI lists
   * no workers (Storm before 1.2).
   */
  async getPackingPlan(ref: TopologyRef): Promise<PackingPlan | undefined> {
    const { topologyPage, structure } = await this.load(ref);
    return stormPackingPlan(topologyPage, structure);
  }

  /** The topology page and the structure built from it and the component pages, read once. */
  private async load(
    ref: TopologyRef,
  ): Promise<{ topologyPage: StormTopologyPage; structure: TopologyStructure }> {
    const topologyId = await this.resolve(ref);
    const topologyPage = await this.client.getTopologyPage(topologyId);
    const names = [...topologyPage.spouts, ...topologyPage.bolts]
      .map((c) => c.id)
      .filter((name) => !isStormSystemName(name));
    const [pages, visualization] = await Promise.all([
      Promise.all(names.map((name) => this.client.getComponentPage(topologyId, name))),
      this.client.getVisualization(topologyId).catch((err: unknown): undefined => {
        // Older UIs have no visualization route, or answer it in another shape: groupings are then unknown.
        if (isAppError(err) && (err.code === 'TOPOLOGY_NOT_FOUND' || err.code === 'METRICS_BAD_RESPONSE'))
          return undefined;
        throw err;
      }),
    ]);
    const componentPages: Record<string, StormComponentPage> = {};
    for (const page of pages) componentPages[page.id] = page;
    const structure = buildStormStructure({
      topologyPage,
      componentPages,
      ...(visualization ? { visualization } : {}),
    });
    return { topologyPage, structure };
  }

  async getMetricSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    const out: MetricSeries = {};
    for (const metric of query.metrics) out[metric] = {};
    if (query.metrics.length === 0 || query.endSec <= query.startSec) return out;
    const topologyId = await this.resolve(ref);
    if (query.endSec <= this.nowSec() - this.client.windowSec) return out;
    const page = await this.client.getComponentPage(topologyId, query.component);
    const values = stormComponentMetrics(page, this.client.windowSec);
    const stampSec = Math.max(query.startSec, Math.floor((query.endSec - 1) / 60) * 60);
    const wanted = query.instances ? new Set(query.instances) : undefined;
    for (const metric of query.metrics) {
      for (const [instance, value] of Object.entries(values[metric] ?? {})) {
        if (wanted && !wanted.has(instance)) continue;
        (out[metric] as Record<string, Array<[number, number]>>)[instance] = [[stampSec, value]];
      }
    }
    return out;
  }

  /** A live source's window ends when the request was made. */
  windowEndSec(requestedAtSec: number): number {
    return requestedAtSec;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  /** The Storm topology id of a ref naming a topology by name or id. */
  private async resolve(ref: TopologyRef): Promise<string> {
    assertStormRef(ref);
    if (ref.cluster !== this.cluster || ref.environ !== this.environ) {
      throw new AppError(
        'TOPOLOGY_NOT_FOUND',
        `This Storm UI serves cluster ${this.cluster}, environ ${this.environ}; not ${ref.cluster}/${ref.environ}`,
        { details: { cluster: ref.cluster, environ: ref.environ } },
      );
    }
    return (await this.client.findTopology(ref.topology)).id;
  }
}

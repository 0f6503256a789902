import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertHeronRef, toTrackerCoordinates } from '../dsps/heron/heron-ref.js';
import { buildHeronStructure } from '../dsps/heron/heron-structure.js';
import { parseLogicalPlan } from '../dsps/heron/logical-plan.js';
import { readAsHeron } from '../dsps/heron/metric-names.js';
import { parseMetricsTimeline, selectMetricSeries } from '../dsps/heron/metrics-timeline.js';
import { parsePackingPlan } from '../dsps/heron/packing-plan.js';
import { packingPlanFromHeron } from '../dsps/heron/packing-plan-codec.js';
import { parsePhysicalPlan } from '../dsps/heron/physical-plan.js';
import {
  findSnapshotEntry,
  MANIFEST_FILE,
  metricsFile,
  planFile,
  type SnapshotManifest,
  type SnapshotTopologyEntry,
  snapshotManifestSchema,
} from '../dsps/heron/snapshot-layout.js';
import { parseTrackerJson } from '../dsps/heron/tracker-envelope.js';
import { AppError, isAppError } from '../errors.js';
import type { MetricSeries, MetricSeriesQuery } from '../topology/metric-series.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { TopologyListing, TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { MetricsSource } from './metrics-source.js';
import { readManifestFile, snapshotInvalid } from './snapshot-files.js';

/**
 * Serves a snapshot directory written by `writeSnapshot` (or the example generator): the raw Tracker answers
 * it holds go through the live client's parsers. Its metrics window ends when the snapshot was captured.
 *
 * Nothing is read at construction; the manifest is read (synchronously, since `windowEndSec` is synchronous)
 * and cached on first use, and each file once. An unreadable directory or file is `SNAPSHOT_INVALID` with its
 * path; a topology the manifest does not list is `TOPOLOGY_NOT_FOUND`.
 */
export class SnapshotMetricsSource implements MetricsSource {
  readonly kind = 'snapshot';
  /** Absolute path of the snapshot directory. */
  readonly dir: string;
  private manifest?: SnapshotManifest;
  private readonly files = new Map<string, Promise<unknown>>();

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** The validated manifest. @throws AppError `SNAPSHOT_INVALID` */
  getManifest(): SnapshotManifest {
    if (this.manifest) return this.manifest;
    this.manifest = readManifestFile(
      join(this.dir, MANIFEST_FILE),
      snapshotManifestSchema,
      'a snapshot manifest',
    );
    return this.manifest;
  }

  async listTopologies(): Promise<TopologyListing[]> {
    return this.getManifest()
      .topologies.map((t) => ({
        cluster: t.cluster,
        environ: t.environ,
        ...(t.role ? { role: t.role } : {}),
        name: t.topology,
      }))
      .sort((a, b) =>
        `${a.cluster}/${a.environ}/${a.name}`.localeCompare(`${b.cluster}/${b.environ}/${b.name}`),
      );
  }

  async getStructure(ref: TopologyRef): Promise<TopologyStructure> {
    const entry = this.entryFor(ref);
    const [logicalPlan, physicalPlan, packingPlan] = await Promise.all([
      this.read(planFile(this.dir, entry, 'logicalplan'), parseLogicalPlan),
      this.read(planFile(this.dir, entry, 'physicalplan'), parsePhysicalPlan),
      entry.hasPackingPlan
        ? this.read(planFile(this.dir, entry, 'packingplan'), parsePackingPlan)
        : undefined,
    ]);
    return buildHeronStructure({
      name: entry.topology,
      ...(packingPlan?.id ? { id: packingPlan.id } : {}),
      logicalPlan,
      physicalPlan,
    });
  }

  /** The snapshot's packing plan (read with the live client's parser); undefined when it holds none. */
  async getPackingPlan(ref: TopologyRef): Promise<PackingPlan | undefined> {
    const entry = this.entryFor(ref);
    if (!entry.hasPackingPlan) return undefined;
    return packingPlanFromHeron(await this.read(planFile(this.dir, entry, 'packingplan'), parsePackingPlan));
  }

  /** The stored Tracker timelines, read in Heron's names and answered in augur's (ns → ms). */
  async getMetricSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    const entry = this.entryFor(ref);
    return readAsHeron(query, async (heron) => {
      // Like the Tracker, a component it has no metrics for answers with empty series.
      if (!entry.components.includes(heron.component)) return selectMetricSeries({}, heron);
      const timeline = await this.read(metricsFile(this.dir, entry, heron.component), parseMetricsTimeline);
      return selectMetricSeries(timeline.timeline, heron);
    });
  }

  /** The snapshot's capture time, whatever time the request was made. */
  windowEndSec(_requestedAtSec: number): number {
    return this.getManifest().capturedAtSec;
  }

  async ping(): Promise<void> {
    const manifest = this.getManifest();
    for (const entry of manifest.topologies) {
      const path = planFile(this.dir, entry, 'physicalplan');
      await stat(path).catch((err: unknown) => {
        throw snapshotInvalid(path, 'is missing', err);
      });
    }
  }

  private entryFor(ref: TopologyRef): SnapshotTopologyEntry {
    assertHeronRef(ref);
    const entry = findSnapshotEntry(this.getManifest(), toTrackerCoordinates(ref));
    if (!entry) {
      throw new AppError('TOPOLOGY_NOT_FOUND', 'The snapshot does not hold this topology', {
        details: { cluster: ref.cluster, environ: ref.environ, topology: ref.topology },
      });
    }
    return entry;
  }

  /** Reads, parses (with the live client's parsers) and caches one file. */
  private read<T>(path: string, parse: (body: unknown) => T): Promise<T> {
    const cached = this.files.get(path) as Promise<T> | undefined;
    if (cached) return cached;
    const loading = (async () => {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        throw snapshotInvalid(path, 'cannot be read', err);
      }
      try {
        return parse(parseTrackerJson(text, path));
      } catch (err) {
        const reason = isAppError(err) ? err.message : 'cannot be parsed';
        throw snapshotInvalid(path, `holds an answer augur cannot use: ${reason}`, err);
      }
    })();
    this.files.set(path, loading);
    loading.catch(() => this.files.delete(path));
    return loading;
  }
}

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { assertStormRef } from '../dsps/storm/storm-ref.js';
import { StormUiClient } from '../dsps/storm/storm-ui-client.js';
import { isAppError } from '../errors.js';
import type { MetricSeries, MetricSeriesQuery, SeriesPoints } from '../topology/metric-series.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { TopologyListing, TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import { directoryFetch, directoryFilePath } from './directory-fetch.js';
import type { MetricsSource } from './metrics-source.js';
import { mergePoints } from './recorded-history-source.js';
import { readManifestFile, snapshotInvalid } from './snapshot-files.js';
import { StormUiMetricsSource } from './storm-ui-source.js';

/**
 * A Storm snapshot directory: the Storm UI's answers stored under the URL path they answer, plus what the
 * history recorder had of the spouts' emit counts.
 *
 * ```
 * DIR/manifest.json                                         what, when, which topologies (below)
 * DIR/history.json                                          recorded series (a topology's `history`)
 * DIR/api/v1/topology/summary.json                          GET /api/v1/topology/summary
 * DIR/api/v1/topology/<id>.json                             GET /api/v1/topology/<id>?window=<windowSec>
 * DIR/api/v1/topology/<id>/component/<component>.json       GET …/component/<component>?window=<windowSec>
 * DIR/api/v1/topology/<id>/visualization.json               GET …/visualization (optional, as in Storm < 1.0)
 * ```
 */
export const STORM_SNAPSHOT_FORMAT_VERSION = 1;
export const STORM_MANIFEST_FILE = 'manifest.json';

/** A path relative to the snapshot directory, made of plain segments (no `.`, `..`, `\`, NUL). */
const relativeFile = z
  .string()
  .min(1)
  .refine((p) => p.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !/[\\\0]/.test(s)), {
    message: 'must be a relative path inside the snapshot directory',
  });

const stormSnapshotTopologySchema = z.object({
  /** Storm's topology id, e.g. `storm-word-count-1-1793600000`. */
  id: z.string().min(1),
  name: z.string().min(1),
  /**
   * The recorder's spout emit counts for this topology, relative to the directory (`history.json`), in
   * augur's {@link MetricSeries} form: metric → instance id (`<component>:[start-end]`) → `[sec, value]`.
   */
  history: relativeFile.optional(),
});

export const stormSnapshotManifestSchema = z.object({
  formatVersion: z.literal(STORM_SNAPSHOT_FORMAT_VERSION),
  dsps: z.literal('storm'),
  /** True when the data was generated, not captured. */
  synthetic: z.boolean().optional(),
  /** What wrote the directory. */
  generator: z.string().optional(),
  /** When the UI answers were taken, Unix s (a whole minute): the end of every metrics window. */
  capturedAtSec: z.number().int(),
  /** Start of the recorded history, Unix s. */
  startSec: z.number().int(),
  /** The stats window the UI pages were asked for (`?window=`), s. */
  windowSec: z.number().int().positive(),
  /** The cluster and environ augur names this Storm cluster by (Storm has neither). */
  cluster: z.string().min(1),
  environ: z.string().min(1),
  topologies: z.array(stormSnapshotTopologySchema),
});

export type StormSnapshotManifest = z.infer<typeof stormSnapshotManifestSchema>;
export type StormSnapshotTopology = z.infer<typeof stormSnapshotTopologySchema>;

const historySchema = z.record(
  z.string(),
  z.record(z.string(), z.array(z.tuple([z.number().int(), z.number().finite()]))),
);

/** The host the stored answers are asked of: never contacted, the fetch reads the directory. */
const SNAPSHOT_ORIGIN = 'http://storm-snapshot.invalid';

/**
 * Serves a Storm snapshot directory (see {@link STORM_SNAPSHOT_FORMAT_VERSION} for the layout): the stored
 * Storm UI answers go through the live `StormUiClient` and its parsers, read by a `fetch` that serves the
 * directory ({@link directoryFetch}), behind a {@link StormUiMetricsSource} whose clock stands at the
 * capture time. So structure, packing plan and each metric's one window-aggregate point are exactly what the
 * live source would have answered at `capturedAtSec`.
 *
 * Metric series add the recorded history (`history.json`) for the metrics it holds (the spouts'
 * `emitted/<stream>`), over `[startSec, endSec)`. Where the recording and the UI share a minute, the
 * recorded value wins: the UI's point is the mean of its whole window (10 minutes) stamped at the capture
 * minute, not that minute's count, so preferring it would flatten the last minute of every series (unlike
 * `RecordedHistorySource`, where the live reading is the freshest of that bucket, nothing here is fresher
 * than the recording).
 *
 * Nothing is read at construction; the manifest is read (synchronously, since `windowEndSec` is synchronous)
 * and cached on first use. An unreadable directory, manifest, history or stored answer is `SNAPSHOT_INVALID`
 * with its path; a topology the summary does not list is `TOPOLOGY_NOT_FOUND`.
 */
export class StormSnapshotSource implements MetricsSource {
  readonly kind = 'storm-snapshot';
  /** Absolute path of the snapshot directory. */
  readonly dir: string;
  private manifest?: StormSnapshotManifest;
  private wrapped?: MetricsSource;
  private readonly histories = new Map<string, Promise<MetricSeries>>();

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** The validated manifest. @throws AppError `SNAPSHOT_INVALID` */
  getManifest(): StormSnapshotManifest {
    if (this.manifest) return this.manifest;
    this.manifest = readManifestFile(
      join(this.dir, STORM_MANIFEST_FILE),
      stormSnapshotManifestSchema,
      'a Storm snapshot manifest',
    );
    return this.manifest;
  }

  async listTopologies(): Promise<TopologyListing[]> {
    return this.guard(() => this.ui().listTopologies());
  }

  async getStructure(ref: TopologyRef): Promise<TopologyStructure> {
    return this.guard(() => this.ui().getStructure(ref));
  }

  /** The worker-slot assignment of the stored topology page; undefined when the wrapped source has none. */
  async getPackingPlan(ref: TopologyRef): Promise<PackingPlan | undefined> {
    return this.guard(async () => this.ui().getPackingPlan?.(ref));
  }

  async getMetricSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    const fromUi = await this.guard(() => this.ui().getMetricSeries(ref, query));
    const history = await this.historyOf(ref);
    if (!history) return fromUi;
    const wanted = query.instances ? new Set(query.instances) : undefined;
    const ofComponent = `${query.component}:[`;
    const out: MetricSeries = { ...fromUi };
    for (const metric of query.metrics) {
      const recorded = history[metric];
      if (!recorded) continue;
      const merged: Record<string, SeriesPoints> = { ...(fromUi[metric] ?? {}) };
      for (const [instance, points] of Object.entries(recorded)) {
        if (wanted ? !wanted.has(instance) : !instance.startsWith(ofComponent)) continue;
        const inWindow = points.filter(([t]) => t >= query.startSec && t < query.endSec);
        if (inWindow.length === 0 && !merged[instance]) continue;
        merged[instance] = mergePoints(merged[instance] ?? [], inWindow);
      }
      out[metric] = merged;
    }
    return out;
  }

  /** The snapshot's capture time, whatever time the request was made. */
  windowEndSec(_requestedAtSec: number): number {
    return this.getManifest().capturedAtSec;
  }

  /** Resolves when the manifest and the stored topology summary read. */
  async ping(): Promise<void> {
    this.getManifest();
    await this.guard(() => this.ui().ping());
  }

  /** The Storm UI source over the directory, built from the manifest on first use. */
  private ui(): MetricsSource {
    if (this.wrapped) return this.wrapped;
    const manifest = this.getManifest();
    const client = new StormUiClient({
      url: SNAPSHOT_ORIGIN,
      windowSec: manifest.windowSec,
      retries: 0,
      fetch: directoryFetch(this.dir),
    });
    this.wrapped = new StormUiMetricsSource(client, {
      cluster: manifest.cluster,
      environ: manifest.environ,
      nowSec: () => manifest.capturedAtSec,
    });
    return this.wrapped;
  }

  /** The recorded series of the manifest's topology named (by name or id) by `ref`, read once; or undefined. */
  private historyOf(ref: TopologyRef): Promise<MetricSeries | undefined> {
    assertStormRef(ref);
    const manifest = this.getManifest();
    const entry =
      manifest.topologies.find((t) => t.id === ref.topology) ??
      manifest.topologies.find((t) => t.name === ref.topology);
    if (!entry?.history || ref.cluster !== manifest.cluster || ref.environ !== manifest.environ) {
      return Promise.resolve(undefined);
    }
    const path = join(this.dir, ...entry.history.split('/'));
    const cached = this.histories.get(path);
    if (cached) return cached;
    const loading = (async () => {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        throw snapshotInvalid(path, 'cannot be read', err);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw snapshotInvalid(path, 'is not JSON', err);
      }
      const parsed = historySchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw snapshotInvalid(
          path,
          `is not a metric series file (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})`,
        );
      }
      for (const byInstance of Object.values(parsed.data)) {
        for (const points of Object.values(byInstance)) points.sort((a, b) => a[0] - b[0]);
      }
      return parsed.data as MetricSeries;
    })();
    this.histories.set(path, loading);
    loading.catch(() => this.histories.delete(path));
    return loading;
  }

  /**
   * Runs a call of the wrapped source, turning what would be a broken server for a live UI into a broken
   * snapshot: a stored answer that is missing (404 on a path the summary led to), unreadable or not the UI's
   * format is `SNAPSHOT_INVALID` naming its file. An unknown topology stays `TOPOLOGY_NOT_FOUND`.
   */
  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!isAppError(err)) throw err;
      const endpoint = typeof err.details?.endpoint === 'string' ? err.details.endpoint : undefined;
      // The client reports a 404 on a topology path as an unknown topology; but it asks for a topology's
      // pages only after finding it in the stored summary, so here a 404 is a file the directory lacks.
      const missingFile = endpoint !== undefined && err.details?.httpStatus === 404;
      const broken = err.code === 'METRICS_BAD_RESPONSE' || err.code === 'METRICS_UNAVAILABLE';
      if (!broken && !missingFile) throw err;
      const target = endpoint && !endpoint.includes('{') ? directoryFilePath(this.dir, endpoint) : undefined;
      const path = target?.ok ? target.file : this.dir;
      const problem = missingFile ? 'is missing' : `holds an answer augur cannot use: ${err.message}`;
      throw snapshotInvalid(path, problem, err);
    }
  }
}

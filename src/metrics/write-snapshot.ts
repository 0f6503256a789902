import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { buildHeronStructure } from '../dsps/heron/heron-structure.js';
import { parseLogicalPlan } from '../dsps/heron/logical-plan.js';
import { heronComponentMetricNames } from '../dsps/heron/metric-names.js';
import { parseMetricsTimeline } from '../dsps/heron/metrics-timeline.js';
import { parsePackingPlan } from '../dsps/heron/packing-plan.js';
import { parsePhysicalPlan } from '../dsps/heron/physical-plan.js';
import {
  MANIFEST_FILE,
  metricsFile,
  planFile,
  SNAPSHOT_FORMAT_VERSION,
  type SnapshotManifest,
  type SnapshotTopologyEntry,
  snapshotManifestSchema,
  TOPOLOGIES_FILE,
  topologyDir,
} from '../dsps/heron/snapshot-layout.js';
import { parseTopologies } from '../dsps/heron/topologies-response.js';
import {
  HeronTrackerClient,
  type HeronTrackerClientOptions,
  type TrackerCoordinates,
} from '../dsps/heron/tracker-client.js';
import { AppError, isAppError } from '../errors.js';

/** The Tracker's TManager keeps three hours of per-minute metrics. */
export const MAX_SNAPSHOT_HOURS = 3;

export interface WriteSnapshotOptions {
  /** Base URL of the Heron Tracker. */
  trackerUrl: string;
  cluster: string;
  environ: string;
  /** Heron role; when absent, taken from the Tracker's `/topologies` listing. */
  role?: string;
  topology: string;
  /** Snapshot directory; created if missing. May already hold other topologies. */
  outDir: string;
  /** Hours of metrics up to the capture time, in (0, 3]. @defaultValue 3 */
  sourceHours?: number;
  /** End of the window, Unix s, rounded down to a whole minute. @defaultValue the current minute */
  endSec?: number;
  /** A client to use, or options for the one made from `trackerUrl` (timeouts, retries, route, fetch). */
  client?: HeronTrackerClient | Omit<HeronTrackerClientOptions, 'url'>;
}

export interface WriteSnapshotResult {
  /** Absolute snapshot directory. */
  dir: string;
  manifest: SnapshotManifest;
  /** Every file written, absolute. */
  files: string[];
}

/**
 * Saves every Tracker answer augur's models need for one topology, as received, into a snapshot directory
 * that `SnapshotMetricsSource` serves: `/topologies`, the logical, physical and (when the Tracker has one)
 * packing plan, and one metrics timeline per component with all of its metrics
 * (`heronComponentMetricNames`) over `[endSec − sourceHours, endSec)`. The manifest is written last, so a
 * failed capture leaves the previous manifest in force; an existing manifest keeps its other topologies,
 * and its `capturedAtSec` / `startSec` become this capture's.
 *
 * @throws AppError `BAD_REQUEST` (window, names), `TOPOLOGY_NOT_FOUND`, `METRICS_UNAVAILABLE`, `METRICS_BAD_RESPONSE`
 */
export async function writeSnapshot(options: WriteSnapshotOptions): Promise<WriteSnapshotResult> {
  const sourceHours = options.sourceHours ?? MAX_SNAPSHOT_HOURS;
  if (!(sourceHours > 0 && sourceHours <= MAX_SNAPSHOT_HOURS)) {
    throw new AppError(
      'BAD_REQUEST',
      `sourceHours must be in (0, ${MAX_SNAPSHOT_HOURS}]: the Tracker keeps 3 hours`,
      {
        details: { field: 'sourceHours', value: sourceHours },
      },
    );
  }
  const dir = resolve(options.outDir);
  const endSec = Math.floor((options.endSec ?? Date.now() / 1000) / 60) * 60;
  const startSec = endSec - Math.round(sourceHours * 3600);
  const client =
    options.client instanceof HeronTrackerClient
      ? options.client
      : new HeronTrackerClient({ ...options.client, url: options.trackerUrl });
  topologyDir(dir, options); // rejects names that cannot be path segments before any request

  const topologies = await client.fetchTopologiesRaw();
  const listing = parseTopologies(topologies.body).find(
    (t) =>
      t.cluster === options.cluster &&
      t.environ === options.environ &&
      t.name === options.topology &&
      (!options.role || t.role === options.role),
  );
  const role = options.role ?? listing?.role;
  const coords: TrackerCoordinates = {
    cluster: options.cluster,
    environ: options.environ,
    ...(role ? { role } : {}),
    topology: options.topology,
  };

  const [logical, physical] = await Promise.all([
    client.fetchPlanRaw('logicalplan', coords),
    client.fetchPlanRaw('physicalplan', coords),
  ]);
  const structure = buildHeronStructure({
    name: coords.topology,
    logicalPlan: parseLogicalPlan(logical.body),
    physicalPlan: parsePhysicalPlan(physical.body),
  });
  const packing = await client.fetchPlanRaw('packingplan', coords).then(
    (raw) => {
      parsePackingPlan(raw.body);
      return raw;
    },
    (err: unknown) => {
      // Older Trackers have no packing plan route; the models do without it.
      if (isAppError(err) && err.code === 'METRICS_BAD_RESPONSE') return undefined;
      throw err;
    },
  );

  const components = Object.values(structure.components).sort((a, b) => a.name.localeCompare(b.name));
  const metrics = new Map<string, string>();
  let metricsTimelinePath: string | undefined;
  for (const component of components) {
    const raw = await client.fetchMetricsTimelineRaw(coords, {
      component: component.name,
      metrics: heronComponentMetricNames(component),
      startSec,
      endSec,
    });
    parseMetricsTimeline(raw.body);
    metrics.set(component.name, raw.text);
    metricsTimelinePath = raw.path;
  }

  const files: Array<[string, string]> = [
    [join(dir, TOPOLOGIES_FILE), topologies.text],
    [planFile(dir, coords, 'logicalplan'), logical.text],
    [planFile(dir, coords, 'physicalplan'), physical.text],
    ...(packing ? [[planFile(dir, coords, 'packingplan'), packing.text] as [string, string]] : []),
    ...[...metrics].map(
      ([component, text]) => [metricsFile(dir, coords, component), text] as [string, string],
    ),
  ];
  for (const [path, text] of files) await writeAtomically(path, text);

  const entry: SnapshotTopologyEntry = {
    cluster: coords.cluster,
    environ: coords.environ,
    ...(role ? { role } : {}),
    topology: coords.topology,
    capturedAtSec: endSec,
    startSec,
    hasPackingPlan: packing !== undefined,
    components: [...metrics.keys()],
    ...(metricsTimelinePath ? { metricsTimelinePath } : {}),
  };
  const previous = await readManifestIfAny(join(dir, MANIFEST_FILE));
  const manifest: SnapshotManifest = {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    capturedAtSec: endSec,
    startSec,
    trackerUrl: client.baseUrl,
    generator: 'augur writeSnapshot',
    topologies: [
      ...(previous?.topologies ?? []).filter(
        (t) => !(t.cluster === entry.cluster && t.environ === entry.environ && t.topology === entry.topology),
      ),
      entry,
    ],
  };
  const manifestPath = join(dir, MANIFEST_FILE);
  await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest, files: [...files.map(([path]) => path), manifestPath] };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

async function readManifestIfAny(path: string): Promise<SnapshotManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = snapshotManifestSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new AppError('SNAPSHOT_INVALID', `Snapshot file ${path} exists but is not a snapshot manifest`, {
    details: { path },
  });
}

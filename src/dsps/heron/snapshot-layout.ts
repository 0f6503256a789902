import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { PlanKind, TrackerCoordinates } from './tracker-client.js';

/**
 * The offline snapshot directory: raw Heron Tracker answers, byte for byte, so one set of parsers reads
 * live and offline data.
 *
 * ```
 * DIR/manifest.json                                   what was captured, when, from where
 * DIR/topologies.json                                 GET /topologies
 * DIR/<cluster>/<environ>/<topology>/logicalplan.json GET /topologies/logicalplan
 * DIR/<cluster>/<environ>/<topology>/physicalplan.json
 * DIR/<cluster>/<environ>/<topology>/packingplan.json (when the Tracker has one)
 * DIR/<cluster>/<environ>/<topology>/metrics/<component>.json  GET /topologies/metricstimeline, all metrics
 * ```
 * Component file names are `encodeURIComponent(component)`. A directory may hold several topologies.
 */
export const SNAPSHOT_FORMAT_VERSION = 1;

export const MANIFEST_FILE = 'manifest.json';
export const TOPOLOGIES_FILE = 'topologies.json';

const segment = z
  .string()
  .min(1)
  .refine((s) => isSafeSegment(s), { message: 'must be usable as one path segment' });

const topologyEntrySchema = z.object({
  cluster: segment,
  environ: segment,
  role: z.string().min(1).optional(),
  topology: segment,
  /** Window end of this topology's metrics, Unix s. */
  capturedAtSec: z.number().int(),
  /** Window start, Unix s. */
  startSec: z.number().int(),
  hasPackingPlan: z.boolean(),
  /** Components with a metrics file. */
  components: z.array(z.string().min(1)),
  /** The Tracker route the metrics came from. */
  metricsTimelinePath: z.string().optional(),
});

export const snapshotManifestSchema = z.object({
  formatVersion: z.literal(SNAPSHOT_FORMAT_VERSION),
  /** End of the captured window, Unix s (a whole minute): what a snapshot source's `windowEndSec` returns. */
  capturedAtSec: z.number().int(),
  /** Start of the captured window, Unix s. */
  startSec: z.number().int(),
  /** The Tracker the answers came from (`synthetic:` for generated data). */
  trackerUrl: z.string(),
  /** True when the data was generated, not captured. */
  synthetic: z.boolean().optional(),
  /** What wrote the directory. */
  generator: z.string().optional(),
  topologies: z.array(topologyEntrySchema),
});

export type SnapshotManifest = z.infer<typeof snapshotManifestSchema>;
export type SnapshotTopologyEntry = z.infer<typeof topologyEntrySchema>;

/** True when a name can be a single path segment (no separators, not `.` or `..`). */
export function isSafeSegment(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

type Coords = Pick<TrackerCoordinates, 'cluster' | 'environ' | 'topology'>;

export function topologyDir(root: string, coords: Coords): string {
  for (const part of [coords.cluster, coords.environ, coords.topology]) {
    if (!isSafeSegment(part)) {
      throw new AppError('BAD_REQUEST', `"${part}" cannot name a topology in a snapshot`, {
        details: { name: part },
      });
    }
  }
  return join(root, coords.cluster, coords.environ, coords.topology);
}

export function planFile(root: string, coords: Coords, kind: PlanKind): string {
  return join(topologyDir(root, coords), `${kind}.json`);
}

export function metricsFile(root: string, coords: Coords, component: string): string {
  return join(topologyDir(root, coords), 'metrics', `${encodeURIComponent(component)}.json`);
}

/** The manifest entry for a topology; role must match when both name one. */
export function findSnapshotEntry(
  manifest: SnapshotManifest,
  coords: TrackerCoordinates,
): SnapshotTopologyEntry | undefined {
  return manifest.topologies.find(
    (t) =>
      t.cluster === coords.cluster &&
      t.environ === coords.environ &&
      t.topology === coords.topology &&
      (!coords.role || !t.role || t.role === coords.role),
  );
}

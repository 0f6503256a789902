import { z } from 'zod';
import type { TopologyListing } from '../../topology/topology-ref.js';
import { unwrapTrackerResponse, validateTrackerPayload } from './tracker-envelope.js';

const names = z.array(z.string());

/**
 * `/topologies` nests cluster → role → environ → names in every Tracker since Heron 0.14 (Tornado
 * `TopologiesHandler` and FastAPI `routers/topologies.py` alike, although the Tornado docstring still shows
 * the older cluster → environ → names); the oldest Trackers left the role level out. Both are accepted.
 */
const topologiesSchema = z.record(
  z.string(),
  z.record(z.string(), z.union([names, z.record(z.string(), names)])),
);

// Python writes a None dict key as "null"; FastAPI Trackers use it for topologies without an execution state.
const NO_ROLE = new Set(['null', 'None', '']);

/** Flattens a `/topologies` answer (any style) into listings sorted by cluster, environ, role, name. */
export function parseTopologies(body: unknown): TopologyListing[] {
  const endpoint = '/topologies';
  const payload = validateTrackerPayload(topologiesSchema, unwrapTrackerResponse(body, endpoint), endpoint);
  const listings: TopologyListing[] = [];
  for (const [cluster, byKey] of Object.entries(payload)) {
    for (const [key, value] of Object.entries(byKey)) {
      if (Array.isArray(value)) {
        for (const name of value) listings.push({ cluster, environ: key, name });
        continue;
      }
      const role = NO_ROLE.has(key) ? undefined : key;
      for (const [environ, topologyNames] of Object.entries(value)) {
        for (const name of topologyNames)
          listings.push({ cluster, environ, ...(role ? { role } : {}), name });
      }
    }
  }
  return listings.sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.environ.localeCompare(b.environ) ||
      (a.role ?? '').localeCompare(b.role ?? '') ||
      a.name.localeCompare(b.name),
  );
}

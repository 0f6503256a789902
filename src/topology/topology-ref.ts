/** The stream-processing systems augur models. */
export const DSPS_NAMES = ['heron', 'storm'] as const;
export type Dsps = (typeof DSPS_NAMES)[number];

/** Names a topology the way a metrics source does: Heron's cluster/environ/role/name. */
export interface TopologyRef {
  dsps: Dsps;
  cluster: string;
  environ: string;
  /** Heron role; optional because the Tracker accepts requests without it. */
  role?: string;
  topology: string;
}

/** One topology a metrics source knows of. */
export interface TopologyListing {
  cluster: string;
  environ: string;
  role?: string;
  name: string;
}

/**
 * `dsps:cluster:environ:role:topology`, each part URI-encoded (role empty when absent), so names with `:`
 * cannot collide: the key of a topology in Redis keys and job scheduler ids.
 */
export function topologyRefKey(ref: TopologyRef): string {
  return [ref.dsps, ref.cluster, ref.environ, ref.role ?? '', ref.topology].map(encodeURIComponent).join(':');
}

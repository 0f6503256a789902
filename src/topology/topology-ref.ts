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

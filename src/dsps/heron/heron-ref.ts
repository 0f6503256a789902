import { AppError } from '../../errors.js';
import type { TopologyRef } from '../../topology/topology-ref.js';
import type { TrackerCoordinates } from './tracker-client.js';

/** The Heron metrics sources serve Heron topologies only. */
export function assertHeronRef(ref: TopologyRef): void {
  if (ref.dsps !== 'heron') {
    throw new AppError('DSPS_NOT_SUPPORTED', `This metrics source serves Heron topologies, not ${ref.dsps}`, {
      details: { dsps: ref.dsps },
    });
  }
}

/** The Tracker's coordinates of a topology reference. */
export function toTrackerCoordinates(ref: TopologyRef): TrackerCoordinates {
  return {
    cluster: ref.cluster,
    environ: ref.environ,
    ...(ref.role ? { role: ref.role } : {}),
    topology: ref.topology,
  };
}

import { AppError } from '../../errors.js';
import type { TopologyRef } from '../../topology/topology-ref.js';

/** The Storm metrics sources serve Storm topologies only. */
export function assertStormRef(ref: TopologyRef): void {
  if (ref.dsps !== 'storm') {
    throw new AppError('DSPS_NOT_SUPPORTED', `This metrics source serves Storm topologies, not ${ref.dsps}`, {
      details: { dsps: ref.dsps },
    });
  }
}

import type { ScalingSettingsInput } from '../../models/scaling/scaling-settings.js';
import type { TopologyJobParams } from './topology-params.js';

/**
 * The normalised parameters of a scaling request: what its model id is hashed from and what the job reads.
 * Plain JSON: it travels through Redis.
 */
export interface ScalingJobParams {
  kind: 'scaling';
  /** Traffic to size for: requested spout rates, the measured rates, or the forecast peak (as topology requests). */
  traffic: TopologyJobParams['traffic'];
  forecast?: TopologyJobParams['forecast'];
  /** Offered rate per spout task id, tuples/s; with `traffic: requested`. */
  spout_rates?: Record<string, number>;
  /** Minutes of metrics read for service times, ratios and routing. */
  window_minutes: number;
  /** The scaling settings: the configuration's `scaling` with the request's overrides. */
  settings: ScalingSettingsInput;
  /** Pending tuples per component (for the `backlog` and `formula` planners), tuples. */
  backlog_tuples?: Record<string, number>;
}

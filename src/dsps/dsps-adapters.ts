import type { Dsps } from '../topology/topology-ref.js';
import type { DspsAdapter } from './dsps-adapter.js';
import { heronAdapter } from './heron/heron-adapter.js';
import { stormAdapter } from './storm/storm-adapter.js';

/** One adapter per DSPS augur speaks; the compiler checks every DSPS has one. */
export const DSPS_ADAPTERS: Readonly<Record<Dsps, DspsAdapter>> = {
  heron: heronAdapter,
  storm: stormAdapter,
};

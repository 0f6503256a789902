import type { SeriesPoints } from '../../topology/metric-series.js';
import type { TopologyStructure } from '../../topology/topology-structure.js';

/** What a traffic model sees: the topology and its spouts' per-minute emit counts. */
export interface TrafficInput {
  structure: TopologyStructure;
  /** spout component → stream → instance id → `[minuteStartSec, tuples emitted in that minute]`. */
  spoutEmitCounts: Record<string, Record<string, Record<string, SeriesPoints>>>;
  /** Length of one metric bucket, s (Heron's metrics are per minute). */
  bucketSec: number;
  /** History window asked for, Unix seconds [start, end). */
  window: { startSec: number; endSec: number };
  /** How far ahead the caller wants a prediction, minutes. */
  predictionDurationMin: number;
}

import { BUCKET_SEC, metric, type SeriesPoints } from '../../topology/metric-series.js';
import type { MetricsSnapshot } from '../../topology/metrics-snapshot.js';
import { spoutNames, type TopologyStructure } from '../../topology/topology-structure.js';

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

/** The traffic models' view of a metrics snapshot: each spout stream's per-instance emit counts. */
export function trafficInputOf(snapshot: MetricsSnapshot, predictionDurationMin: number): TrafficInput {
  const structure = snapshot.topology;
  const spoutEmitCounts: TrafficInput['spoutEmitCounts'] = {};
  for (const spout of spoutNames(structure)) {
    const component = structure.components[spout];
    if (!component) continue;
    spoutEmitCounts[spout] = Object.fromEntries(
      component.outputStreams.map((stream) => {
        const byInstance = snapshot.series[metric.emitted(stream)] ?? {};
        return [stream, Object.fromEntries(component.instances.map((id) => [id, byInstance[id] ?? []]))];
      }),
    );
  }
  return {
    structure,
    spoutEmitCounts,
    bucketSec: BUCKET_SEC,
    window: snapshot.window,
    predictionDurationMin,
  };
}

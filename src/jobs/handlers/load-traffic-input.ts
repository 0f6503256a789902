import type { MetricsSource } from '../../metrics/metrics-source.js';
import { readMetricsSnapshot } from '../../metrics/read-metrics-snapshot.js';
import type { TrafficInput } from '../../models/traffic/traffic-input.js';
import { trafficInputOf } from '../../models/traffic/traffic-input.js';
import { metric } from '../../topology/metric-series.js';
import type { TopologyRef } from '../../topology/topology-ref.js';

export interface TrafficWindow {
  startSec: number;
  endSec: number;
}

/** Reads the topology and its spouts' `emitted/<stream>` series for the window: what traffic models see. */
export async function loadTrafficInput(
  source: MetricsSource,
  ref: TopologyRef,
  window: TrafficWindow,
  predictionDurationMin: number,
  onProgress: (fraction: number) => Promise<void>,
): Promise<TrafficInput> {
  const snapshot = await readMetricsSnapshot(source, ref, {
    window,
    metricsOf: (component) => (component.kind === 'spout' ? component.outputStreams.map(metric.emitted) : []),
    packingPlan: false,
    onProgress,
  });
  return trafficInputOf(snapshot, predictionDurationMin);
}

import type { MetricsSource } from '../../metrics/metrics-source.js';
import type { TrafficInput } from '../../models/traffic/traffic-input.js';
import { BUCKET_SEC, metric } from '../../topology/metric-series.js';
import type { TopologyRef } from '../../topology/topology-ref.js';
import { spoutNames } from '../../topology/topology-structure.js';

export interface TrafficWindow {
  startSec: number;
  endSec: number;
}

/** Reads the topology and its spouts' `emitted/<stream>` series for the window from the metrics source. */
export async function loadTrafficInput(
  source: MetricsSource,
  ref: TopologyRef,
  window: TrafficWindow,
  predictionDurationMin: number,
  onProgress: (fraction: number) => Promise<void>,
): Promise<TrafficInput> {
  const structure = await source.getStructure(ref);
  const spouts = spoutNames(structure);
  const spoutEmitCounts: TrafficInput['spoutEmitCounts'] = {};
  for (const [index, spout] of spouts.entries()) {
    const component = structure.components[spout];
    if (!component) continue;
    const series = await source.getMetricSeries(ref, {
      component: spout,
      metrics: component.outputStreams.map(metric.emitted),
      instances: component.instances,
      startSec: window.startSec,
      endSec: window.endSec,
    });
    spoutEmitCounts[spout] = Object.fromEntries(
      component.outputStreams.map((stream) => {
        const byInstance = series[metric.emitted(stream)] ?? {};
        return [stream, Object.fromEntries(component.instances.map((id) => [id, byInstance[id] ?? []]))];
      }),
    );
    await onProgress((index + 1) / spouts.length);
  }
  return { structure, spoutEmitCounts, bucketSec: BUCKET_SEC, window, predictionDurationMin };
}

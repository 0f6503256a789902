import type { MetricsSource } from '../../metrics/metrics-source.js';
import { metric } from '../../topology/metric-series.js';
import type { TopologyRef } from '../../topology/topology-ref.js';
import type { TopologyStructure } from '../../topology/topology-structure.js';

/**
 * Tuples waiting per component now (what the `backlog` and `formula` planners read when a request gives no
 * `backlog`): over each instance's `pending-tuples` points in the last
 * `lookbackSec` before `endSec`, its latest value, summed over the component's instances. Components with no
 * point at all are left out (the planners keep them as they are and say so).
 * @returns component → tuples ≥ 0
 */
export async function measuredBacklog(
  source: MetricsSource,
  ref: TopologyRef,
  structure: TopologyStructure,
  endSec: number,
  lookbackSec = 300,
): Promise<Record<string, number>> {
  const backlog: Record<string, number> = {};
  for (const component of Object.values(structure.components)) {
    const series = await source.getMetricSeries(ref, {
      component: component.name,
      metrics: [metric.pendingTuples],
      instances: component.instances,
      startSec: endSec - lookbackSec,
      endSec,
    });
    const latest = Object.values(series[metric.pendingTuples] ?? {})
      .map((points) => points.at(-1)?.[1])
      .filter((v): v is number => v !== undefined && Number.isFinite(v) && v >= 0);
    if (latest.length > 0) backlog[component.name] = latest.reduce((a, b) => a + b, 0);
  }
  return backlog;
}

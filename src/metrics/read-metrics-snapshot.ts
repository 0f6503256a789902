import { type MetricSeries, metric } from '../topology/metric-series.js';
import type { MetricsSnapshot } from '../topology/metrics-snapshot.js';
import { snapshotOf } from '../topology/snapshot-of.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import type { ComponentSpec } from '../topology/topology-structure.js';
import type { MetricsSource } from './metrics-source.js';

export interface ReadMetricsSnapshotOptions {
  /** `[startSec, endSec)`, Unix s. */
  window: { startSec: number; endSec: number };
  /** The metrics to read of each component (none: the component is not read). */
  metricsOf(component: ComponentSpec): string[];
  /** Read the running packing plan too (container resources). @defaultValue true */
  packingPlan?: boolean;
  /**
   * The DSPS's pseudo-component its transport reports backpressure under (Heron: `__stmgr__`); its
   * `backpressure-initiated-ms` is read too. None: not read.
   */
  backpressureComponent?: string;
  /** Called after each component with the fraction read, 0–1. */
  onProgress?(fraction: number): Promise<void>;
}

/**
 * Reads one topology from a metrics source into a {@link MetricsSnapshot}: its structure, its running packing
 * plan (when the source has one) and every component's series over the window — one query per component.
 */
export async function readMetricsSnapshot(
  source: MetricsSource,
  ref: TopologyRef,
  options: ReadMetricsSnapshotOptions,
): Promise<MetricsSnapshot> {
  const [structure, packingPlan] = await Promise.all([
    source.getStructure(ref),
    options.packingPlan === false ? undefined : source.getPackingPlan?.(ref),
  ]);
  const components = Object.values(structure.components).sort((a, b) => a.name.localeCompare(b.name));
  const series: MetricSeries = {};
  for (const [index, component] of components.entries()) {
    const metrics = options.metricsOf(component);
    if (metrics.length === 0) continue;
    const read = await source.getMetricSeries(ref, {
      component: component.name,
      metrics,
      instances: component.instances,
      startSec: options.window.startSec,
      endSec: options.window.endSec,
    });
    for (const [name, byInstance] of Object.entries(read)) series[name] = { ...series[name], ...byInstance };
    await options.onProgress?.((index + 1) / components.length);
  }
  const backpressureMs = options.backpressureComponent
    ? (
        await source.getMetricSeries(ref, {
          component: options.backpressureComponent,
          metrics: [metric.backpressureMs],
          startSec: options.window.startSec,
          endSec: options.window.endSec,
        })
      )[metric.backpressureMs]
    : undefined;
  return {
    topology: snapshotOf({ dsps: ref.dsps, structure, ...(packingPlan ? { packingPlan } : {}) }),
    ...(packingPlan ? { packingPlan } : {}),
    window: options.window,
    series,
    source: source.kind,
    ...(backpressureMs && Object.keys(backpressureMs).length > 0 ? { backpressureMs } : {}),
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { MetricsSource } from '../../src/metrics/metrics-source.js';
import { modelMetricsOf } from '../../src/models/topology/network-from-snapshot.js';
import { BUCKET_SEC, METRIC_FAMILY, splitMetricName } from '../../src/topology/metric-series.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';

export interface MetricsSourceCase {
  /** A topology the source holds, with metrics in the window. */
  ref: TopologyRef;
  /** The moment a request is made, Unix s (live sources end their window there). */
  requestedAtSec: number;
  /** Minutes of history read. */
  windowMinutes: number;
  /** Metric families the source carries; the others answer empty series. */
  carries: readonly string[];
  /** Makes the source (and whatever it needs); `close` releases it. */
  open(): Promise<{ source: MetricsSource; close(): Promise<void> }>;
}

// Bolt execute latencies of any real topology, ms: a value this large is a unit slip (ns read as ms).
const MAX_PLAUSIBLE_LATENCY_MS = 60_000;

/**
 * What every metrics source promises (src/metrics/metrics-source.ts): topologies and structure that agree,
 * series in augur's neutral vocabulary — every asked metric answered, only asked instances, one-minute
 * buckets inside the window, latencies in ms — and permanent errors for topologies it does not hold.
 */
export function metricsSourceContract(name: string, c: MetricsSourceCase): void {
  describe(`MetricsSource contract: ${name}`, () => {
    let opened: Awaited<ReturnType<MetricsSourceCase['open']>> | undefined;
    beforeAll(async () => {
      opened = await c.open();
    }, 60_000);
    afterAll(async () => {
      await opened?.close();
    });
    const withSource = (test: (source: MetricsSource) => Promise<void>) =>
      test((opened as NonNullable<typeof opened>).source);

    it('lists the topology and answers ping', () =>
      withSource(async (source) => {
        const names = (await source.listTopologies()).map((t) => t.name);
        expect(names).toContain(c.ref.topology);
        await expect(source.ping()).resolves.toBeUndefined();
      }));

    it('gives a structure whose components, streams and instances agree', () =>
      withSource(async (source) => {
        const structure = await source.getStructure(c.ref);
        const components = Object.values(structure.components);
        expect(components.some((k) => k.kind === 'spout')).toBe(true);
        expect(components.some((k) => k.kind === 'bolt')).toBe(true);
        for (const component of components) {
          expect(component.instances.length).toBeGreaterThan(0);
          for (const id of component.instances)
            expect(structure.instances[id]?.component).toBe(component.name);
          for (const input of component.inputs) expect(structure.components[input.component]).toBeDefined();
        }
        const placed = components.reduce((n, k) => n + k.instances.length, 0);
        expect(Object.keys(structure.instances)).toHaveLength(placed);
        const plan = await source.getPackingPlan?.(c.ref);
        if (plan) {
          const planned = plan.containers
            .flatMap((k) => k.instances.map((i) => i.taskId))
            .sort((a, b) => a - b);
          const running = Object.values(structure.instances)
            .map((i) => i.taskId)
            .sort((a, b) => a - b);
          expect(planned).toEqual(running);
        }
      }));

    it('answers series in augur’s vocabulary: every metric asked, asked instances, buckets in the window, ms', () =>
      withSource(async (source) => {
        const structure = await source.getStructure(c.ref);
        const endSec = source.windowEndSec(c.requestedAtSec);
        const startSec = endSec - c.windowMinutes * 60;
        let emitted = 0;
        let latencies = 0;
        for (const component of Object.values(structure.components)) {
          const asked = component.instances.slice(0, 2);
          const metrics = modelMetricsOf(component);
          const series = await source.getMetricSeries(c.ref, {
            component: component.name,
            metrics,
            instances: asked,
            startSec,
            endSec,
          });
          expect(Object.keys(series).sort()).toEqual([...metrics].sort());
          for (const [metric, byInstance] of Object.entries(series)) {
            const { family } = splitMetricName(metric);
            if (!c.carries.includes(family)) continue;
            for (const [instance, points] of Object.entries(byInstance)) {
              expect(asked).toContain(instance);
              points.forEach(([ts, value], k) => {
                expect(ts).toBeGreaterThanOrEqual(startSec);
                expect(ts).toBeLessThan(endSec);
                expect(ts % BUCKET_SEC).toBe(0);
                if (k > 0) expect(ts).toBeGreaterThan((points[k - 1] as [number, number])[0]);
                expect(Number.isFinite(value)).toBe(true);
                if (family === METRIC_FAMILY.emitted) {
                  expect(value).toBeGreaterThanOrEqual(0);
                  emitted += value;
                }
                if (family === METRIC_FAMILY.executeLatencyMs) {
                  expect(value).toBeGreaterThanOrEqual(0);
                  expect(value).toBeLessThan(MAX_PLAUSIBLE_LATENCY_MS);
                  latencies += 1;
                }
              });
            }
          }
        }
        expect(emitted).toBeGreaterThan(0);
        if (c.carries.includes(METRIC_FAMILY.executeLatencyMs)) expect(latencies).toBeGreaterThan(0);
      }));

    it('refuses a topology it does not hold with TOPOLOGY_NOT_FOUND', () =>
      withSource(async (source) => {
        const missing = { ...c.ref, topology: 'no-such-topology' };
        const err = await source.getStructure(missing).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('TOPOLOGY_NOT_FOUND');
      }));
  });
}

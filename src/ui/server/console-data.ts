import { loadTrafficInput } from '../../jobs/handlers/load-traffic-input.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import { sumAlignedSeries } from '../../models/stats/sum-aligned-series.js';
import type { TopologyRef } from '../../topology/topology-ref.js';
import type { ConsoleStructure, SpoutHistory } from '../shared/console-types.js';

/** The components and the streams between them (the logical plan), from the metrics source. */
export async function consoleStructure(source: MetricsSource, ref: TopologyRef): Promise<ConsoleStructure> {
  const structure = await source.getStructure(ref);
  const components = Object.values(structure.components);
  return {
    components: components.map((c) => ({ name: c.name, kind: c.kind, instances: c.instances.length })),
    streams: components.flatMap((c) =>
      c.inputs.map((input) => ({
        from: input.component,
        to: c.name,
        stream: input.stream,
        grouping: input.grouping,
      })),
    ),
  };
}

/**
 * The spouts' measured emission rate over the last `sourceHours` before the source's window end: what the
 * traffic models are fitted on, so the console can draw the history beside their forecast.
 */
export async function spoutHistory(
  source: MetricsSource,
  ref: TopologyRef,
  sourceHours: number,
  nowMs: number,
): Promise<SpoutHistory> {
  const endSec = source.windowEndSec(Math.floor(nowMs / 60_000) * 60);
  const startSec = endSec - Math.round(sourceHours * 3600);
  // The traffic models' own reader, so the console draws exactly the series they are fitted on.
  const input = await loadTrafficInput(source, ref, { startSec, endSec }, 0, async () => {});
  const components: SpoutHistory['components'] = {};
  for (const [spout, streams] of Object.entries(input.spoutEmitCounts)) {
    components[spout] = Object.fromEntries(
      Object.entries(streams).map(([stream, byInstance]) => {
        const summed = sumAlignedSeries(Object.values(byInstance));
        return [
          stream,
          summed.map(([t, count]) => [new Date(t * 1000).toISOString(), count / input.bucketSec]),
        ];
      }),
    );
  }
  return {
    units: 'tuples/s',
    window: { start: new Date(startSec * 1000).toISOString(), end: new Date(endSec * 1000).toISOString() },
    components,
  };
}

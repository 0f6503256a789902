import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { summariseTraffic, summaryModel } from '../../../src/models/traffic/summary-model.js';
import type { TrafficInput } from '../../../src/models/traffic/traffic-input.js';
import type { SeriesPoints } from '../../../src/topology/metric-series.js';

const T0 = 1_700_000_040; // a whole minute
const minutes = (counts: Array<number | null>): SeriesPoints =>
  counts.flatMap((c, i) => (c === null ? [] : [[T0 + i * 60, c] as [number, number]]));

function input(spoutEmitCounts: TrafficInput['spoutEmitCounts'], windowMinutes: number): TrafficInput {
  return {
    structure: { name: 'T', components: {}, instances: {} },
    spoutEmitCounts,
    bucketSec: 60,
    window: { startSec: T0, endSec: T0 + windowMinutes * 60 },
    predictionDurationMin: 60,
  };
}

const settings = summaryModel.settingsSchema.parse({});

describe('summary traffic model', () => {
  it('turns per-minute emit counts into tuples/s per instance, component and topology', () => {
    const result = summariseTraffic(
      input(
        {
          sentence: { default: { s1: minutes([600, 1200]), s2: minutes([1800, 2400]) } },
          numbers: { default: { n1: minutes([60, 60]) }, audit: { n1: minutes([0, 120]) } },
        },
        2,
      ),
      settings,
    );
    expect(result.instances.s1?.default?.mean).toBe(15); // (10 + 20) / 2 tuples/s
    expect(result.components.sentence?.default).toMatchObject({ min: 40, max: 60, mean: 50 });
    expect(result.instances.n1?.audit).toMatchObject({ min: 0, max: 2 });
    // topology per minute: 40 + 1 + 0 = 41, 60 + 1 + 2 = 63 tuples/s
    expect(result.arrival_rate).toMatchObject({ min: 41, max: 63, mean: 52, samples: 2, units: 'tuples/s' });
    expect(result.history).toEqual({
      requested_minutes: 2,
      used_minutes: 2,
      from: new Date(T0 * 1000).toISOString(),
      to: new Date((T0 + 60) * 1000).toISOString(),
      complete: true,
    });
  });

  it('leaves missing minutes out instead of counting them as zero', () => {
    const result = summariseTraffic(
      input({ sentence: { default: { s1: minutes([600, null, 600]), s2: minutes([600, 600, 600]) } } }, 3),
      settings,
    );
    expect(result.instances.s1?.default).toMatchObject({ min: 10, samples: 2 });
    // minute 2 lacks s1, so the component total uses minutes 1 and 3 only: 20 tuples/s each
    expect(result.components.sentence?.default).toMatchObject({ min: 20, max: 20, samples: 2 });
    expect(result.history.complete).toBe(false);
  });

  it('answers with the history that exists when less was asked for, and says how much', () => {
    const result = summariseTraffic(
      input({ sentence: { default: { s1: minutes([60, 60, 60]) } } }, 180),
      settings,
    );
    expect(result.history.requested_minutes).toBe(180);
    expect(result.history.used_minutes).toBe(3);
    expect(result.history.complete).toBe(false);
  });

  it('reports a series with fewer than minSamples points as null', () => {
    const result = summariseTraffic(
      input({ sentence: { default: { s1: minutes([60, 60, 60]), s2: minutes([60]) } } }, 3),
      summaryModel.settingsSchema.parse({ minSamples: 2 }),
    );
    expect(result.instances.s1?.default).not.toBeNull();
    expect(result.instances.s2?.default).toBeNull();
  });

  it('fails with NO_METRICS when no spout reported anything', () => {
    const run = () => summariseTraffic(input({ sentence: { default: { s1: [] } } }, 3), settings);
    expect(run).toThrow(AppError);
    expect(run).toThrow(/No spout emitted/);
  });
});

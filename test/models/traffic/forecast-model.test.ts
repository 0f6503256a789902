import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { mulberry32 } from '../../../src/models/forecasting/seeded-random.js';
import { forecastModel, forecastTraffic } from '../../../src/models/traffic/forecast-model.js';
import { summariseTraffic, summaryModel } from '../../../src/models/traffic/summary-model.js';
import type { TrafficInput } from '../../../src/models/traffic/traffic-input.js';
import type { SeriesPoints } from '../../../src/topology/metric-series.js';

const T0 = 1_700_000_040; // a whole minute
const minutes = (counts: Array<number | null>): SeriesPoints =>
  counts.flatMap((c, i) => (c === null ? [] : [[T0 + i * 60, c] as [number, number]]));

function input(
  spoutEmitCounts: TrafficInput['spoutEmitCounts'],
  windowMinutes: number,
  predictionDurationMin = 60,
): TrafficInput {
  return {
    structure: { name: 'T', components: {}, instances: {} },
    spoutEmitCounts,
    bucketSec: 60,
    window: { startSec: T0, endSec: T0 + windowMinutes * 60 },
    predictionDurationMin,
  };
}

const settings = forecastModel.settingsSchema.parse({});
const noisy = (n: number, level: number, seed: number) => {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => Math.round(level * (0.9 + 0.2 * u())));
};

describe('forecast traffic model', () => {
  it('forecasts tuples/s per instance, per component (instances summed) and for the topology', () => {
    const result = forecastTraffic(
      input(
        { sentence: { default: { s1: minutes(noisy(180, 600, 1)), s2: minutes(noisy(180, 1200, 2)) } } },
        180,
        30,
      ),
      settings,
    );
    const s1 = result.instances.s1?.default;
    const component = result.components.sentence?.default;
    expect(s1).toMatchObject({ units: 'tuples/s' });
    expect(s1?.summary.mean).toBeGreaterThan(9); // ≈ 600 per minute = 10 tuples/s
    expect(s1?.summary.mean).toBeLessThan(11);
    expect(component?.summary.mean).toBeGreaterThan(27); // ≈ 30 tuples/s
    expect(component?.summary.mean).toBeLessThan(33);
    expect(result.arrival_rate?.summary.mean).toBeCloseTo(component?.summary.mean as number, 6);
    expect(component?.method).toMatch(/^ETS\(/); // 3 hours: no daily cycle yet
    const series = component?.series;
    expect(series?.timestamps).toHaveLength(30);
    expect(series?.timestamps[0]).toBe(new Date((T0 + 180 * 60) * 1000).toISOString());
    for (let i = 0; i < 30; i++) {
      expect(series?.lower95[i]).toBeLessThanOrEqual(series?.lower80[i] as number);
      expect(series?.upper80[i]).toBeLessThanOrEqual(series?.upper95[i] as number);
    }
    expect(result.horizon).toEqual({
      from: new Date((T0 + 180 * 60) * 1000).toISOString(),
      to: new Date((T0 + 210 * 60) * 1000).toISOString(),
      minutes: 30,
      bucket_sec: 60,
    });
  });

  it('falls back to the summary statistics with too little history, and says so', () => {
    const counts = { sentence: { default: { s1: minutes([600, 1200, 600]) } } };
    const result = forecastTraffic(input(counts, 3), settings);
    const forecast = result.instances.s1?.default;
    expect(forecast).toMatchObject({
      fallback: 'summary',
      method: 'summary',
      series: null,
      units: 'tuples/s',
    });
    expect(forecast && 'reason' in forecast ? forecast.reason : '').toMatch(/3 observed values; at least 10/);
    const summary = summariseTraffic(input(counts, 3), summaryModel.settingsSchema.parse({}));
    expect(forecast?.summary.mean).toBe(summary.instances.s1?.default?.mean);
  });

  it('leaves minutes an instance missed out of the component total instead of counting them as zero', () => {
    const s1 = noisy(120, 600, 3).map((c, i) => (i % 10 === 5 ? null : c));
    const result = forecastTraffic(
      input({ sentence: { default: { s1: minutes(s1), s2: minutes(noisy(120, 600, 4)) } } }, 120, 10),
      settings,
    );
    expect(result.components.sentence?.default?.summary.mean).toBeGreaterThan(18); // ≈ 20, not pulled to 18
    expect(result.instances.s1?.default?.summary.mean).toBeGreaterThan(9);
  });

  it('forecasts daily seasonality once two days of history exist, and keeps long paths bounded', () => {
    const u = mulberry32(5);
    const counts = Array.from({ length: 2 * 1440 }, (_, t) =>
      Math.round(600 * (1 + 0.5 * Math.sin((2 * Math.PI * t) / 1440)) * (0.95 + 0.1 * u())),
    );
    const result = forecastTraffic(
      input({ spout: { default: { i1: minutes(counts) } } }, 2 * 1440, 1440),
      settings,
    );
    const f = result.instances.i1?.default;
    expect(f?.method).toMatch(/^BATS\(.*\{1440\}\)/);
    expect(f?.series?.timestamps).toHaveLength(480); // 1440 minutes in groups of 3
    expect(f?.series?.stepsPerPoint).toBe(3);
    // the daily swing comes back: 10 tuples/s ± 50 %
    expect(f?.summary.max).toBeGreaterThan(13);
    expect(f?.summary.min).toBeLessThan(7);
    expect(f?.summary.maxUpper95).toBeGreaterThanOrEqual(f?.summary.max as number);
  });

  it('validates its settings: documented defaults, unknown keys rejected', () => {
    expect(settings).toEqual({
      minObservations: 10,
      maxSeriesPoints: 500,
      boxCox: 'auto',
      intervals: 'bootstrap',
      paths: 1000,
      seed: 1,
      huberK: 2,
    });
    expect(forecastModel.settingsSchema.safeParse({ horizon: 3 }).success).toBe(false);
    expect(forecastModel).toMatchObject({ name: 'forecast', aspect: 'traffic' });
  });

  it('reports no metrics when no spout emitted anything', () => {
    expect(() => forecastTraffic(input({ sentence: { default: { s1: [] } } }, 10), settings)).toThrow(
      AppError,
    );
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareWithBaselines } from '../../../src/models/forecasting/baseline-comparison.js';
import { toRegularSeries } from '../../../src/models/forecasting/regular-series.js';
import { parseTimestampValueCsv } from '../../../src/models/forecasting/timestamp-value-csv.js';

/** Slices of the NAB corpus (MIT, test/fixtures/traffic/LICENSE-NAB.txt); the full benchmark is bench/forecast.bench.ts. */
const load = (name: string) =>
  toRegularSeries(
    parseTimestampValueCsv(readFileSync(new URL(`../../fixtures/traffic/${name}`, import.meta.url), 'utf8')),
  );

describe('automatic forecast on real traffic (small rolling-origin backtests)', () => {
  it('NYC taxi, 30-minute data, one day ahead: beats seasonal naive and the summary mean', () => {
    const series = load('nyc_taxi-5weeks.csv');
    const r = compareWithBaselines(series.values, { stepSec: series.stepSec, horizon: 48, origins: 4 });
    const mase = (m: string) => r.methods[m]?.mase as number;
    expect(mase('forecast')).toBeLessThan(0.85 * mase('snaive-day'));
    expect(mase('forecast')).toBeLessThan(mase('summary'));
    // 4 origins × 48 steps: coverage is noisy, so only gross miscalibration fails.
    expect(r.methods.forecast?.coverage['0.95']).toBeGreaterThan(0.8);
  });

  it('Twitter volume, 5-minute bursty counts, two hours ahead: beats seasonal naive', () => {
    const series = load('Twitter_volume_GOOG-6days.csv');
    const r = compareWithBaselines(series.values, { stepSec: series.stepSec, horizon: 24, origins: 6 });
    expect(r.methods.forecast?.mase as number).toBeLessThan(r.methods['snaive-day']?.mase as number);
    expect(r.methods.forecast?.coverage['0.8']).toBeGreaterThan(0.6);
  });
});

/**
 * Speed of automatic forecasting: fit + forecast time against history length and seasonal periods,
 * next to a seasonal-naive baseline measured in the same run. Writes bench/results/forecast-speed.json.
 *
 *   npx tsx bench/forecast-speed.bench.ts [--out bench/results/forecast-speed.json] [--runs 15]
 *
 * Data: seeded synthetic per-minute traffic (Poisson counts around a daily and weekly profile, with
 * bursts and a level shift), since the NAB series are 5- and 30-minute data.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { autoForecast } from '../src/models/forecasting/auto-forecast.js';
import { seasonalNaiveForecast } from '../src/models/forecasting/naive-forecast.js';
import { seasonalPeriods } from '../src/models/forecasting/seasonal-periods.js';
import { mulberry32, normalSource } from '../src/models/forecasting/seeded-random.js';
import { medianWallTimeMs } from './support/stats.js';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results/forecast-speed.json' },
    runs: { type: 'string', default: '15' },
  },
});
const RUNS = Number(args.runs);

/** Seeded per-step traffic: rate λ_t with daily and weekly shape, bursts and a level shift; Poisson-ish counts. */
function syntheticTraffic(length: number, stepSec: number, seed: number): Float64Array {
  const uniform = mulberry32(seed);
  const normal = normalSource(uniform);
  const out = new Float64Array(length);
  let burst = 0;
  for (let t = 0; t < length; t++) {
    const sec = t * stepSec;
    const day = (2 * Math.PI * sec) / 86_400;
    const week = (2 * Math.PI * sec) / 604_800;
    if (uniform() < 0.002) burst = 2 + 3 * uniform();
    burst *= 0.95;
    const shift = t > length * 0.7 ? 1.2 : 1;
    const rate =
      200 * shift * (1 + 0.5 * Math.sin(day) + 0.2 * Math.sin(2 * day) + 0.1 * Math.sin(week)) * (1 + burst);
    out[t] = Math.max(0, Math.round(rate + Math.sqrt(rate) * normal()));
  }
  return out;
}

interface Case {
  name: string;
  stepSec: number;
  days: number;
  horizonMin: number;
}
const cases: Case[] = [
  { name: '1-min, 2 days', stepSec: 60, days: 2, horizonMin: 120 },
  { name: '1-min, 3.5 days', stepSec: 60, days: 3.5, horizonMin: 120 },
  { name: '1-min, 7 days (target)', stepSec: 60, days: 7, horizonMin: 120 },
  { name: '1-min, 14 days (daily only: a week needs 3)', stepSec: 60, days: 14, horizonMin: 120 },
  { name: '1-min, 28 days (+weekly)', stepSec: 60, days: 28, horizonMin: 120 },
  { name: '5-min, 28 days', stepSec: 300, days: 28, horizonMin: 1440 },
  { name: '30-min, 120 days', stepSec: 1800, days: 120, horizonMin: 1440 },
  { name: '1-min, 1 day (non-seasonal)', stepSec: 60, days: 1, horizonMin: 120 },
];

const rows = cases.map((c) => {
  const length = Math.round((c.days * 86_400) / c.stepSec);
  const values = syntheticTraffic(length, c.stepSec, 42);
  const periods = seasonalPeriods(c.stepSec, length);
  const horizon = (c.horizonMin * 60) / c.stepSec;
  let method = '';
  const forecastMs = medianWallTimeMs(() => {
    const r = autoForecast(values, { horizon, periods });
    if (r.status === 'forecast') method = r.forecast.method;
  }, RUNS);
  // Same run, without the out-of-sample selection: what the selection costs.
  const modelOnlyMs = medianWallTimeMs(
    () => autoForecast(values, { horizon, periods, selection: 'model' }),
    RUNS,
  );
  const normalIntervalsMs = medianWallTimeMs(
    () => autoForecast(values, { horizon, periods, intervals: 'normal' }),
    RUNS,
  );
  const baselineMs = medianWallTimeMs(() => seasonalNaiveForecast(values, periods[0] ?? 1, horizon), RUNS);
  return {
    case: c.name,
    points: length,
    periods,
    horizonSteps: horizon,
    forecastMs,
    modelOnlyMs,
    normalIntervalsMs,
    seasonalNaiveMs: baselineMs,
    method,
  };
});

console.log(
  'case'.padEnd(30),
  'points'.padStart(7),
  'periods'.padEnd(12),
  'forecast ms'.padStart(12),
  'model-only ms'.padStart(14),
  'normal-PI ms'.padStart(13),
  'snaive ms'.padStart(10),
);
for (const r of rows) {
  console.log(
    r.case.padEnd(30),
    String(r.points).padStart(7),
    r.periods.join(',').padEnd(12),
    r.forecastMs.toFixed(1).padStart(12),
    r.modelOnlyMs.toFixed(1).padStart(14),
    r.normalIntervalsMs.toFixed(1).padStart(13),
    r.seasonalNaiveMs.toFixed(3).padStart(10),
  );
}
const result = {
  date: new Date().toISOString(),
  node: process.version,
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    /** 1-, 5- and 15-minute load averages at the end: other work on the machine slows the timings. */
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  },
  runs: RUNS,
  statistic:
    'median wall time of fit + forecast (bootstrap intervals and out-of-sample selection, the defaults; modelOnlyMs: without the selection; normalIntervalsMs: analytic normal intervals), ms',
  target: { case: '1-min, 7 days (target)', maxMs: 100 },
  rows,
};
writeFileSync(args.out as string, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${args.out}`);

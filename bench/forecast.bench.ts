/**
 * Forecast accuracy and interval calibration on the 41 NAB series in bench/data/traffic (MIT, see
 * LICENSE-NAB.txt), split once into development and validation halves (bench/support/forecast-split.ts):
 * rolling-origin backtests at 2 h and 24 h horizons (in each series' own step), training windows of
 * the last 14 days (or everything before the origin when shorter), the same origins for every method.
 *
 *   npx tsx bench/forecast.bench.ts [--origins 12] [--subset all|dev|validation]
 *     [--before bench/results/forecast-before.json] [--out bench/results/forecast.json]
 *     [--md bench/results/forecast.md]
 *
 * Scores per series and horizon: MASE of augur's point forecast and of its baselines (naive, daily
 * seasonal naive), each origin scaled by the in-sample MAE of the daily seasonal naive forecast over its
 * training window (Hyndman & Koehler 2006), and the ratio to seasonal naive's; pooled 80 %/95 % interval
 * coverage and the scaled interval score (Gneiting & Raftery 2007, eq. 43; as the M4 MSIS). Summaries
 * per half: geometric mean of the per-series ratios, pooled ratio (mean MASE / mean seasonal-naive
 * MASE), the worst series, per category. `--before` merges a saved run of the previous code (same
 * origins) into the output, so before and after sit side by side.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { autoForecast } from '../src/models/forecasting/auto-forecast.js';
import type { Forecast } from '../src/models/forecasting/forecast.js';
import { seasonalNaiveScale } from '../src/models/forecasting/forecast-accuracy.js';
import { seasonalNaiveForecast } from '../src/models/forecasting/naive-forecast.js';
import { toRegularSeries } from '../src/models/forecasting/regular-series.js';
import { evenlySpacedOrigins } from '../src/models/forecasting/rolling-origin.js';
import { seasonalPeriods } from '../src/models/forecasting/seasonal-periods.js';
import { parseTimestampValueCsv } from '../src/models/forecasting/timestamp-value-csv.js';
import { nabCategory, type SplitHalf, splitSeries } from './support/forecast-split.js';

const { values: args } = parseArgs({
  options: {
    origins: { type: 'string', default: '12' },
    subset: { type: 'string', default: 'all' },
    before: { type: 'string' },
    out: { type: 'string', default: 'bench/results/forecast.json' },
    md: { type: 'string', default: 'bench/results/forecast.md' },
  },
});
const ORIGINS = Number(args.origins);
const DATA = new URL('./data/traffic/', import.meta.url);
const HORIZONS_HOURS = [2, 24];
const WINDOW_DAYS = 14;
const METHODS = ['augur', 'snaive', 'naive'] as const;
type Method = (typeof METHODS)[number];

const names = readdirSync(DATA)
  .filter((f) => f.endsWith('.csv'))
  .map((f) => f.slice(0, -4))
  .sort();
const split = splitSeries(names);

interface Score {
  mase: number;
  coverage80: number;
  coverage95: number;
  /** Scaled interval score of the 80 % and 95 % intervals (lower is better). */
  score80: number;
  score95: number;
}
interface Row {
  series: string;
  category: string;
  half: SplitHalf;
  stepSec: number;
  horizonHours: number;
  horizonSteps: number;
  origins: number;
  methods: Record<Method, Score>;
  /** augur MASE / seasonal naive MASE. */
  ratio: number;
  msPerForecast: number;
  selected: Record<string, number>;
}

/** Accumulates one method's errors over origins. */
class Tally {
  mase = 0;
  n = 0;
  hits = [0, 0];
  observed = 0;
  score = [0, 0];
  add(actual: Float64Array, f: Forecast, scale: number) {
    let abs = 0;
    let k = 0;
    const s = [0, 0];
    for (let h = 0; h < actual.length; h++) {
      const y = actual[h] as number;
      if (Number.isNaN(y)) continue;
      abs += Math.abs(y - (f.point[h] as number));
      k++;
      f.intervals.forEach((iv, i) => {
        const lo = iv.lower[h] as number;
        const hi = iv.upper[h] as number;
        const a = 1 - iv.level;
        if (y >= lo && y <= hi) this.hits[i] = (this.hits[i] as number) + 1;
        s[i] = (s[i] as number) + (hi - lo) + (2 / a) * Math.max(0, lo - y) + (2 / a) * Math.max(0, y - hi);
      });
    }
    if (k === 0) return;
    this.mase += abs / k / scale;
    this.n++;
    this.observed += k;
    for (let i = 0; i < 2; i++) this.score[i] = (this.score[i] as number) + (s[i] as number) / k / scale;
  }
  result(): Score {
    return {
      mase: this.mase / this.n,
      coverage80: (this.hits[0] as number) / this.observed,
      coverage95: (this.hits[1] as number) / this.observed,
      score80: (this.score[0] as number) / this.n,
      score95: (this.score[1] as number) / this.n,
    };
  }
}

const rows: Row[] = [];
for (const name of names) {
  const half = split.get(name) as SplitHalf;
  if (args.subset !== 'all' && args.subset !== half) continue;
  const series = toRegularSeries(parseTimestampValueCsv(readFileSync(new URL(`${name}.csv`, DATA), 'utf8')));
  const day = 86_400 / series.stepSec;
  const dayPeriod = Number.isInteger(day) ? day : 1;
  const window = Math.round((WINDOW_DAYS * 86_400) / series.stepSec);
  for (const hours of HORIZONS_HOURS) {
    const horizon = Math.max(1, Math.round((hours * 3600) / series.stepSec));
    // Every origin has at least two days of history (the daily season's minimum) and half the series.
    const first = Math.max(Math.floor(series.values.length / 2), 2 * dayPeriod + 1);
    const origins = evenlySpacedOrigins(series.values.length, horizon, ORIGINS, first);
    const tallies = Object.fromEntries(METHODS.map((m) => [m, new Tally()])) as Record<Method, Tally>;
    const selected: Record<string, number> = {};
    let ms = 0;
    for (const origin of origins) {
      const history = series.values.subarray(Math.max(0, origin - window), origin);
      const actual = series.values.subarray(origin, origin + horizon);
      const scale = seasonalNaiveScale(history, dayPeriod);
      if (!(scale > 0)) continue;
      const started = performance.now();
      const r = autoForecast(history, { horizon, periods: seasonalPeriods(series.stepSec, history.length) });
      ms += performance.now() - started;
      if (r.status !== 'forecast') continue;
      const key = r.forecast.method.split(':')[0] as string;
      selected[key] = (selected[key] ?? 0) + 1;
      tallies.augur.add(actual, r.forecast, scale);
      const naive = seasonalNaiveForecast(history, 1, horizon);
      tallies.snaive.add(
        actual,
        filledFrom(seasonalNaiveForecast(history, dayPeriod, horizon), naive),
        scale,
      );
      tallies.naive.add(actual, naive, scale);
    }
    const methods = Object.fromEntries(METHODS.map((m) => [m, tallies[m].result()])) as Record<Method, Score>;
    rows.push({
      series: name,
      category: nabCategory(name),
      half,
      stepSec: series.stepSec,
      horizonHours: hours,
      horizonSteps: horizon,
      origins: tallies.augur.n,
      methods,
      ratio: methods.augur.mase / methods.snaive.mase,
      msPerForecast: ms / Math.max(1, tallies.augur.n),
      selected,
    });
    const m = methods.augur;
    console.log(
      `${name.padEnd(40)} ${half.padEnd(10)} ${String(hours).padStart(2)}h  ratio ${row3(rows.at(-1)?.ratio)}  ` +
        `mase ${row3(m.mase)} sn ${row3(methods.snaive.mase)}  c80 ${row3(m.coverage80)} c95 ${row3(m.coverage95)}  ` +
        `${(ms / Math.max(1, tallies.augur.n)).toFixed(0)} ms`,
    );
  }
}

/** Seasonal naive with the phases no cycle observed (gappy series) taken from the naive forecast. */
function filledFrom(f: Forecast, naive: Forecast): Forecast {
  const fill = (a: Float64Array, b: Float64Array) =>
    a.map((v, h) => (Number.isNaN(v) ? (b[h] as number) : v));
  return {
    ...f,
    point: fill(f.point, naive.point),
    intervals: f.intervals.map((iv, i) => ({
      ...iv,
      lower: fill(iv.lower, naive.intervals[i]?.lower as Float64Array),
      upper: fill(iv.upper, naive.intervals[i]?.upper as Float64Array),
    })),
  };
}

function row3(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '  -  ' : x.toFixed(3);
}
const geomean = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Summary of one half at one horizon. */
function summarise(subset: Row[]) {
  const valid = subset.filter((r) => Number.isFinite(r.ratio) && r.ratio > 0);
  const worst = valid.reduce<Row | undefined>(
    (w, r) => (w === undefined || r.ratio > w.ratio ? r : w),
    undefined,
  );
  const categories = [...new Set(valid.map((r) => r.category))].sort();
  return {
    series: valid.length,
    geomeanMaseRatio: geomean(valid.map((r) => r.ratio)),
    pooledMaseRatio:
      mean(valid.map((r) => r.methods.augur.mase)) / mean(valid.map((r) => r.methods.snaive.mase)),
    worst: worst ? { series: worst.series, ratio: worst.ratio } : null,
    seriesAbove1_1: valid.filter((r) => r.ratio > 1.1).length,
    coverage80: mean(valid.map((r) => r.methods.augur.coverage80)),
    coverage95: mean(valid.map((r) => r.methods.augur.coverage95)),
    intervalScore80: {
      augur: mean(valid.map((r) => r.methods.augur.score80)),
      snaive: mean(valid.map((r) => r.methods.snaive.score80)),
    },
    intervalScore95: {
      augur: mean(valid.map((r) => r.methods.augur.score95)),
      snaive: mean(valid.map((r) => r.methods.snaive.score95)),
    },
    naiveGeomeanRatio: geomean(valid.map((r) => r.methods.naive.mase / r.methods.snaive.mase)),
    msPerForecast: mean(valid.map((r) => r.msPerForecast)),
    byCategory: Object.fromEntries(
      categories.map((c) => [c, geomean(valid.filter((r) => r.category === c).map((r) => r.ratio))]),
    ),
  };
}

const summary: Record<string, Record<string, ReturnType<typeof summarise>>> = {};
for (const half of ['dev', 'validation'] as const) {
  summary[half] = {};
  for (const hours of HORIZONS_HOURS) {
    const subset = rows.filter((r) => r.half === half && r.horizonHours === hours);
    if (subset.length === 0) continue;
    const s = summarise(subset);
    (summary[half] as Record<string, ReturnType<typeof summarise>>)[`${hours}h`] = s;
    console.log(
      `\n${half} ${hours}h: ${s.series} series, geomean MASE ratio ${row3(s.geomeanMaseRatio)}, pooled ${row3(s.pooledMaseRatio)}, ` +
        `worst ${s.worst?.series} ${row3(s.worst?.ratio)}, >1.1: ${s.seriesAbove1_1}, c80 ${row3(s.coverage80)} c95 ${row3(s.coverage95)}, ` +
        `IS95 ${row3(s.intervalScore95.augur)} (snaive ${row3(s.intervalScore95.snaive)}), ${s.msPerForecast.toFixed(0)} ms`,
    );
    console.log(
      '  by category:',
      JSON.stringify(s.byCategory, (_, v) => (typeof v === 'number' ? +v.toFixed(3) : v)),
    );
  }
}

const before = args.before ? JSON.parse(readFileSync(args.before, 'utf8')) : undefined;
writeFileSync(
  args.out as string,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        /** 1-, 5- and 15-minute load averages at the end: other work on the machine slows the timings. */
        loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      },
      config: {
        originsPerSeriesAndHorizon: ORIGINS,
        originsSpan: 'evenly spaced from max(half the series, two days) to the last full horizon',
        trainingWindowDays: WINDOW_DAYS,
        horizonsHours: HORIZONS_HOURS,
        levels: [0.8, 0.95],
        split:
          'per NAB category, series sorted by name alternate dev / validation (bench/support/forecast-split.ts)',
        forecast: 'autoForecast defaults, periods from seasonalPeriods(stepSec, window length)',
      },
      summary,
      before: before ? { date: before.date, summary: before.summary, rows: before.rows } : undefined,
      rows,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${args.out}`);
writeFileSync(args.md as string, markdown(summary, before?.summary, before?.rows));
console.log(`wrote ${args.md}`);

/** The summary tables (before → after when a before run is given) and the validation series, as markdown. */
function markdown(
  after: typeof summary,
  was: typeof summary | undefined,
  wasRows: Row[] | undefined,
): string {
  const f = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
  const pair = (a: number | undefined, b: number | undefined) =>
    was ? `${f(b)} → **${f(a)}**` : `**${f(a)}**`;
  const lines = [
    '# Forecast benchmark (generated by `npm run bench:forecast`)',
    '',
    `${rows.length / HORIZONS_HOURS.length} NAB series, ${ORIGINS} rolling origins per series and horizon, training windows of the last ${WINDOW_DAYS} days.`,
    'MASE ratio = augur MASE ÷ daily seasonal naive MASE on the same origins (< 1: better). Interval score: scaled',
    '(MSIS-like), lower is better. Development half tuned on; validation half only reported.',
    was ? 'Cells read "before → after" (before: the code before the robustness work, same origins).' : '',
    '',
    '| half | h | geomean ratio | pooled ratio | worst series | series > 1.1 | cov 80 % | cov 95 % | IS 80 % | IS 95 % (snaive) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const half of ['dev', 'validation'] as const) {
    for (const hours of HORIZONS_HOURS) {
      const a = after[half]?.[`${hours}h`];
      const b = was?.[half]?.[`${hours}h`];
      if (!a) continue;
      lines.push(
        `| ${half} | ${hours} h | ${pair(a.geomeanMaseRatio, b?.geomeanMaseRatio)} | ${pair(a.pooledMaseRatio, b?.pooledMaseRatio)} | ` +
          `${a.worst?.series} ${f(a.worst?.ratio)}${b ? ` (was ${b.worst?.series} ${f(b.worst?.ratio)})` : ''} | ` +
          `${was ? `${b?.seriesAbove1_1} → ` : ''}${a.seriesAbove1_1} | ${pair(a.coverage80, b?.coverage80)} | ${pair(a.coverage95, b?.coverage95)} | ` +
          `${pair(a.intervalScore80.augur, b?.intervalScore80.augur)} | ${pair(a.intervalScore95.augur, b?.intervalScore95.augur)} (${f(a.intervalScore95.snaive)}) |`,
      );
    }
  }
  lines.push(
    '',
    '## Geometric mean ratio by category',
    '',
    '| half | h | category | ratio |',
    '|---|---|---|---|',
  );
  for (const half of ['dev', 'validation'] as const) {
    for (const hours of HORIZONS_HOURS) {
      const a = after[half]?.[`${hours}h`];
      const b = was?.[half]?.[`${hours}h`];
      for (const [c, v] of Object.entries(a?.byCategory ?? {})) {
        lines.push(`| ${half} | ${hours} h | ${c} | ${pair(v, b?.byCategory[c])} |`);
      }
    }
  }
  const old = new Map((wasRows ?? []).map((r) => [`${r.series}/${r.horizonHours}`, r]));
  lines.push(
    '',
    '## Validation series',
    '',
    '| series | h | MASE ratio | cov 80 % | cov 95 % | chosen most often |',
    '|---|---|---|---|---|---|',
  );
  for (const r of rows.filter((x) => x.half === 'validation')) {
    const o = old.get(`${r.series}/${r.horizonHours}`);
    const top = Object.entries(r.selected).sort((x, y) => y[1] - x[1])[0];
    lines.push(
      `| ${r.series} | ${r.horizonHours} h | ${pair(r.ratio, o?.ratio)} | ${pair(r.methods.augur.coverage80, o?.methods.augur.coverage80)} | ` +
        `${pair(r.methods.augur.coverage95, o?.methods.augur.coverage95)} | ${top ? `${top[0]} (${top[1]})` : '–'} |`,
    );
  }
  return `${lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n')}\n`;
}

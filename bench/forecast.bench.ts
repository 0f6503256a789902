/**
 * Forecast accuracy and interval calibration on real traffic (NAB: nyc_taxi, Twitter_volume_*,
 * elb_request_count; see bench/data/traffic/LICENSE-NAB.txt), by rolling-origin backtests at 2 h and
 * 24 h horizons. Compares augur's automatic forecast with the summary model's mean (a flat forecast),
 * seasonal naive (daily, and weekly where two weeks of history exist) and naive, all on the same
 * origins. One configuration for every series: the defaults of `autoForecast`.
 *
 *   npx tsx bench/forecast.bench.ts [--origins 48] [--ablation] [--out bench/results/forecast.json]
 *
 * `--ablation` also scores the alternatives the default was chosen over (ETS on the MSTL-adjusted
 * series as R's stlf, seasonal ETS fitted directly on the daily period, normal instead of bootstrap
 * intervals) on the same origins; it roughly triples the run time.
 *
 * MASE is scaled by the in-sample MAE of the daily seasonal naive forecast at each origin (Hyndman &
 * Koehler 2006); coverage is pooled over every forecast step of every origin. Origins are evenly spaced
 * over the second half of each series; each forecast sees everything before its origin.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { type AutoForecastOptions, autoForecast } from '../src/models/forecasting/auto-forecast.js';
import {
  type ComparisonResult,
  compareWithBaselines,
} from '../src/models/forecasting/baseline-comparison.js';
import { toRegularSeries } from '../src/models/forecasting/regular-series.js';
import type { BacktestResult, Forecaster } from '../src/models/forecasting/rolling-origin.js';
import { seasonalPeriods } from '../src/models/forecasting/seasonal-periods.js';
import { parseTimestampValueCsv } from '../src/models/forecasting/timestamp-value-csv.js';

const { values: args } = parseArgs({
  options: {
    origins: { type: 'string', default: '48' },
    out: { type: 'string', default: 'bench/results/forecast.json' },
    ablation: { type: 'boolean', default: false },
  },
});
const ORIGINS = Number(args.origins);
const DATA = new URL('./data/traffic/', import.meta.url);
const SERIES = [
  'nyc_taxi',
  'Twitter_volume_AAPL',
  'Twitter_volume_FB',
  'Twitter_volume_GOOG',
  'Twitter_volume_IBM',
  'Twitter_volume_KO',
  'elb_request_count_8c0756',
];
const HORIZONS_HOURS = [2, 24];

/**
 * The alternatives the chosen method was picked over, scored on the same origins (`--ablation`):
 * R's stlf approach (ETS on the MSTL-adjusted series), the seasonal ETS family fitted directly on the
 * daily period, and the chosen model with analytic normal intervals instead of the bootstrap.
 */
function ablation(stepSec: number): Record<string, Forecaster> {
  const run =
    (options: Partial<AutoForecastOptions>): Forecaster =>
    (history, h) => {
      const r = autoForecast(history, {
        horizon: h,
        periods: seasonalPeriods(stepSec, history.length),
        ...options,
      });
      return r.status === 'forecast' ? r.forecast : null;
    };
  return {
    'stl-ets': run({ seasonalMethod: 'stl-ets' }),
    'ets-direct': run({ seasonalMethod: 'ets' }),
    'normal-PI': run({ intervals: 'normal' }),
  };
}

interface Row {
  series: string;
  stepSec: number;
  points: number;
  horizonHours: number;
  horizonSteps: number;
  origins: number;
  methods: ComparisonResult['methods'];
  selected: Record<string, number>;
}

const rows: Row[] = [];
for (const name of SERIES) {
  const series = toRegularSeries(parseTimestampValueCsv(readFileSync(new URL(`${name}.csv`, DATA), 'utf8')));
  for (const hours of HORIZONS_HOURS) {
    const horizon = (hours * 3600) / series.stepSec;
    const result = compareWithBaselines(series.values, {
      stepSec: series.stepSec,
      horizon,
      origins: ORIGINS,
      clockMs: () => performance.now(),
      extra: args.ablation ? ablation(series.stepSec) : undefined,
    });
    rows.push({
      series: name,
      stepSec: series.stepSec,
      points: series.values.length,
      horizonHours: hours,
      horizonSteps: horizon,
      origins: result.origins.length,
      methods: result.methods,
      selected: result.selected,
    });
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f3 = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? '   -  ' : x.toFixed(3).padStart(6);
const METHODS = ['forecast', 'summary', 'snaive-day', 'snaive-week', 'naive'];

console.log(
  'series'.padEnd(26),
  'h'.padStart(3),
  ...METHODS.map((m) => m.padStart(11)),
  ' ratio',
  ' best-sn',
  '  c80',
  '   c95',
  '  sMAPE',
  '  ms',
);
for (const r of rows) {
  const m = r.methods;
  const fc = m.forecast as BacktestResult & { msPerForecast?: number };
  const sd = (m['snaive-day'] as BacktestResult).mase;
  const sw = m['snaive-week']?.origins ? (m['snaive-week'] as BacktestResult).mase : Number.NaN;
  console.log(
    r.series.padEnd(26),
    String(r.horizonHours).padStart(3),
    ...METHODS.map((k) => `     ${f3(m[k]?.origins ? m[k]?.mase : Number.NaN)}`),
    f3(fc.mase / sd),
    `  ${f3(fc.mase / (Number.isNaN(sw) ? sd : Math.min(sd, sw)))}`,
    f3(fc.coverage['0.8']),
    f3(fc.coverage['0.95']),
    fc.smape.toFixed(1).padStart(7),
    (fc.msPerForecast ?? Number.NaN).toFixed(0).padStart(5),
  );
}

const ratioDay = rows.map(
  (r) => (r.methods.forecast as BacktestResult).mase / (r.methods['snaive-day'] as BacktestResult).mase,
);
const ratioBest = rows.map((r) => {
  const sd = (r.methods['snaive-day'] as BacktestResult).mase;
  const sw = r.methods['snaive-week']?.origins ? (r.methods['snaive-week'] as BacktestResult).mase : sd;
  return (r.methods.forecast as BacktestResult).mase / Math.min(sd, sw);
});
const meanMase = Object.fromEntries(
  METHODS.map((k) => [
    k,
    mean(rows.filter((r) => r.methods[k]?.origins).map((r) => r.methods[k]?.mase as number)),
  ]),
);
const summary = {
  meanMase,
  /** Mean MASE of forecast over mean MASE of daily seasonal naive (the acceptance ratio, ≤ 0.85). */
  maseRatioOfMeans: (meanMase.forecast as number) / (meanMase['snaive-day'] as number),
  /** Mean over series × horizon of MASE(forecast)/MASE(daily seasonal naive). */
  meanMaseRatioVsDailySnaive: mean(ratioDay),
  /** The same against the better of daily and weekly seasonal naive for each row (stricter). */
  meanMaseRatioVsBestSnaive: mean(ratioBest),
  coverage80: mean(rows.map((r) => (r.methods.forecast as BacktestResult).coverage['0.8'] as number)),
  coverage95: mean(rows.map((r) => (r.methods.forecast as BacktestResult).coverage['0.95'] as number)),
};
const targets = {
  maseRatio: {
    max: 0.85,
    met: summary.maseRatioOfMeans <= 0.85 && summary.meanMaseRatioVsDailySnaive <= 0.85,
  },
  coverage80: { range: [0.75, 0.85], met: summary.coverage80 >= 0.75 && summary.coverage80 <= 0.85 },
  coverage95: { range: [0.92, 0.98], met: summary.coverage95 >= 0.92 && summary.coverage95 <= 0.98 },
};
console.log(
  '\nmean MASE:',
  Object.entries(meanMase)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join(', '),
);
console.log(
  `MASE ratio forecast / seasonal naive (day): of means ${summary.maseRatioOfMeans.toFixed(3)}, mean of ratios ${summary.meanMaseRatioVsDailySnaive.toFixed(3)}; vs best of day/week ${summary.meanMaseRatioVsBestSnaive.toFixed(3)}`,
);
console.log(`coverage: 80% ${summary.coverage80.toFixed(3)}, 95% ${summary.coverage95.toFixed(3)}`);
console.log(
  'targets met:',
  JSON.stringify(Object.fromEntries(Object.entries(targets).map(([k, v]) => [k, v.met]))),
);

/** Per method: mean MASE ratio to the daily seasonal naive, mean coverages, mean ms per forecast. */
const ablationSummary = args.ablation
  ? Object.fromEntries(
      ['forecast', 'stl-ets', 'ets-direct', 'normal-PI'].map((k) => {
        const of = (r: Row) => r.methods[k] as BacktestResult & { msPerForecast?: number };
        return [
          k,
          {
            meanMaseRatioVsDailySnaive: mean(
              rows.map((r) => of(r).mase / (r.methods['snaive-day'] as BacktestResult).mase),
            ),
            coverage80: mean(rows.map((r) => of(r).coverage['0.8'] as number)),
            coverage95: mean(rows.map((r) => of(r).coverage['0.95'] as number)),
            msPerForecast: mean(rows.map((r) => of(r).msPerForecast ?? Number.NaN)),
          },
        ];
      }),
    )
  : undefined;
if (ablationSummary) {
  console.log('\nablation (same origins):', 'method'.padEnd(11), 'MASE/snaive', '  c80', '   c95', '  ms');
  for (const [k, v] of Object.entries(ablationSummary)) {
    console.log(
      ''.padEnd(25),
      k.padEnd(11),
      f3(v.meanMaseRatioVsDailySnaive).padStart(11),
      f3(v.coverage80),
      f3(v.coverage95),
      v.msPerForecast.toFixed(0).padStart(5),
    );
  }
}

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
        originsSpan:
          'evenly spaced over the second half of each series; history = everything before the origin',
        horizonsHours: HORIZONS_HOURS,
        levels: [0.8, 0.95],
        forecast: 'autoForecast defaults, periods from seasonalPeriods(stepSec, history length)',
      },
      summary,
      targets,
      ablation: ablationSummary,
      rows,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${args.out}`);

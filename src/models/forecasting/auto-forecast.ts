import { type FittedBats, fitBats } from './bats-fit.js';
import { batsForecastVariance, batsPointForecast, simulateBatsPaths } from './bats-forecast.js';
import { batsHorizonError } from './bats-horizon-error.js';
import { batsName } from './bats-model.js';
import { boxCox, boxCoxMean, guerreroLambda, inverseBoxCox } from './box-cox.js';
import { clippedShockBias } from './clipped-shock-bias.js';
import { errorQuantileBands } from './error-quantile-bands.js';
import { type FittedEts, fitEts } from './ets-fit.js';
import { etsForecastVariance, etsPointForecast, hasAnalyticVariance } from './ets-forecast.js';
import { etsCandidates, selectEts } from './ets-select.js';
import { simulateEtsPaths } from './ets-simulate.js';
import { etsName } from './ets-spec.js';
import { DEFAULT_LEVELS, type Forecast, type PredictionInterval } from './forecast.js';
import { normalIntervals, pathIntervals, pathVariance } from './interval-bounds.js';
import { type OutOfSampleResult, selectOutOfSample } from './out-of-sample-selection.js';
import {
  anchoredBatsCandidate,
  batsCandidate,
  etsCandidate,
  naiveCandidate,
  type PointCandidate,
  seasonalMedianCandidate,
  thetaCandidate,
} from './point-candidates.js';
import { sampleQuantiles } from './sample-quantiles.js';
import { seasonalStartFromMstl } from './seasonal-start.js';
import { mulberry32, normalSource, residualResampler } from './seeded-random.js';
import { clampToSupport, type SeriesSupport, type SupportSetting, seriesSupport } from './series-support.js';

/** Options of {@link autoForecast}. */
export interface AutoForecastOptions {
  /** Steps to forecast, ≥ 1. */
  horizon: number;
  /** Seasonal periods in steps (see `seasonalPeriods`); periods without two full cycles are ignored. */
  periods: readonly number[];
  /** Interval coverage levels. @defaultValue [0.8, 0.95] */
  levels?: readonly number[];
  /** Box–Cox λ: 'auto' (Guerrero's criterion over log, square root, none), a fixed λ, or 'none'. @defaultValue 'auto' */
  boxCox?: 'auto' | 'none' | number;
  /** Fewest observed values to forecast from; fewer → insufficient. @defaultValue 10 */
  minObservations?: number;
  /**
   * Interval method: 'normal' (analytic variance, Gaussian) or 'bootstrap' (paths with resampled
   * residuals, which keeps heavy tails). @defaultValue 'bootstrap'
   */
  intervals?: 'normal' | 'bootstrap';
  /** Simulated paths, when simulating. @defaultValue 1000 */
  paths?: number;
  /** Seed of the simulations (results are reproducible). @defaultValue 1 */
  seed?: number;
  /**
   * How seasonal series are modelled: 'bats' (default, see step 4 below), or — for comparison — 'stl-ets'
   * (R's stlf/mstl: non-seasonal ETS by AICc on the MSTL-adjusted series, each seasonal component's
   * last cycle repeated) or 'ets' (the seasonal ETS family by AICc on the shortest period directly,
   * seasonal starting states heuristic). @defaultValue 'bats'
   */
  seasonalMethod?: 'bats' | 'stl-ets' | 'ets';
  /**
   * Huber constant k of the robust seasonal model fit: innovations beyond k robust scales (bursts,
   * outages) move its states by at most k scales; 0 for plain maximum likelihood. @defaultValue 2
   */
  huberK?: number;
  /**
   * How the point forecast is chosen: 'out-of-sample' (default) scores naive, seasonal naive, seasonal
   * median, SES, damped trend, Theta and the model above on rolling origins over the end of the
   * history at the requested horizon and keeps the best, or the median of the best three (see
   * `selectOutOfSample`); 'model' keeps the model above. @defaultValue 'out-of-sample'
   */
  selection?: 'out-of-sample' | 'model';
  /** Range forecasts and bands are clamped to (see `seriesSupport`). @defaultValue 'auto' */
  support?: SupportSetting;
}

/** Share of the fitted model's out-of-sample MAE a simpler candidate must beat to replace it (tuned on the dev half). */
const INCUMBENT_MARGIN = 0.9;

/** Cycles of history a season longer than the shortest needs: with two weeks, one burst is half the evidence. */
const LONG_SEASON_CYCLES = 3;

/** A forecast, or why there is none. */
export type AutoForecastResult =
  | {
      status: 'forecast';
      forecast: Forecast;
      /** Box–Cox λ used; null when untransformed. */
      lambda: number | null;
      /** Offset c added before the transform (z = BoxCox(y + c, λ)); 0 unless the series has zeros. */
      offset: number;
      /** Seasonal periods with two full cycles of history, steps (the model may use fewer: see `forecast.method`). */
      periods: number[];
      /** AICc of the fitted model (on the transformed scale). */
      aicc: number;
      /** The range the forecast was clamped to. */
      support: SeriesSupport;
    }
  | { status: 'insufficient'; reason: string; observed: number };

type Candidate =
  | { kind: 'ets'; fit: FittedEts }
  | { kind: 'bats'; fit: FittedBats }
  | { kind: 'stl-ets'; fit: FittedEts; seasonalPath: Float64Array; periods: number[] };

/**
 * Automatic forecasting of one regular series:
 *
 * 1. leading gaps are trimmed; with fewer than `minObservations` values the answer is 'insufficient';
 * 2. a Box–Cox λ (log, square root or none) is chosen by Guerrero's criterion; a series with zeros
 *    is shifted first by its smallest positive value c (one event for counts), z = BoxCox(y + c, λ) —
 *    the log(y + 1) of count data — so bursts and level shifts act multiplicatively without log 0;
 * 3. without seasonal periods, the non-seasonal ETS models (errors A, and M for positive untransformed
 *    data; trends N, A, Ad) are compared by AICc;
 * 4. with seasonal periods, a multi-seasonal exponential smoothing model with AR(1) errors (BATS
 *    without trend, see `BatsSpec`; with one period and φ = 0 it is ETS(A,N,A)) is fitted — robustly:
 *    Huber-cleaned updates, so bursts and outages do not move its states — with seasonal states
 *    started from a robust MSTL decomposition; with several periods the nested sets (day; day + week)
 *    compete on in-sample error at the requested horizon. The states are updated causally, so
 *    in-sample errors are genuine one-step forecast errors and the intervals are honest about them.
 *    (`seasonalMethod` offers the seasonal ETS family and R's stlf approach for comparison; they are not
 *    mixed into one AICc ranking, since a robust and a Gaussian fit cannot be ranked by one AICc);
 * 5. intervals come from the model on the transformed scale — sample paths with bootstrapped residuals
 *    and re-centred clipped shocks (default) or the analytic normal variance — and are transformed back
 *    (quantiles survive a monotone transform). The point forecast is the median path; `mean` the
 *    bias-adjusted mean (second-order, FPP3 §5.6), bounded by the widest band;
 * 6. the point forecast is then chosen out of sample (`selection`, see `selectOutOfSample`) among
 *    simple methods, the model and the model with its level anchored; a simpler choice gets bands from
 *    its out-of-sample errors, no narrower than the model's; everything is clamped to the support.
 *    A season longer than the shortest needs three cycles of history.
 *
 * Gaps (NaN) are never filled for the model: the likelihood skips them.
 *
 * References: Hyndman et al. (2008), "Forecasting with Exponential Smoothing"; De Livera, Hyndman &
 * Snyder (2011), JASA 106(496); Bandara, Hyndman & Bergmeir (2021), MSTL; FPP3 §3.1, §5.5, §5.6.
 *
 * @param values series on a regular grid (NaN = missing)
 * @example autoForecast(values, { horizon: 24, periods: [288, 2016] })
 */
export function autoForecast(values: ArrayLike<number>, options: AutoForecastOptions): AutoForecastResult {
  const { horizon } = options;
  const levels = options.levels ?? DEFAULT_LEVELS;
  const minObservations = options.minObservations ?? 10;
  let first = 0;
  while (first < values.length && Number.isNaN(values[first] as number)) first++;
  const y = Float64Array.from({ length: values.length - first }, (_, i) => values[first + i] as number);
  let observed = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const v of y) {
    if (Number.isNaN(v)) continue;
    observed++;
    min = Math.min(min, v);
  }
  if (observed < minObservations) {
    return {
      status: 'insufficient',
      reason: `${observed} observed values; at least ${minObservations} are needed to fit a forecasting model`,
      observed,
    };
  }
  const support = seriesSupport(y, options.support ?? 'auto');
  const periods = [...new Set(options.periods)]
    .filter((p) => p >= 2 && 2 * p <= y.length)
    .sort((a, b) => a - b)
    .filter((p, i) => i === 0 || LONG_SEASON_CYCLES * p <= y.length);
  const offset = min === 0 ? smallestPositive(y) : 0;
  const shifted = offset === 0 ? y : y.map((v) => v + offset);
  const lambda = chooseLambda(shifted, periods, min + offset, options.boxCox ?? 'auto');
  const z = lambda === null ? y : shifted.map((v) => (Number.isNaN(v) ? v : boxCox(v, lambda)));

  const multiplicative = lambda === null && min > 0;
  const method = options.seasonalMethod ?? 'bats';
  let best: Candidate;
  if (periods.length === 0) {
    best = { kind: 'ets', fit: selectEts(z, etsCandidates({ period: 1, multiplicative })).best };
  } else if (method === 'bats') {
    best = { kind: 'bats', fit: fitSeasonal(z, periods, horizon, options) };
  } else if (method === 'ets') {
    const specs = etsCandidates({ period: periods[0] as number, multiplicative }).filter(
      (c) => c.season !== 'N',
    );
    best = { kind: 'ets', fit: selectEts(z, specs).best };
  } else {
    best = stlEts(z, periods, horizon, multiplicative);
  }

  let { point, variance, intervals } = modelScaleForecast(best, horizon, levels, options);
  const floor = min >= 0 ? Math.max(0, support.lower) : support.lower;
  const back = (v: number) =>
    Math.min(
      support.upper,
      lambda === null ? Math.max(support.lower, v) : Math.max(floor, inverseBoxCox(v, lambda) - offset),
    );
  const chosen =
    (options.selection ?? 'out-of-sample') === 'out-of-sample' && (periods.length === 0 || method === 'bats')
      ? chooseOutOfSample(z, best, periods, horizon, back)
      : null;
  const chosenName = chosen?.selection.chosen;
  if (chosenName === 'bats-anchored' && chosen?.levelPull) {
    // The model's paths, level pulled back to its anchor: the same band, shifted.
    const shift = chosen.levelPull;
    const by = (a: Float64Array) => a.map((v, h) => v + (shift[h] as number));
    point = by(point);
    intervals = intervals.map((iv) => ({ level: iv.level, lower: by(iv.lower), upper: by(iv.upper) }));
  } else if (chosen && chosenName !== candidateName(best)) {
    const bands = errorQuantileBands(chosen.point, chosen.errors, levels);
    // The chosen method's out-of-sample errors come from a few days and were picked for being small:
    // each side of its band is at least as wide as the fitted model's.
    intervals = bands.intervals.map((iv, i) => widerBand(iv, chosen.point, intervals[i], point));
    variance = bands.variance.map((v, h) => Math.max(v, variance[h] as number));
    point = chosen.point;
  }
  const mean =
    lambda === null
      ? Float64Array.from(point)
      : point.map((p, h) => boxCoxMean(p, variance[h] as number, lambda) - offset);
  const widest = intervals.reduce<PredictionInterval | undefined>(
    (w, iv) => (w === undefined || iv.level > w.level ? iv : w),
    undefined,
  );
  // The mean of a skewed back-transformed distribution may not exceed its widest band's upper bound.
  if (widest)
    for (let h = 0; h < horizon; h++) mean[h] = Math.min(mean[h] as number, back(widest.upper[h] as number));
  const forecast: Forecast = {
    point: point.map(back),
    mean: clampToSupport(
      mean.map((v) => Math.max(floor, v)),
      support,
    ),
    intervals: intervals.map(({ level, lower, upper }) => ({
      level,
      lower: lower.map(back),
      upper: upper.map(back),
    })),
    method: chosen ? describeChoice(chosen, best, lambda) : describe(best, lambda),
    ...(chosen ? { selection: chosen.selection } : {}),
  };
  return {
    status: 'forecast',
    forecast,
    lambda,
    offset: lambda === null ? 0 : offset,
    periods,
    aicc: best.fit.criteria.aicc,
    support,
  };
}

/**
 * The simple candidates next to the fitted model, scored out of sample at the requested horizon (see
 * `selectOutOfSample`). SES and the damped trend are fitted once on the whole history.
 */
function chooseOutOfSample(
  z: Float64Array,
  model: Candidate,
  periods: number[],
  horizon: number,
  back: (v: number) => number,
): (OutOfSampleResult & { levelPull?: Float64Array }) | null {
  const m = periods[0] ?? 1;
  // Starting levels from the heuristic, not estimated: the candidates are scored far from the start.
  const quick = { optimiseInitialState: false };
  const ses = fitEts(z, { error: 'A', trend: 'N', season: 'N', period: 1 }, quick);
  const candidates: PointCandidate[] = [
    naiveCandidate(z),
    etsCandidate('ses', z, ses),
    etsCandidate('damped', z, fitEts(z, { error: 'A', trend: 'Ad', season: 'N', period: 1 }, quick)),
    thetaCandidate(z, ses),
  ];
  if (m > 1) {
    candidates.push(seasonalMedianCandidate(z, m, 1));
    candidates.push(seasonalMedianCandidate(z, m, Math.min(7, Math.floor(z.length / m))));
  }
  let pull: ((origin: number, horizon: number) => Float64Array) | undefined;
  if (model.kind === 'bats') {
    const bats = batsCandidate(z, model.fit);
    const anchored = anchoredBatsCandidate(z, model.fit, m, Math.max(1, m / 4), bats);
    pull = anchored.levelPull;
    candidates.push(bats, anchored);
  } else {
    candidates.push(etsCandidate(candidateName(model), z, model.fit));
  }
  const names = model.kind === 'bats' ? ['bats', 'bats-anchored'] : [candidateName(model)];
  const result = selectOutOfSample(z, candidates, {
    horizon,
    period: m,
    back,
    minOrigin: m > 1 ? m : 10,
    incumbent: { names, margin: INCUMBENT_MARGIN },
  });
  return result && { ...result, levelPull: pull?.(z.length, horizon) };
}

/** `band` around `point`, each side widened to at least that of `model` around `modelPoint`. */
function widerBand(
  band: PredictionInterval,
  point: Float64Array,
  model: PredictionInterval | undefined,
  modelPoint: Float64Array,
): PredictionInterval {
  if (!model) return band;
  const lower = band.lower.map((l, h) =>
    Math.min(l, (point[h] as number) - ((modelPoint[h] as number) - (model.lower[h] as number))),
  );
  const upper = band.upper.map((u, h) =>
    Math.max(u, (point[h] as number) + ((model.upper[h] as number) - (modelPoint[h] as number))),
  );
  return { level: band.level, lower, upper };
}

function candidateName(model: Candidate): string {
  return model.kind === 'bats' ? 'bats' : model.kind === 'ets' ? 'ets' : 'stl-ets';
}

/**
 * The multi-seasonal model, choosing its periods: with several, every nested set (shortest period,
 * shortest two, …) is fitted and the one with the smallest in-sample error at the requested horizon
 * over the last week (or half the series) is kept — the one-step likelihood alone favours a weekly
 * profile that helps the next step and hurts the next day.
 */
function fitSeasonal(
  z: Float64Array,
  periods: number[],
  horizon: number,
  options: AutoForecastOptions,
): FittedBats {
  const start = seasonalStartFromMstl(z, periods);
  const huberK = options.huberK ?? 2;
  if (periods.length === 1) return fitBats(z, { periods, arErrors: true }, start, { huberK });
  const window = Math.min(Math.floor(z.length / 2), 7 * (periods[0] as number));
  let best: FittedBats | undefined;
  let bestError = Number.POSITIVE_INFINITY;
  for (let k = 1; k <= periods.length; k++) {
    const spec = { periods: periods.slice(0, k), arErrors: true };
    const initial = { ...start, seasonal: start.seasonal.slice(0, k) };
    const fit = fitBats(z, spec, initial, { huberK });
    const error = batsHorizonError(z, fit, Math.min(horizon, window), window);
    if (best === undefined || error < bestError) {
      best = fit;
      bestError = error;
    }
  }
  return best as FittedBats;
}

/** R's stlf approach: ETS on the MSTL-adjusted series, seasonal components' last cycles repeated. */
function stlEts(z: Float64Array, periods: number[], horizon: number, multiplicative: boolean): Candidate {
  const start = seasonalStartFromMstl(z, periods, { keepComponents: true });
  const components = start.components ?? [];
  const adjusted = z.map((v, t) => {
    let s = v;
    for (const c of components) s -= c[t] as number;
    return s;
  });
  const seasonalPath = new Float64Array(horizon);
  for (const [i, c] of components.entries()) {
    const m = periods[i] as number;
    for (let h = 1; h <= horizon; h++) {
      seasonalPath[h - 1] = (seasonalPath[h - 1] as number) + (c[z.length - m + ((h - 1) % m)] as number);
    }
  }
  const positive = multiplicative && adjusted.every((v) => Number.isNaN(v) || v > 0);
  const fit = selectEts(adjusted, etsCandidates({ period: 1, multiplicative: positive })).best;
  return { kind: 'stl-ets', fit, seasonalPath, periods };
}

function modelScaleForecast(
  model: Candidate,
  horizon: number,
  levels: readonly number[],
  options: AutoForecastOptions,
): { point: Float64Array; variance: Float64Array; intervals: PredictionInterval[] } {
  const uniform = mulberry32(options.seed ?? 1);
  const paths = options.paths ?? 1000;
  const bootstrap = (options.intervals ?? 'bootstrap') === 'bootstrap';
  if (model.kind === 'bats') {
    const point = batsPointForecast(model.fit, horizon);
    if (!bootstrap) {
      const variance = batsForecastVariance(model.fit, horizon);
      return { point, variance, intervals: normalIntervals(point, variance, levels) };
    }
    const bound = model.fit.huber ? model.fit.huber.k * model.fit.huber.scale : Number.POSITIVE_INFINITY;
    const origin = { ...model.fit, shockBias: clippedShockBias(model.fit.residuals, bound) };
    const sims = simulateBatsPaths(origin, horizon, paths, residualResampler(model.fit.residuals, uniform));
    // The point forecast is the median path: with skewed residuals the zero-shock path is not the median.
    const median = sampleQuantiles(sims, horizon, [0.5])[0] as Float64Array;
    return {
      point: median,
      variance: pathVariance(sims, horizon),
      intervals: pathIntervals(sims, horizon, levels),
    };
  }
  const fit = model.fit;
  const shift = model.kind === 'stl-ets' ? model.seasonalPath : new Float64Array(horizon);
  const point = etsPointForecast(fit, horizon).map((p, h) => p + (shift[h] as number));
  if (!bootstrap && hasAnalyticVariance(fit.spec)) {
    const variance = etsForecastVariance(fit, horizon);
    return { point, variance, intervals: normalIntervals(point, variance, levels) };
  }
  const normal = normalSource(uniform);
  const sd = Math.sqrt(fit.sigma2);
  const draw = bootstrap ? residualResampler(fit.residuals, uniform) : () => sd * normal();
  const sims = simulateEtsPaths(fit, horizon, paths, draw);
  for (let i = 0; i < sims.length; i++) sims[i] = (sims[i] as number) + (shift[i % horizon] as number);
  return { point, variance: pathVariance(sims, horizon), intervals: pathIntervals(sims, horizon, levels) };
}

/** Smallest positive observed value: the data's resolution (one event, for counts). */
function smallestPositive(y: Float64Array): number {
  let s = Number.POSITIVE_INFINITY;
  for (const v of y) if (v > 0 && v < s) s = v;
  return Number.isFinite(s) ? s : 1;
}

function chooseLambda(
  y: Float64Array,
  periods: readonly number[],
  min: number,
  setting: 'auto' | 'none' | number,
): number | null {
  if (setting === 'none') return null;
  if (typeof setting === 'number') return setting === 1 ? null : setting;
  if (min < 0) return null;
  const lambda = guerreroLambda(y, periods[0] ?? 2);
  return lambda === 1 ? null : lambda;
}

function describe(model: Candidate, lambda: number | null): string {
  const scale = lambda === null ? 'series' : lambda === 0 ? 'log series' : `Box-Cox(${lambda}) series`;
  if (model.kind === 'bats') {
    return `${batsName(model.fit.spec, lambda)}: ETS(A,N,A) with seasonal periods ${model.fit.spec.periods.join(', ')} and AR(1) errors on the ${scale}, seasonal states started from a robust MSTL`;
  }
  if (model.kind === 'stl-ets') {
    return `${etsName(model.fit.spec)} on the MSTL-adjusted (periods ${model.periods.join(', ')}) ${scale}, seasonal components' last cycles repeated`;
  }
  const m = model.fit.spec.season === 'N' ? '' : `[m=${model.fit.spec.period}]`;
  return `${etsName(model.fit.spec)}${m} on the ${scale}`;
}

/** The method string when the out-of-sample selection ran: the choice, and the model it competed with. */
function describeChoice(chosen: OutOfSampleResult, model: Candidate, lambda: number | null): string {
  const { selection } = chosen;
  const scale = lambda === null ? 'series' : lambda === 0 ? 'log series' : `Box-Cox(${lambda}) series`;
  if (selection.chosen === candidateName(model)) return `${describe(model, lambda)} (chosen out of sample)`;
  if (selection.chosen === 'bats-anchored')
    return `${describe(model, lambda)}, level pulled back to its median over the last cycle (chosen out of sample)`;
  const what =
    selection.chosen === 'median-combination'
      ? `median of ${(selection.members ?? []).join(', ')}`
      : selection.chosen;
  return `${what}: chosen out of sample over ${selection.origins} origins on the ${scale}, bands from its out-of-sample errors`;
}

import type { PointCandidate } from './point-candidates.js';

/** One candidate's out-of-sample score. */
export interface CandidateScore {
  name: string;
  /** Mean absolute error of its point forecasts over the selection origins, in the series' units. */
  mae: number;
}

/** Why the point forecast is what it is: every candidate tried, scored out of sample, and the choice. */
export interface ForecastSelection {
  /** Steps ahead scored (the requested horizon). */
  horizon: number;
  /** Forecast origins in the last part of the history that were scored. */
  origins: number;
  candidates: CandidateScore[];
  /** Name of the chosen candidate, or 'median-combination'. */
  chosen: string;
  /** The candidates whose median is the forecast, when `chosen` is 'median-combination'. */
  members?: string[];
}

/** Options of {@link selectOutOfSample}. */
export interface OutOfSampleOptions {
  horizon: number;
  /** A cycle of the series in steps (a day), or 1: the scored span covers at least one. */
  period: number;
  /** Back-transform from the candidates' scale to the series' units (errors are scored there). */
  back: (z: number) => number;
  /** How many of the best candidates form the median combination. @defaultValue 3 */
  combine?: number;
  /** Earliest allowed origin (enough history for every candidate). */
  minOrigin: number;
  /**
   * The fitted model's candidate names (its variants) and the share of their best MAE another choice
   * must beat: a few days of origins are noisy evidence, and the model has earned its place on the
   * whole history. @defaultValue none
   */
  incumbent?: { names: readonly string[]; margin: number };
}

/** The choice and what the band and forecast need from it. */
export interface OutOfSampleResult {
  selection: ForecastSelection;
  /** Point forecast of the choice from the whole history, on the candidates' scale. */
  point: Float64Array;
  /** Errors z − ẑ of the choice at each scored origin (origin-major, origins × horizon, NaN where missing). */
  errors: Float64Array;
}

/**
 * Chooses a point forecast by its error out of sample: rolling origins over the last part of the
 * history (every ⌈H/4⌉ steps, 6 to 24 origins spanning at least `period` steps), each candidate
 * forecasting H steps from the history before the origin; the score is the MAE in the series' units.
 * The median (per step) of the best `combine` candidates competes too, since a combination of a few
 * good methods is often better than any one of them. In-sample likelihood is not used: it favours
 * models that follow every burst.
 *
 * References: L. J. Tashman (2000), IJF 16(4), 437–450 (rolling origins); FPP3 §5.10 (time series
 * cross-validation), §13.4 (forecast combinations); M4 competition results (Makridakis et al. 2020,
 * IJF 36(1)) on median combinations.
 *
 * @param z the series on the candidates' scale (NaN = missing)
 * @returns null when no origin fits
 */
export function selectOutOfSample(
  z: Float64Array,
  candidates: readonly PointCandidate[],
  options: OutOfSampleOptions,
): OutOfSampleResult | null {
  const { horizon, back } = options;
  const n = z.length;
  const spacing = Math.max(1, Math.ceil(horizon / 4));
  const count = Math.min(24, Math.max(6, Math.ceil(Math.max(options.period, 1) / spacing)));
  const origins: number[] = [];
  for (let j = 0; j < count; j++) {
    const o = n - horizon - j * spacing;
    if (o >= Math.max(1, options.minOrigin)) origins.push(o);
  }
  if (origins.length === 0 || candidates.length === 0) return null;
  origins.reverse(); // ascending: candidates filter their states forward once
  const forecasts = candidates.map((c) => origins.map((o) => c.forecastFrom(o, horizon)));
  const scoreOf = (paths: Float64Array[]) => {
    let sum = 0;
    let k = 0;
    origins.forEach((o, j) => {
      const p = paths[j] as Float64Array;
      for (let h = 0; h < horizon; h++) {
        const e = Math.abs(back(z[o + h] as number) - back(p[h] as number));
        if (Number.isNaN(e)) continue;
        sum += e;
        k++;
      }
    });
    return k > 0 ? sum / k : Number.POSITIVE_INFINITY;
  };
  const scores = candidates.map((c, i) => ({ name: c.name, mae: scoreOf(forecasts[i] as Float64Array[]) }));
  const ranked = scores.map((s, i) => ({ ...s, i })).sort((a, b) => a.mae - b.mae);
  const members = ranked.slice(0, Math.min(options.combine ?? 3, ranked.length));
  const combination = origins.map((_, j) =>
    medianPath(members.map((m) => forecasts[m.i]?.[j] as Float64Array)),
  );
  const combinationMae = members.length > 1 ? scoreOf(combination) : Number.POSITIVE_INFINITY;
  const incumbent = ranked.find((r) => options.incumbent?.names.includes(r.name));
  const margin = options.incumbent?.margin ?? 1;
  const leader = ranked[0] as (typeof ranked)[0];
  const best = incumbent && leader.mae >= margin * incumbent.mae ? incumbent : leader;
  const combined = combinationMae < (best === incumbent ? margin : 1) * best.mae;
  const chosenPaths = combined ? combination : (forecasts[best.i] as Float64Array[]);
  const errors = new Float64Array(origins.length * horizon);
  origins.forEach((o, j) => {
    for (let h = 0; h < horizon; h++)
      errors[j * horizon + h] = (z[o + h] as number) - ((chosenPaths[j] as Float64Array)[h] as number);
  });
  const point = combined
    ? medianPath(members.map((m) => (candidates[m.i] as PointCandidate).forecastFrom(n, horizon)))
    : (candidates[best.i] as PointCandidate).forecastFrom(n, horizon);
  const selection: ForecastSelection = {
    horizon,
    origins: origins.length,
    candidates: [
      ...scores,
      ...(members.length > 1 ? [{ name: 'median-combination', mae: combinationMae }] : []),
    ],
    chosen: combined ? 'median-combination' : best.name,
    ...(combined ? { members: members.map((m) => m.name) } : {}),
  };
  return { selection, point, errors };
}

/** Per-step median of a few paths of equal length. */
function medianPath(paths: Float64Array[]): Float64Array {
  const horizon = paths[0]?.length ?? 0;
  const out = new Float64Array(horizon);
  const column: number[] = [];
  for (let h = 0; h < horizon; h++) {
    column.length = 0;
    for (const p of paths) {
      const v = p[h] as number;
      if (!Number.isNaN(v)) column.push(v);
    }
    column.sort((a, b) => a - b);
    const m = column.length >> 1;
    out[h] =
      column.length === 0
        ? Number.NaN
        : column.length % 2
          ? (column[m] as number)
          : ((column[m - 1] as number) + (column[m] as number)) / 2;
  }
  return out;
}

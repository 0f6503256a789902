import { loessAt, loessSmooth } from './loess.js';

/** Options of {@link stl}; defaults follow statsmodels' `STL` except the jumps, which follow R's `stl`. */
export interface StlOptions {
  /** Seasonal smoother window n_s, in cycles (odd, ≥ 3). @defaultValue 7 */
  seasonalWindow?: number;
  /** Trend window n_t (odd). @defaultValue smallest odd ≥ 1.5·period / (1 − 1.5/n_s) */
  trendWindow?: number;
  /** Low-pass window n_l (odd). @defaultValue smallest odd > period */
  lowPassWindow?: number;
  /** Local polynomial degrees. @defaultValue 1 each */
  seasonalDegree?: 0 | 1;
  trendDegree?: 0 | 1;
  lowPassDegree?: 0 | 1;
  /** Loess evaluated every jump points and interpolated between. @defaultValue ⌈window/10⌉ each */
  seasonalJump?: number;
  trendJump?: number;
  lowPassJump?: number;
  /** Down-weight outliers (bisquare robustness weights). @defaultValue false */
  robust?: boolean;
  /** Inner loop passes n_i. @defaultValue 5 (2 when robust), as statsmodels */
  innerIterations?: number;
  /** Robustness passes n_o. @defaultValue 0 (15 when robust) */
  outerIterations?: number;
}

/** An STL decomposition y = trend + seasonal + remainder. */
export interface StlResult {
  trend: Float64Array;
  seasonal: Float64Array;
  remainder: Float64Array;
  /** Final robustness weights (all 1 unless robust). */
  weights: Float64Array;
}

const nextOdd = (x: number) => {
  const k = Math.ceil(x);
  return k % 2 === 0 ? k + 1 : k;
};

/**
 * Seasonal-trend decomposition by loess (STL): the inner loop alternates cycle-subseries loess smoothing
 * (seasonal), a low-pass filter (moving averages of lengths m, m, 3 then loess) removed from it, and
 * loess of the deseasonalised series (trend); the outer loop sets bisquare robustness weights from the
 * remainder, B(|r|/(6·median|r|)). A port of the authors' Fortran (netlib `stl`, as used by R and
 * statsmodels), so results match those implementations given the same windows, degrees and jumps.
 *
 * Reference: R. B. Cleveland, W. S. Cleveland, J. E. McRae & I. Terpenning (1990), "STL: A
 * Seasonal-Trend Decomposition Procedure Based on Loess", Journal of Official Statistics 6(1), 3–73.
 *
 * @param y series without missing values, length ≥ 2·period
 * @param period seasonal period m in steps, ≥ 2
 * @example stl(Float64Array.from({ length: 24 }, (_, t) => [1, -1, 0][t % 3] as number), 3).seasonal[0] // ≈ 1
 */
export function stl(y: ArrayLike<number>, period: number, options: StlOptions = {}): StlResult {
  const n = y.length;
  const np = Math.max(2, Math.round(period));
  if (n < 2 * np) throw new RangeError(`stl needs two full periods (${2 * np} values), got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i] as number)) throw new RangeError('stl needs a series without missing values');
  }
  const robust = options.robust ?? false;
  const ns = Math.max(3, nextOdd(options.seasonalWindow ?? 7));
  const nt = Math.max(3, nextOdd(options.trendWindow ?? (1.5 * np) / (1 - 1.5 / ns)));
  const nl = Math.max(3, nextOdd(options.lowPassWindow ?? np + 1));
  const isdeg = options.seasonalDegree ?? 1;
  const itdeg = options.trendDegree ?? 1;
  const ildeg = options.lowPassDegree ?? 1;
  const nsjump = options.seasonalJump ?? Math.ceil(ns / 10);
  const ntjump = options.trendJump ?? Math.ceil(nt / 10);
  const nljump = options.lowPassJump ?? Math.ceil(nl / 10);
  const ni = options.innerIterations ?? (robust ? 2 : 5);
  const no = options.outerIterations ?? (robust ? 15 : 0);

  const trend = new Float64Array(n);
  const season = new Float64Array(n);
  const rw = new Float64Array(n).fill(1);
  const w1 = new Float64Array(n + 2 * np);
  const c = new Float64Array(n + 2 * np);
  const w3 = new Float64Array(n + 2 * np);
  const w4 = new Float64Array(n + 2 * np);
  const sub = new SubseriesBuffers(Math.floor((n - 1) / np) + 1);
  let userw = false;

  for (let outer = 0; ; outer++) {
    for (let inner = 0; inner < ni; inner++) {
      for (let i = 0; i < n; i++) w1[i] = (y[i] as number) - (trend[i] as number);
      cycleSubseriesSmooth(w1, n, np, ns, isdeg, nsjump, userw ? rw : null, c, sub);
      lowPassFilter(c, n + 2 * np, np, w3, w1);
      loessSmooth(w3, n, nl, ildeg, nljump, null, w1);
      for (let i = 0; i < n; i++) season[i] = (c[np + i] as number) - (w1[i] as number);
      for (let i = 0; i < n; i++) w1[i] = (y[i] as number) - (season[i] as number);
      loessSmooth(w1, n, nt, itdeg, ntjump, userw ? rw : null, trend);
    }
    if (outer >= no) break;
    for (let i = 0; i < n; i++) w4[i] = (trend[i] as number) + (season[i] as number);
    robustnessWeights(y, n, w4, rw);
    userw = true;
  }
  if (no <= 0) rw.fill(1);
  const remainder = new Float64Array(n);
  for (let i = 0; i < n; i++) remainder[i] = (y[i] as number) - (trend[i] as number) - (season[i] as number);
  return { trend, seasonal: season, remainder, weights: rw };
}

class SubseriesBuffers {
  readonly values: Float64Array;
  readonly weights: Float64Array;
  readonly smooth: Float64Array;
  constructor(length: number) {
    this.values = new Float64Array(length);
    this.weights = new Float64Array(length);
    this.smooth = new Float64Array(length + 2);
  }
}

/**
 * Loess of each cycle-subseries, extended by one cycle at both ends (netlib `stlss`); `out` has length
 * n + 2·np and `out[np + i]` lines up with `y[i]`.
 */
function cycleSubseriesSmooth(
  y: Float64Array,
  n: number,
  np: number,
  ns: number,
  isdeg: 0 | 1,
  nsjump: number,
  rw: Float64Array | null,
  out: Float64Array,
  buf: SubseriesBuffers,
): void {
  const { values, weights, smooth } = buf;
  const inner = smooth.subarray(1);
  for (let j = 1; j <= np; j++) {
    const k = Math.floor((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) values[i - 1] = y[(i - 1) * np + j - 1] as number;
    if (rw) for (let i = 1; i <= k; i++) weights[i - 1] = rw[(i - 1) * np + j - 1] as number;
    const w = rw ? weights : null;
    loessSmooth(values, k, ns, isdeg, nsjump, w, inner);
    const first = loessAt(values, k, ns, isdeg, 0, 1, Math.min(ns, k), w);
    smooth[0] = Number.isNaN(first) ? (smooth[1] as number) : first;
    const last = loessAt(values, k, ns, isdeg, k + 1, Math.max(1, k - ns + 1), k, w);
    smooth[k + 1] = Number.isNaN(last) ? (smooth[k] as number) : last;
    for (let m = 1; m <= k + 2; m++) out[(m - 1) * np + j - 1] = smooth[m - 1] as number;
  }
}

/** Moving averages of lengths np, np and 3 of `x` (netlib `stlfts`); `out` gets n − 2·np values. */
function lowPassFilter(x: Float64Array, n: number, np: number, out: Float64Array, work: Float64Array): void {
  movingAverage(x, n, np, out);
  movingAverage(out, n - np + 1, np, work);
  movingAverage(work, n - 2 * np + 2, 3, out);
}

function movingAverage(x: Float64Array, n: number, len: number, out: Float64Array): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i] as number;
  out[0] = v / len;
  for (let j = 1; j < newn; j++) {
    v += (x[len + j - 1] as number) - (x[j - 1] as number);
    out[j] = v / len;
  }
}

/** Bisquare robustness weights from |y − fit| (netlib `stlrwt`): h = 6 · median |r|. */
function robustnessWeights(y: ArrayLike<number>, n: number, fit: Float64Array, rw: Float64Array): void {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs((y[i] as number) - (fit[i] as number));
  const sorted = Float64Array.from(r).sort();
  const mid1 = Math.floor((n + 1) / 2) - 1;
  const mid2 = Math.floor(n / 2);
  const cmad = 3 * ((sorted[mid1] as number) + (sorted[mid2] as number));
  const c9 = 0.999 * cmad;
  const c1 = 0.001 * cmad;
  for (let i = 0; i < n; i++) {
    const ri = r[i] as number;
    if (ri <= c1) rw[i] = 1;
    else if (ri <= c9) rw[i] = (1 - (ri / cmad) ** 2) ** 2;
    else rw[i] = 0;
  }
}

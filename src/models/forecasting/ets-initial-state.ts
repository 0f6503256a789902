import type { EtsSpec, EtsState } from './ets-spec.js';

/** Largest number of leading values the level/trend regression uses. */
const LEVEL_POINTS = 10;
/** Largest number of leading seasonal cycles the seasonal start uses. */
const SEASON_CYCLES = 5;

/**
 * Heuristic starting state x_0 of an ETS model, after Hyndman et al. (2008) §2.6.1: for seasonal
 * models, a centred moving average (2×m for even m) over the first two to five cycles is the trend; the
 * mean per phase of the detrended values (difference, or ratio for multiplicative seasonality),
 * normalised to sum 0 (or average 1), is s_{−m+1}, …, s_0. ℓ_0 and b_0 are the intercept and slope of a
 * least-squares line through the first ten (seasonally adjusted) observed values; without a trend ℓ_0
 * is their mean. Missing values are skipped.
 *
 * @param values series (NaN = missing); seasonal models need two full cycles
 * @example etsInitialState(Float64Array.from([1, 2, 3]), { error: 'A', trend: 'A', season: 'N',
 *   period: 1 }) // { level: 0, trend: 1, seasonal: Float64Array [] }
 */
export function etsInitialState(values: ArrayLike<number>, spec: EtsSpec): EtsState {
  const m = spec.season === 'N' ? 0 : spec.period;
  const seasonal = new Float64Array(m);
  const n = values.length;
  if (m > 0) {
    const cycles = Math.min(SEASON_CYCLES, Math.floor(n / m));
    if (cycles < 2) throw new RangeError(`seasonal ETS needs two full cycles (${2 * m} values), got ${n}`);
    const trend = centredMovingAverage(values, m, cycles * m);
    const sums = new Float64Array(m);
    const counts = new Uint32Array(m);
    for (let t = 0; t < cycles * m; t++) {
      const v = values[t] as number;
      const c = trend[t] as number;
      if (Number.isNaN(v) || Number.isNaN(c)) continue;
      const phase = t % m;
      sums[phase] = (sums[phase] as number) + (spec.season === 'M' ? v / c : v - c);
      counts[phase] = (counts[phase] as number) + 1;
    }
    const neutral = spec.season === 'M' ? 1 : 0;
    for (let j = 0; j < m; j++) {
      const c = counts[j] as number;
      seasonal[j] = c > 0 ? (sums[j] as number) / c : neutral;
    }
    let mean = 0;
    for (let j = 0; j < m; j++) mean += (seasonal[j] as number) / m;
    for (let j = 0; j < m; j++) {
      seasonal[j] = spec.season === 'M' ? (seasonal[j] as number) / mean : (seasonal[j] as number) - mean;
    }
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = 0; t < n && xs.length < LEVEL_POINTS; t++) {
    const v = values[t] as number;
    if (Number.isNaN(v)) continue;
    const s = m > 0 ? (seasonal[t % m] as number) : spec.season === 'M' ? 1 : 0;
    xs.push(t + 1);
    ys.push(spec.season === 'M' ? v / s : v - s);
  }
  if (ys.length === 0) throw new RangeError('etsInitialState needs at least one observed value');
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  if (spec.trend === 'N' || xs.length < 2) return { level: meanY, trend: 0, seasonal };
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += ((xs[i] as number) - meanX) * ((ys[i] as number) - meanY);
    sxx += ((xs[i] as number) - meanX) ** 2;
  }
  const slope = sxy / sxx;
  return { level: meanY - slope * meanX, trend: slope, seasonal };
}

/**
 * Centred moving average of order m (2×m for even m) over the first `length` values, NaN where the
 * window does not fit or holds no observed value; missing values are left out of the average.
 */
function centredMovingAverage(values: ArrayLike<number>, m: number, length: number): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN);
  const half = Math.floor(m / 2);
  for (let t = half; t + half < length; t++) {
    let sum = 0;
    let weight = 0;
    for (let k = -half; k <= half; k++) {
      const v = values[t + k] as number;
      if (Number.isNaN(v)) continue;
      const w = m % 2 === 0 && Math.abs(k) === half ? 0.5 : 1;
      sum += w * v;
      weight += w;
    }
    if (weight > 0) out[t] = sum / weight;
  }
  return out;
}

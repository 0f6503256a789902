import { quantileSorted } from 'simple-statistics';
import { DEFAULT_LEVELS, type Forecast } from './forecast.js';

/**
 * The summary model's forecast: flat at the mean of the observed history, with intervals from the
 * history's own quantiles ((1 ∓ level)/2, R type 7) — what assuming "the future looks like the window"
 * amounts to.
 *
 * @param history series (NaN = missing), at least one observed value
 * @example meanForecast(Float64Array.from([1, 2, 3]), 2).point // Float64Array [2, 2]
 */
export function meanForecast(
  history: ArrayLike<number>,
  horizon: number,
  levels: readonly number[] = DEFAULT_LEVELS,
): Forecast {
  const observed = Array.from(history).filter((v) => !Number.isNaN(v));
  if (observed.length === 0) throw new RangeError('meanForecast needs at least one observed value');
  const sorted = observed.sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const flat = (v: number) => new Float64Array(horizon).fill(v);
  return {
    point: flat(mean),
    mean: flat(mean),
    intervals: levels.map((level) => ({
      level,
      lower: flat(quantileSorted(sorted, (1 - level) / 2)),
      upper: flat(quantileSorted(sorted, (1 + level) / 2)),
    })),
    method: 'summary mean',
  };
}

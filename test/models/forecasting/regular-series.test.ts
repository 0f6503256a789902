import { describe, expect, it } from 'vitest';
import { fillGapsLinear } from '../../../src/models/forecasting/fill-gaps.js';
import { inferStepSec, toRegularSeries } from '../../../src/models/forecasting/regular-series.js';
import { seasonalPeriods } from '../../../src/models/forecasting/seasonal-periods.js';

describe('toRegularSeries', () => {
  it('puts points on the grid and leaves missing steps as NaN, never zero', () => {
    const s = toRegularSeries(
      [
        [0, 1],
        [120, 3],
        [180, 0],
      ],
      60,
    );
    expect(Array.from(s.values)).toEqual([1, Number.NaN, 3, 0]);
    expect(s.observed).toBe(3);
    expect(s.startSec).toBe(0);
  });

  it('infers the step from the most common spacing, ignoring a few gaps', () => {
    expect(inferStepSec([0, 300, 600, 1200, 1500, 1800])).toBe(300);
    expect(
      toRegularSeries([
        [1800, 5],
        [0, 1],
        [300, 2],
        [600, 3],
        [1200, 4],
      ]).values,
    ).toHaveLength(7);
  });

  it('rounds off-grid timestamps to the nearest step and averages duplicates', () => {
    const s = toRegularSeries(
      [
        [0, 2],
        [61, 4],
        [59, 6],
      ],
      60,
    );
    expect(Array.from(s.values)).toEqual([2, 5]);
  });

  it('skips non-finite values', () => {
    const s = toRegularSeries(
      [
        [0, 1],
        [60, Number.NaN],
        [120, 3],
      ],
      60,
    );
    expect(s.observed).toBe(2);
    expect(s.values[1]).toBeNaN();
  });
});

describe('fillGapsLinear', () => {
  it('interpolates interior gaps and carries the ends', () => {
    expect(
      Array.from(fillGapsLinear(Float64Array.of(Number.NaN, 1, Number.NaN, Number.NaN, 4, Number.NaN))),
    ).toEqual([1, 1, 2, 3, 4, 4]);
  });
});

describe('seasonalPeriods', () => {
  it.each([
    [60, 7 * 1440, [1440]],
    [60, 14 * 1440, [1440, 10080]],
    [300, 28 * 288, [288, 2016]],
    [1800, 30 * 48, [48, 336]],
    [60, 1439 * 2, []],
    [3600, 48, [24]],
    [86_400, 800, [7, 365]],
    [7 * 86_400, 104, [52]],
    [420, 10_000, [1440]], // 7 minutes divides a week but not a day
  ])('step %d s, %d steps of history → %j', (stepSec, length, expected) => {
    expect(seasonalPeriods(stepSec, length)).toEqual(expected);
  });
});

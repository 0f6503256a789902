const DAY_SEC = 86_400;
const WEEK_SEC = 7 * DAY_SEC;
const YEAR_SEC = 365.25 * DAY_SEC;

/** Options of {@link seasonalPeriods}. */
export interface SeasonalPeriodsOptions {
  /** Full cycles of history a period needs before it is modelled. @defaultValue 2 */
  minCycles?: number;
}

/**
 * The calendar seasonalities a series can show, in steps, ascending: a day and a week for sub-daily
 * steps that divide them, a week and a year (365 steps) for daily data, a year (52) for weekly data. A
 * period is kept only when the history holds at least `minCycles` full cycles of it (with fewer, a
 * seasonal profile cannot be told apart from the level and noise; Hyndman & Athanasopoulos, FPP3 §3.1).
 *
 * @param stepSec sampling step, s
 * @param length number of steps of history (observed or not)
 * @returns seasonal periods in steps, ascending; empty when none is supported
 * @example seasonalPeriods(300, 8064) // [288, 2016] — 28 days of 5-minute data: daily and weekly
 */
export function seasonalPeriods(
  stepSec: number,
  length: number,
  options: SeasonalPeriodsOptions = {},
): number[] {
  const minCycles = options.minCycles ?? 2;
  const candidates: number[] = [];
  if (stepSec < DAY_SEC) {
    for (const cycle of [DAY_SEC, WEEK_SEC]) {
      const p = cycle / stepSec;
      if (Number.isInteger(p)) candidates.push(p);
    }
  } else if (stepSec === DAY_SEC) {
    candidates.push(7, 365);
  } else if (stepSec === WEEK_SEC) {
    candidates.push(52);
  } else {
    const p = Math.round(YEAR_SEC / stepSec);
    if (Math.abs(p - YEAR_SEC / stepSec) < 0.1) candidates.push(p);
  }
  return candidates.filter((p) => p >= 2 && length >= minCycles * p);
}

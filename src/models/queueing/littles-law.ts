import { requireRate, requireTime } from './queue-arguments.js';

/**
 * Little's law: the mean number of items in a system equals the arrival rate times the mean time an
 * item spends in it, L = λ·W. It holds for any stationary system, whatever the distributions.
 *
 * Reference: J. D. C. Little (1961), "A proof for the queuing formula L = λW", Operations Research
 * 9(3):383–387.
 *
 * @param arrivalRatePerSec λ ≥ 0, items per second
 * @param timeInSystemMs mean time in the system W ≥ 0, milliseconds
 * @returns mean number of items in the system (dimensionless)
 * @example littlesLaw(200, 15) // 3
 */
export function littlesLaw(arrivalRatePerSec: number, timeInSystemMs: number): number {
  requireRate(arrivalRatePerSec, 'arrivalRatePerSec');
  requireTime(timeInSystemMs, 'timeInSystemMs');
  return (arrivalRatePerSec * timeInSystemMs) / 1000;
}

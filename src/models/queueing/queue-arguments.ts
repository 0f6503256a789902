/**
 * Argument checks shared by the queueing formulas. A bad argument is a bug in the caller, so it throws a
 * RangeError; an overloaded queue is a legitimate answer and is reported as a result, never thrown.
 */

/** Requires a finite rate ≥ 0 (per second). */
export function requireRate(value: number, name: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
}

/** Requires a finite time ≥ 0 (milliseconds). */
export function requireTime(value: number, name: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a finite number ≥ 0 (ms), got ${value}`);
  }
}

/** Requires a finite squared coefficient of variation ≥ 0. */
export function requireScv(value: number, name: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(
      `${name} (squared coefficient of variation) must be a finite number ≥ 0, got ${value}`,
    );
  }
}

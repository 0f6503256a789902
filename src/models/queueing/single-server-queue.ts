import { littlesLaw } from './littles-law.js';
import { requireRate, requireTime } from './queue-arguments.js';
import { utilisation } from './utilisation.js';

/** Steady state of a single-server FIFO queue. */
export interface StableQueue {
  stable: true;
  /** ρ = λ·S, in [0, 1). */
  utilisation: number;
  /** Mean wait before service starts, Wq, ms. */
  waitingTimeMs: number;
  /** Mean time in the system, W = Wq + S, ms. */
  sojournTimeMs: number;
  /** Mean number waiting, Lq = λ·Wq (Little). */
  queueLength: number;
  /** Mean number in the system, L = λ·W (Little). */
  numberInSystem: number;
}

/** A queue offered at least as much work as it can do (ρ ≥ 1): it grows without bound, no steady state. */
export interface UnstableQueue {
  stable: false;
  /** ρ = λ·S ≥ 1. */
  utilisation: number;
}

/** What a queueing formula answers: a steady state, or that there is none. Never a negative wait. */
export type SingleServerQueue = StableQueue | UnstableQueue;

/**
 * Builds the steady state of a single-server queue from its mean waiting time: W = Wq + S, then
 * Lq = λ·Wq and L = λ·W by Little's law. Answers `{stable: false}` when ρ = λ·S ≥ 1, without calling
 * `waitingTimeMs` (whose formula has a pole at ρ = 1 and turns negative beyond it).
 *
 * @param arrivalRatePerSec λ ≥ 0, arrivals per second
 * @param serviceTimeMs mean service time S ≥ 0, ms
 * @param waitingTimeMs Wq as a function of ρ (called only when ρ < 1), ms
 * @example singleServerQueue(500, 1, (rho) => (rho / (1 - rho)) * 1).numberInSystem // 1 (M/M/1, ρ = 0.5)
 */
export function singleServerQueue(
  arrivalRatePerSec: number,
  serviceTimeMs: number,
  waitingTimeMs: (rho: number) => number,
): SingleServerQueue {
  requireRate(arrivalRatePerSec, 'arrivalRatePerSec');
  requireTime(serviceTimeMs, 'serviceTimeMs');
  const rho = utilisation(arrivalRatePerSec, serviceTimeMs);
  if (rho >= 1) return { stable: false, utilisation: rho };
  const wq = rho === 0 ? 0 : waitingTimeMs(rho);
  const w = wq + serviceTimeMs;
  return {
    stable: true,
    utilisation: rho,
    waitingTimeMs: wq,
    sojournTimeMs: w,
    queueLength: littlesLaw(arrivalRatePerSec, wq),
    numberInSystem: littlesLaw(arrivalRatePerSec, w),
  };
}

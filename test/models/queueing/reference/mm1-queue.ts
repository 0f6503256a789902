import {
  type SingleServerQueue,
  singleServerQueue,
} from '../../../../src/models/queueing/single-server-queue.js';

/**
 * M/M/1 queue (Poisson arrivals, exponential service, one FIFO server): Wq = ρ·S/(1 − ρ), so
 * W = S/(1 − ρ) = 1/(μ − λ), L = ρ/(1 − ρ), Lq = ρ²/(1 − ρ). With ρ ≥ 1 there is no steady state and the
 * answer says so (Caladrius's "MMCQueue" returned negative times there).
 *
 * Reference: L. Kleinrock (1975), "Queueing Systems, Volume 1: Theory", Wiley, §3.2 (M/M/1).
 *
 * @param arrivalRatePerSec λ ≥ 0, arrivals per second
 * @param serviceTimeMs mean service time S = 1/μ ≥ 0, ms
 * @returns steady state (times in ms) or `{stable: false}`
 * @example mm1Queue(8, 100) // λ = 8/s, μ = 10/s: {utilisation: 0.8, waitingTimeMs: 400, sojournTimeMs: 500, queueLength: 3.2, numberInSystem: 4}
 */
export function mm1Queue(arrivalRatePerSec: number, serviceTimeMs: number): SingleServerQueue {
  return singleServerQueue(arrivalRatePerSec, serviceTimeMs, (rho) => (rho * serviceTimeMs) / (1 - rho));
}

import type { SingleServerQueue } from '../../../../src/models/queueing/single-server-queue.js';
import { mg1Queue } from './mg1-queue.js';

/**
 * M/D/1 queue (Poisson arrivals, constant service time): the Pollaczek–Khinchine formula with c_s² = 0,
 * Wq = ρ·S/(2(1 − ρ)) and Lq = ρ²/(2(1 − ρ)) — half the M/M/1 wait.
 *
 * Reference: L. Kleinrock (1975), "Queueing Systems, Volume 1: Theory", Wiley, ch. 5 (the mean-value formula) with
 * E[S²] = S².
 *
 * @param arrivalRatePerSec λ ≥ 0, Poisson arrivals per second
 * @param serviceTimeMs the constant service time S ≥ 0, ms
 * @returns steady state (times in ms) or `{stable: false}` when ρ ≥ 1
 * @example md1Queue(0.8, 1000) // {utilisation: 0.8, waitingTimeMs: 2000, queueLength: 1.6, …}
 */
export function md1Queue(arrivalRatePerSec: number, serviceTimeMs: number): SingleServerQueue {
  return mg1Queue(arrivalRatePerSec, serviceTimeMs, 0);
}

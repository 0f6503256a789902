import { requireScv } from './queue-arguments.js';
import { type SingleServerQueue, singleServerQueue } from './single-server-queue.js';

/**
 * Kingman's G/G/1 approximation for arrivals that partly come in simultaneous batches (a bolt emitting
 * several tuples per input): the wait of the batch, by Kingman, plus the wait behind the batch-mates
 * served first,
 *
 *   Wq ≈ (ρ/(1 − ρ)) · ((c_a² + c_s²)/2) · S + (β/2) · S,
 *
 * with c_a² the index of dispersion of the arrivals (batching included) and β = E[X²]/E[X] − 1 the mean
 * excess batch size. It is exact for the M^X/G/1 queue (Poisson batches, c_a² = 1 + β): by PASTA a batch
 * finds ρS(c_a² + c_s²)/(2(1 − ρ)) of work, and a tuple then waits for (E[X²] − E[X])/(2E[X]) batch-mates.
 * With β = 0 it is `kingmanQueue`.
 *
 * Reference: M. L. Chaudhry & J. G. C. Templeton (1983), "A First Course in Bulk Queues", Wiley (M^X/G/1);
 * the derivation is in docs/queueing-model.md.
 *
 * @param arrivalRatePerSec λ ≥ 0, tuples per second
 * @param serviceTimeMs mean service time S ≥ 0, ms
 * @param arrivalScv c_a² ≥ 0
 * @param serviceScv c_s² ≥ 0
 * @param batchExcess β ≥ 0
 * @returns steady state (times in ms) or `{stable: false}` when ρ ≥ 1
 * @example batchKingmanQueue(1000, 0.9, 3, 1, 2).waitingTimeMs // 17.1 (M^X/M/1, batches of 3, ρ = 0.9: 16.2 + 0.9)
 */
export function batchKingmanQueue(
  arrivalRatePerSec: number,
  serviceTimeMs: number,
  arrivalScv: number,
  serviceScv: number,
  batchExcess: number,
): SingleServerQueue {
  requireScv(arrivalScv, 'arrivalScv');
  requireScv(serviceScv, 'serviceScv');
  if (!(Number.isFinite(batchExcess) && batchExcess >= 0)) {
    throw new RangeError(`batchExcess must be a finite number ≥ 0, got ${batchExcess}`);
  }
  return singleServerQueue(
    arrivalRatePerSec,
    serviceTimeMs,
    (rho) =>
      (rho / (1 - rho)) * ((arrivalScv + serviceScv) / 2) * serviceTimeMs + (batchExcess / 2) * serviceTimeMs,
  );
}

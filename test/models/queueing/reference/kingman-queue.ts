import { requireScv } from '../../../../src/models/queueing/queue-arguments.js';
import {
  type SingleServerQueue,
  singleServerQueue,
} from '../../../../src/models/queueing/single-server-queue.js';

/**
 * G/G/1 queue by Kingman's heavy-traffic approximation:
 *
 *   Wq ≈ (ρ/(1 − ρ)) · ((c_a² + c_s²)/2) · S
 *
 * with c_a², c_s² the squared coefficients of variation of the inter-arrival and service times. It is
 * exact for M/M/1 (c_a² = c_s² = 1) and for M/G/1 (c_a² = 1: the Pollaczek–Khinchine formula), and its
 * relative error vanishes as ρ → 1; for c_a² ≠ 1 at light load it is only a rough estimate (it
 * overestimates the wait of smooth arrivals, where waits are small anyway).
 *
 * Reference: J. F. C. Kingman (1961), "The single server queue in heavy traffic", Mathematical
 * Proceedings of the Cambridge Philosophical Society 57(4):902–904; in this form the "VUT equation" of
 * W. J. Hopp & M. L. Spearman (2008), "Factory Physics", 3rd ed., McGraw-Hill, ch. 8.
 *
 * @param arrivalRatePerSec λ ≥ 0, arrivals per second
 * @param serviceTimeMs mean service time S ≥ 0, ms
 * @param arrivalScv c_a² ≥ 0 (1 for Poisson arrivals)
 * @param serviceScv c_s² ≥ 0 (1 for exponential, 0 for constant service)
 * @returns steady state (times in ms) or `{stable: false}` when ρ ≥ 1
 * @example kingmanQueue(750, 1, 1, 0).waitingTimeMs // 1.5 (ρ = 0.75: 3 · 0.5 · 1)
 */
export function kingmanQueue(
  arrivalRatePerSec: number,
  serviceTimeMs: number,
  arrivalScv: number,
  serviceScv: number,
): SingleServerQueue {
  requireScv(arrivalScv, 'arrivalScv');
  requireScv(serviceScv, 'serviceScv');
  return singleServerQueue(
    arrivalRatePerSec,
    serviceTimeMs,
    (rho) => (rho / (1 - rho)) * ((arrivalScv + serviceScv) / 2) * serviceTimeMs,
  );
}

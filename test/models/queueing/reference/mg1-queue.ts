import { requireScv } from '../../../../src/models/queueing/queue-arguments.js';
import {
  type SingleServerQueue,
  singleServerQueue,
} from '../../../../src/models/queueing/single-server-queue.js';

/**
 * M/G/1 queue by the Pollaczek–Khinchine mean-value formula: with service-time mean S and squared
 * coefficient of variation c_s² = Var(S)/S², Wq = λ·E[S²]/(2(1 − ρ)) = ρ·S·(1 + c_s²)/(2(1 − ρ)).
 * c_s² = 1 gives M/M/1, c_s² = 0 gives M/D/1.
 *
 * Reference: L. Kleinrock (1975), "Queueing Systems, Volume 1: Theory", Wiley, ch. 5 (the Pollaczek–Khinchine mean-value formula).
 *
 * @param arrivalRatePerSec λ ≥ 0, Poisson arrivals per second
 * @param serviceTimeMs mean service time S ≥ 0, ms
 * @param serviceScv c_s² ≥ 0 (dimensionless)
 * @returns steady state (times in ms) or `{stable: false}` when ρ ≥ 1
 * @example mg1Queue(500, 1, 3).waitingTimeMs // 2 (ρ = 0.5: 0.5 · 1 · 4 / 1)
 */
export function mg1Queue(
  arrivalRatePerSec: number,
  serviceTimeMs: number,
  serviceScv: number,
): SingleServerQueue {
  requireScv(serviceScv, 'serviceScv');
  return singleServerQueue(
    arrivalRatePerSec,
    serviceTimeMs,
    (rho) => (rho * serviceTimeMs * (1 + serviceScv)) / (2 * (1 - rho)),
  );
}

import { requireRate, requireTime } from './queue-arguments.js';

/**
 * Server utilisation (offered load per server) of a single-server queue: ρ = λ·S.
 *
 * Reference: L. Kleinrock (1975), "Queueing Systems, Volume 1: Theory", Wiley, ch. 2.
 *
 * @param arrivalRatePerSec λ ≥ 0, arrivals per second
 * @param serviceTimeMs mean service time S ≥ 0, milliseconds
 * @returns ρ (dimensionless, may exceed 1: then the queue has no steady state)
 * @example utilisation(800, 1) // 0.8
 */
export function utilisation(arrivalRatePerSec: number, serviceTimeMs: number): number {
  requireRate(arrivalRatePerSec, 'arrivalRatePerSec');
  requireTime(serviceTimeMs, 'serviceTimeMs');
  return (arrivalRatePerSec * serviceTimeMs) / 1000;
}

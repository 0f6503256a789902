/**
 * Whitt's Queueing Network Analyzer (QNA) rules for how the variability of a flow — its squared
 * coefficient of variation c² (the asymptotic index of dispersion of its counts; 1 for Poisson) — changes
 * as it passes through a network: a FIFO server, a tuple multiplier (a bolt emitting r tuples per
 * input), a random split (routing), and a merge (superposition).
 *
 * References: W. Whitt (1983), "The Queueing Network Analyzer", Bell System Technical Journal
 * 62(9):2779–2815, §4 (the traffic-variability equations: departures, splitting, superposition);
 * W. J. Hopp & M. L. Spearman (2008), "Factory Physics", 3rd ed., McGraw-Hill, ch. 8 (flow variability).
 */

/**
 * Departure-flow c² of a single FIFO server (QNA, one server): c_d² = ρ²·c_s² + (1 − ρ²)·c_a².
 * A busy server passes its service variability on, an idle one its arrival variability.
 *
 * @param rho utilisation in [0, 1] (clamp overloaded servers to 1: they depart at the service rate)
 * @param arrivalScv c_a² ≥ 0
 * @param serviceScv c_s² ≥ 0
 * @example departureScv(0.5, 1, 0) // 0.75
 */
export function departureScv(rho: number, arrivalScv: number, serviceScv: number): number {
  const r2 = rho * rho;
  return r2 * serviceScv + (1 - r2) * arrivalScv;
}

/**
 * c² of a flow thinned at random: each item kept independently with probability p (QNA splitting):
 * c² = p·c_in² + 1 − p. Keeping every item (p = 1) leaves the flow unchanged; rare items become Poisson.
 *
 * @param keepProbability p in [0, 1]
 * @param inputScv c² of the flow before thinning, ≥ 0
 * @example thinnedScv(0.25, 0) // 0.75
 */
export function thinnedScv(keepProbability: number, inputScv: number): number {
  return keepProbability * inputScv + 1 - keepProbability;
}

/**
 * c² of the output of a tuple multiplier: each input item produces a batch of ⌊r⌋ or ⌈r⌉ items at once
 * (mean r, the least variable integer batch). For batches of size B at the epochs of a flow with c_in²,
 * the index of dispersion of counts is E[B]·c_in² + Var(B)/E[B]; here Var(B) = f(1 − f), f = r − ⌊r⌋.
 * For r ≤ 1 this is random thinning, r·c_in² + 1 − r; for integer r it is r·c_in² (bursts).
 *
 * Reference: D. R. Cox & V. Isham (1980), "Point Processes", Chapman & Hall, §3.4 (compound processes);
 * W. Whitt (1983), QNA §4.5 (customer creation).
 *
 * @param outputsPerInput r > 0, mean items out per item in
 * @param inputScv c² of the input flow, ≥ 0
 * @example batchScv(2, 0.5) // 1
 * @example batchScv(0.5, 0) // 0.5
 */
export function batchScv(outputsPerInput: number, inputScv: number): number {
  const f = outputsPerInput - Math.floor(outputsPerInput);
  return outputsPerInput * inputScv + (f * (1 - f)) / outputsPerInput;
}

/**
 * Weight of the asymptotic method in QNA's hybrid superposition of flows into a server with utilisation
 * ρ (QNA's hybrid approximation): w = 1/(1 + 4(1 − ρ)²(ν − 1)) with ν = 1/Σᵢ(λᵢ/λ)² the effective number of
 * merged flows. The merged c² is then c² = w·Σᵢ(λᵢ/λ)·cᵢ² + 1 − w: one flow keeps its c², many small
 * flows into a lightly loaded server look Poisson.
 *
 * @param rho utilisation of the receiving server, in [0, 1]
 * @param sumSquaredShares Σᵢ(λᵢ/λ)² over the merged flows, in (0, 1]
 * @example superpositionWeight(0.5, 0.5) // 0.5 (ν = 2: 1/(1 + 4·0.25·1))
 */
export function superpositionWeight(rho: number, sumSquaredShares: number): number {
  const nu = 1 / sumSquaredShares;
  const idle = 1 - rho;
  return 1 / (1 + 4 * idle * idle * (nu - 1));
}

/**
 * Mean excess batch size β = E[B²]/E[B] − 1 of the batches a tuple multiplier emits at once (⌊r⌋ or ⌈r⌉
 * tuples, mean r): the mean number of batch-mates that arrive with a tuple, from a tuple's point of
 * view. β = r − 1 + f(1 − f)/r with f = r − ⌊r⌋; 0 for r ≤ 1 (no batches). Thinning each tuple with
 * probability p multiplies it by p (a binomial batch); a FIFO server serialises batches, so its own
 * departures carry none.
 *
 * @param outputsPerInput r > 0, mean tuples out per tuple in
 * @example batchSizeExcess(3) // 2
 * @example batchSizeExcess(0.4) // 0
 */
export function batchSizeExcess(outputsPerInput: number): number {
  if (outputsPerInput <= 1) return 0;
  const f = outputsPerInput - Math.floor(outputsPerInput);
  return outputsPerInput - 1 + (f * (1 - f)) / outputsPerInput;
}

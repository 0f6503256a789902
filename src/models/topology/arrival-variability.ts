import { type FixedPointSolution, solveFixedPoint } from '../queueing/nonnegative-fixed-point.js';
import {
  batchScv,
  batchSizeExcess,
  departureScv,
  superpositionWeight,
  thinnedScv,
} from '../queueing/qna-variability.js';
import type { CompiledNetwork } from './compiled-network.js';

/**
 * The squared coefficient of variation of the arrivals at every bolt, c_a², by Whitt's QNA: a bolt's
 * departures mix its service and arrival variability (c_d² = ρ²c_s² + (1 − ρ²)c_a²), each output stream
 * multiplies them by its output ratio (batches of ⌊r⌋ or ⌈r⌉ tuples), routing thins them, and a bolt's
 * inputs merge by QNA's hybrid superposition. These equations are linear in the c_a², so on a network
 * with cycles they form one more system x = b + M·x on the same edges, solved like the traffic equations.
 * It has a finite solution whenever the traffic equations do: Mⱼᵢ ≤ (λᵢ/λⱼ)·gᵢⱼ², so ρ(M) ≤ ρ(G∘G) ≤
 * ρ(G)² < 1 (Perron–Frobenius and the Hadamard-product bound for non-negative matrices).
 *
 * Reference: W. Whitt (1983), "The Queueing Network Analyzer", Bell System Technical Journal
 * 62(9):2779–2815, §4.
 *
 * @param net the compiled network
 * @param arrivalRatePerSec λ per node at the operating point, tuples/s (spouts: their emission rate)
 * @param utilisation ρ per node at the operating point (clamped to [0, 1] here)
 * @returns for bolts c_a² (1 for a bolt nothing reaches), for spouts the c² of their emissions
 * @example // Poisson spout → constant-service bolt at ρ = 0.5 → next bolt: c_a² = 0.25·0 + 0.75·1 = 0.75
 */
export function propagateArrivalScv(
  net: CompiledNetwork,
  arrivalRatePerSec: Float64Array,
  utilisation: Float64Array,
): FixedPointSolution {
  const { inRows, spoutCount, nodeCount } = net;
  const { rowStart, column, entry } = inRows;
  const coefficient = new Float64Array(column.length);
  const constant = new Float64Array(nodeCount);
  const busy = (v: number) => Math.min(1, Math.max(0, utilisation[v] as number));

  for (let v = 0; v < spoutCount; v++) constant[v] = net.spoutScv[v] as number;
  for (let j = spoutCount; j < nodeCount; j++) {
    const lambda = arrivalRatePerSec[j] as number;
    if (!(lambda > 0)) {
      constant[j] = 1;
      continue;
    }
    let sumSquaredShares = 0;
    for (let k = rowStart[j] as number; k < (rowStart[j + 1] as number); k++) {
      const e = entry[k] as number;
      const share =
        ((arrivalRatePerSec[column[k] as number] as number) * (net.edgeGain[e] as number)) / lambda;
      sumSquaredShares += share * share;
    }
    const w = superpositionWeight(busy(j), sumSquaredShares);
    let b = 1 - w;
    for (let k = rowStart[j] as number; k < (rowStart[j + 1] as number); k++) {
      const e = entry[k] as number;
      const i = column[k] as number;
      const share = ((arrivalRatePerSec[i] as number) * (net.edgeGain[e] as number)) / lambda;
      if (!(share > 0)) continue;
      const p = net.edgeProbability[e] as number;
      const r = net.edgeRatio[e] as number;
      if (i < spoutCount) {
        b += w * share * thinnedScv(p, batchScv(r, net.spoutScv[i] as number));
      } else {
        // c_e² is affine in c_a²(i): the part without it, plus the slope times it.
        const rho = busy(i);
        b += w * share * thinnedScv(p, batchScv(r, departureScv(rho, 0, net.serviceScv[i] as number)));
        coefficient[k] = w * share * p * r * (1 - rho * rho);
      }
    }
    constant[j] = b;
  }
  return solveFixedPoint({ ...inRows, weight: coefficient }, constant, net.components);
}

/**
 * The mean excess batch size β of the arrivals at every bolt: tuples a multiplier (output ratio r > 1)
 * emits at once arrive together. β of a stream is E[B²]/E[B] − 1 of its batches (⌊r⌋ or ⌈r⌉ tuples),
 * routing with probability p thins it to p·β, and a bolt's arrivals mix their streams by rate:
 * βⱼ = Σₑ (λₑ/λⱼ)·pₑ·β(rₑ). A server serialises what it gets, so β does not propagate further and
 * needs no system to solve.
 *
 * @param net the compiled network
 * @param arrivalRatePerSec λ per node, tuples/s
 * @returns β per node (0 for spouts and bolts without arrivals)
 * @example // a split emitting 3 words per sentence, shuffled over 2 counters: β = 0.5 · 2 = 1 at each
 */
export function arrivalBatchExcess(net: CompiledNetwork, arrivalRatePerSec: Float64Array): Float64Array {
  const { inRows, spoutCount, nodeCount } = net;
  const { rowStart, column, entry } = inRows;
  const excess = new Float64Array(nodeCount);
  for (let j = spoutCount; j < nodeCount; j++) {
    const lambda = arrivalRatePerSec[j] as number;
    if (!(lambda > 0)) continue;
    let beta = 0;
    for (let k = rowStart[j] as number; k < (rowStart[j + 1] as number); k++) {
      const e = entry[k] as number;
      const r = net.edgeRatio[e] as number;
      if (r <= 1) continue;
      const share =
        ((arrivalRatePerSec[column[k] as number] as number) * (net.edgeGain[e] as number)) / lambda;
      beta += share * (net.edgeProbability[e] as number) * batchSizeExcess(r);
    }
    excess[j] = beta;
  }
  return excess;
}

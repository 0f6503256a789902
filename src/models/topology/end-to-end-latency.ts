import { solveComponent, solveFixedPoint } from '../queueing/nonnegative-fixed-point.js';
import type { CompiledNetwork } from './compiled-network.js';

/** End-to-end latencies of the tuples that leave the topology, ms. */
export interface EndToEndLatency {
  /**
   * Mean over every tuple leaving the topology — finished at a sink, or dropped by a bolt that emits fewer
   * tuples than it executes — of the time since the spout emitted the tuple it descends from (each copy
   * counts: the exit-traffic-weighted mean). +∞ when some of that traffic crosses an instance with no
   * steady state; NaN when no traffic leaves.
   */
  meanMs: number;
  /** The same mean over sink bolts only (NaN when no traffic reaches a sink). */
  sinkOnlyMeanMs: number;
  /** Slowest spout → sink path (mean time along it); +∞ or NaN as above. */
  maxMs: number;
  /** Fastest spout → sink path. */
  minMs: number;
  /** Per node: for sinks, the mean end-to-end latency of the tuples they finish; NaN otherwise. */
  sinkMeanMs: Float64Array;
  /** Rate of tuples finishing at sinks, tuples/s. */
  sinkRatePerSec: number;
  /** Rate of tuples leaving the topology (sinks and drops), tuples/s. */
  exitRatePerSec: number;
  /**
   * Mean time from a spout's emission until its whole tuple tree is done ({@link treeCompletionMs}): the
   * model's counterpart of a spout's complete latency. NaN on networks with cycles or without traffic.
   */
  treeCompletionMs: number;
}

/**
 * End-to-end latency over spout → sink paths, with cycles handled exactly, O(edges) per pass.
 *
 * Mean: let Fⱼ be the total age (time since spout emission) of the tuples arriving at j per second. A
 * tuple leaving i is older by i's sojourn time Wᵢ, and older again by the hop, so
 *   Fⱼ = Σᵢ gᵢⱼ·(Fᵢ + λᵢ·(Wᵢ + hopᵢⱼ)),  F = 0 at spouts,
 * the traffic equations' system with another constant term. Tuples leave at bolt k at the rate
 * xₖ = λₖ·max(0, 1 − Σⱼ gₖⱼ) (all of λₖ at a sink, the dropped share at a filter), each as old as
 * Fₖ/λₖ + Wₖ, so the mean over exits is Σₖ xₖ(Fₖ/λₖ + Wₖ) / Σₖ xₖ; the sink-only mean is the same sum over
 * sinks (bolts that emit nothing).
 *
 * Extremes: over an acyclic network, the longest (shortest) path of mean sojourns and hop costs,
 *   Tᵢ = Wᵢ + maxⱼ (or minⱼ) (hopᵢⱼ + Tⱼ),  Tₖ = Wₖ at sinks,
 * computed sinks first. A cycle has no longest path, so inside a strongly connected component a tuple
 * follows the routing (edge weights normalised per node) — the expected time of the loop, exactly — and
 * the slowest (fastest) exit is taken when it leaves: Tᵢ = Wᵢ + Σⱼ∈C p̂ᵢⱼ(hopᵢⱼ + Tⱼ) + qᵢ·max/minₑ(hopₑ + Tₑ).
 *
 * @param net the compiled network
 * @param arrivalRatePerSec λ per node at the operating point, tuples/s
 * @param sojournMs W per node, ms (0 for spouts, +∞ for instances with ρ ≥ 1)
 * @example // spout → a (W = 2 ms) → b (W = 3 ms), local hops of 0.1 ms: mean = max = min = 5.2
 */
export function endToEndLatency(
  net: CompiledNetwork,
  arrivalRatePerSec: Float64Array,
  sojournMs: Float64Array,
): EndToEndLatency {
  const { nodeCount, spoutCount, outRows, edgeHopMs } = net;
  const isSink = (v: number) => v >= spoutCount && (net.outGain[v] as number) === 0;

  // Sinks that saturated instances feed have no finite mean.
  const tainted = new Uint8Array(nodeCount);
  const stack: number[] = [];
  for (let v = 0; v < nodeCount; v++) {
    if (!Number.isFinite(sojournMs[v] as number) && (arrivalRatePerSec[v] as number) > 0) {
      tainted[v] = 1;
      stack.push(v);
    }
  }
  while (stack.length > 0) {
    const v = stack.pop() as number;
    for (let k = outRows.rowStart[v] as number; k < (outRows.rowStart[v + 1] as number); k++) {
      const u = outRows.column[k] as number;
      if ((outRows.weight[k] as number) > 0 && !tainted[u]) {
        tainted[u] = 1;
        stack.push(u);
      }
    }
  }

  let sinkRate = 0;
  let exitRate = 0;
  let unbounded = false;
  let sinkUnbounded = false;
  const exitShare = (v: number) => Math.max(0, 1 - (net.outGain[v] as number));
  for (let v = spoutCount; v < nodeCount; v++) {
    const lambda = arrivalRatePerSec[v] as number;
    const share = exitShare(v);
    if (!(lambda > 0) || share === 0) continue;
    exitRate += lambda * share;
    if (tainted[v]) unbounded = true;
    if (isSink(v)) {
      sinkRate += lambda;
      if (tainted[v]) sinkUnbounded = true;
    }
  }

  const sinkMeanMs = new Float64Array(nodeCount).fill(Number.NaN);
  let meanMs = Number.NaN;
  let sinkOnlyMeanMs = Number.NaN;
  if (exitRate > 0) {
    const age = exitAges(net, arrivalRatePerSec, sojournMs, edgeHopMs);
    let total = 0;
    let sinkTotal = 0;
    for (let v = spoutCount; v < nodeCount; v++) {
      const lambda = arrivalRatePerSec[v] as number;
      const share = exitShare(v);
      if (!(lambda > 0) || share === 0) continue;
      const ageV = age.status === 'solved' ? (age.x[v] as number) : Number.POSITIVE_INFINITY;
      const own = tainted[v] ? Number.POSITIVE_INFINITY : ageV / lambda + (sojournMs[v] as number);
      total += lambda * share * own;
      if (isSink(v)) {
        sinkMeanMs[v] = own;
        sinkTotal += lambda * own;
      }
    }
    meanMs = unbounded ? Number.POSITIVE_INFINITY : total / exitRate;
    if (sinkRate > 0) sinkOnlyMeanMs = sinkUnbounded ? Number.POSITIVE_INFINITY : sinkTotal / sinkRate;
  }

  const { slowest, fastest } = pathExtremes(net, sojournMs);
  let maxMs = Number.NaN;
  let minMs = Number.NaN;
  for (let s = 0; s < spoutCount; s++) {
    if (!((arrivalRatePerSec[s] as number) > 0)) continue;
    const hi = slowest[s] as number;
    const lo = fastest[s] as number;
    if (!Number.isNaN(hi) && !(hi <= maxMs)) maxMs = hi;
    if (!Number.isNaN(lo) && !(lo >= minMs)) minMs = lo;
  }
  return {
    meanMs,
    treeCompletionMs: treeCompletionMs(net, arrivalRatePerSec, sojournMs),
    sinkOnlyMeanMs,
    maxMs,
    minMs,
    sinkMeanMs,
    sinkRatePerSec: sinkRate,
    exitRatePerSec: exitRate,
  };
}

/**
 * Mean completion time of a spout's tuple tree, ms: copies sent to different components run in parallel
 * and the tree is done when the slowest branch is, while a tuple routed to one of a component's instances
 * takes that instance's path. Sinks first,
 *   Cᵥ = Wᵥ + E[max over target components K of T_K],
 *   E[T_K] = bₖ = min(1, G_K)·Σ_{e → K} (gₑ/G_K)(hopₑ + C_to),   G_K = Σ_{e → K} gₑ,
 * so a filter passing g < 1 contributes g × the branch (the tree ends at it otherwise). The branches'
 * times are taken as independent exponentials of those means, whose expected maximum is, by
 * inclusion–exclusion, Σ_{∅≠A⊆K} (−1)^{|A|+1} / Σ_{k∈A} 1/bₖ (exact for exponential sojourns; the max of
 * the means would read the spread of parallel branches as hop time). The result is the λ-weighted mean of
 * C over spouts. NaN with cycles (no finite tree to follow) or no spout traffic; +∞ through a saturated
 * instance.
 */
function treeCompletionMs(
  net: CompiledNetwork,
  arrivalRatePerSec: Float64Array,
  sojournMs: Float64Array,
): number {
  const { nodeCount, spoutCount, outRows, components, edgeHopMs, component } = net;
  for (let c = 0; c < components.count; c++) if (components.cyclic[c]) return Number.NaN;
  const completion = new Float64Array(nodeCount);
  const branch = new Map<string, { gain: number; weighted: number }>();
  const means: number[] = [];
  for (let c = components.count - 1; c >= 0; c--) {
    const v = components.members[components.start[c] as number] as number;
    branch.clear();
    for (let k = outRows.rowStart[v] as number; k < (outRows.rowStart[v + 1] as number); k++) {
      const g = outRows.weight[k] as number;
      if (!(g > 0)) continue;
      const u = outRows.column[k] as number;
      const to = component[u] as string;
      const b = branch.get(to) ?? { gain: 0, weighted: 0 };
      b.gain += g;
      b.weighted += g * ((edgeHopMs[outRows.entry[k] as number] as number) + (completion[u] as number));
      branch.set(to, b);
    }
    means.length = 0;
    for (const b of branch.values()) means.push((Math.min(1, b.gain) * b.weighted) / b.gain);
    completion[v] = (v >= spoutCount ? (sojournMs[v] as number) : 0) + expectedMaxOfExponentials(means);
  }
  let total = 0;
  let rate = 0;
  for (let s = 0; s < spoutCount; s++) {
    const lambda = arrivalRatePerSec[s] as number;
    if (!(lambda > 0)) continue;
    total += lambda * (completion[s] as number);
    rate += lambda;
  }
  return rate > 0 ? total / rate : Number.NaN;
}

/** Beyond this many parallel branches the 2ᵏ-term sum gives way to the largest mean (a lower bound). */
const MAX_BRANCHES_SUMMED = 12;

/**
 * E[max] of independent exponentials with these means, ms: Σ_{∅≠A} (−1)^{|A|+1} / Σ_{k∈A} 1/mₖ.
 * @example expectedMaxOfExponentials([2, 2]) // 3 (= 2 + 2 − 1)
 */
function expectedMaxOfExponentials(means: number[]): number {
  const positive = means.filter((m) => m > 0);
  if (positive.length === 0) return 0;
  if (positive.some((m) => !Number.isFinite(m))) return Number.POSITIVE_INFINITY;
  if (positive.length === 1) return positive[0] as number;
  if (positive.length > MAX_BRANCHES_SUMMED) return Math.max(...positive);
  let total = 0;
  for (let subset = 1; subset < 1 << positive.length; subset++) {
    let rate = 0;
    let size = 0;
    for (let k = 0; k < positive.length; k++) {
      if (subset & (1 << k)) {
        rate += 1 / (positive[k] as number);
        size++;
      }
    }
    total += (size % 2 === 1 ? 1 : -1) / rate;
  }
  return total;
}

/**
 * F: total age of the tuples arriving at each node per second, Fⱼ = Σᵢ gᵢⱼ·(Fᵢ + λᵢ·(Wᵢ + hopᵢⱼ)), with
 * saturated sojourns taken as 0 (their exits are flagged by the caller).
 */
export function exitAges(
  net: CompiledNetwork,
  arrivalRatePerSec: Float64Array,
  sojournMs: Float64Array,
  edgeHopMs: Float64Array,
): ReturnType<typeof solveFixedPoint> {
  const { nodeCount, spoutCount, inRows, components, edgeGain } = net;
  const constant = new Float64Array(nodeCount);
  for (let j = spoutCount; j < nodeCount; j++) {
    let b = 0;
    for (let k = inRows.rowStart[j] as number; k < (inRows.rowStart[j + 1] as number); k++) {
      const i = inRows.column[k] as number;
      const e = inRows.entry[k] as number;
      const w = sojournMs[i] as number;
      b +=
        (edgeGain[e] as number) *
        (arrivalRatePerSec[i] as number) *
        ((Number.isFinite(w) ? w : 0) + (edgeHopMs[e] as number));
    }
    constant[j] = b;
  }
  return solveFixedPoint(inRows, constant, components);
}

/** Slowest and fastest expected time from each node to a sink (NaN: no sink reachable). */
function pathExtremes(
  net: CompiledNetwork,
  sojournMs: Float64Array,
): { slowest: Float64Array; fastest: Float64Array } {
  const { nodeCount, spoutCount, outRows, components, edgeHopMs } = net;
  const { rowStart, column, weight, entry } = outRows;
  const slowest = new Float64Array(nodeCount).fill(Number.NaN);
  const fastest = new Float64Array(nodeCount).fill(Number.NaN);
  const routed = new Float64Array(column.length);
  const externalSlow = new Float64Array(nodeCount);
  const externalFast = new Float64Array(nodeCount);
  const system = { ...outRows, weight: routed };

  for (let c = components.count - 1; c >= 0; c--) {
    const from = components.start[c] as number;
    const to = components.start[c + 1] as number;
    if (!components.cyclic[c]) {
      const v = components.members[from] as number;
      const own = sojournMs[v] as number;
      if (v >= spoutCount && (net.outGain[v] as number) === 0) {
        slowest[v] = fastest[v] = own;
        continue;
      }
      let hi = Number.NaN;
      let lo = Number.NaN;
      for (let k = rowStart[v] as number; k < (rowStart[v + 1] as number); k++) {
        const u = column[k] as number;
        if (!((weight[k] as number) > 0) || Number.isNaN(slowest[u] as number)) continue;
        const hop = edgeHopMs[entry[k] as number] as number;
        const a = hop + (slowest[u] as number);
        const b = hop + (fastest[u] as number);
        if (!(a <= hi)) hi = a;
        if (!(b >= lo)) lo = b;
      }
      slowest[v] = own + hi;
      fastest[v] = own + lo;
      continue;
    }
    // A cycle: follow the routing inside, take the slowest / fastest exit.
    let reachesSink = false;
    let saturated = false;
    for (let i = from; i < to; i++) {
      const v = components.members[i] as number;
      if (!Number.isFinite(sojournMs[v] as number)) saturated = true;
      let inside = 0;
      let exits = 0;
      let hi = Number.NEGATIVE_INFINITY;
      let lo = Number.POSITIVE_INFINITY;
      let insideHop = 0;
      for (let k = rowStart[v] as number; k < (rowStart[v + 1] as number); k++) {
        const g = weight[k] as number;
        routed[k] = 0;
        if (!(g > 0)) continue;
        const u = column[k] as number;
        const hop = edgeHopMs[entry[k] as number] as number;
        if (components.componentOf[u] === c) {
          inside += g;
          insideHop += g * hop;
        } else if (!Number.isNaN(slowest[u] as number)) {
          exits += g;
          if (hop + (slowest[u] as number) > hi) hi = hop + (slowest[u] as number);
          if (hop + (fastest[u] as number) < lo) lo = hop + (fastest[u] as number);
        }
      }
      const norm = inside + exits;
      for (let k = rowStart[v] as number; k < (rowStart[v + 1] as number); k++) {
        const g = weight[k] as number;
        if (g > 0 && components.componentOf[column[k] as number] === c) routed[k] = g / norm;
      }
      const leave = exits / norm;
      if (exits > 0) reachesSink = true;
      const own = (sojournMs[v] as number) + insideHop / norm;
      externalSlow[v] = own + (exits > 0 ? leave * hi : 0);
      externalFast[v] = own + (exits > 0 ? leave * lo : 0);
    }
    const value = !reachesSink ? Number.NaN : saturated ? Number.POSITIVE_INFINITY : undefined;
    if (value !== undefined) {
      for (let i = from; i < to; i++) {
        const v = components.members[i] as number;
        slowest[v] = fastest[v] = value;
      }
      continue;
    }
    const a = solveComponent(system, components, c, externalSlow, slowest, { reverse: true });
    const b = solveComponent(system, components, c, externalFast, fastest, { reverse: true });
    if (a.status !== 'solved' || b.status !== 'solved') {
      for (let i = from; i < to; i++) {
        const v = components.members[i] as number;
        if (a.status !== 'solved') slowest[v] = Number.POSITIVE_INFINITY;
        if (b.status !== 'solved') fastest[v] = Number.POSITIVE_INFINITY;
      }
    }
  }
  return { slowest, fastest };
}

/** One measured latency next to what the queueing model says its path spends in the instances. */
export interface LatencyGapObservation {
  /**
   * Measured latency over the path, ms: a Heron spout's `__complete-latency` (ns ÷ 10⁶; emit → tree acked)
   * or Storm's complete latency; for a bolt, its `__process-latency` against its own sojourn.
   */
  observedLatencyMs: number;
  /** The model's Σ of mean sojourn times (wait + service) along the same path, ms, without hops. */
  modelledSojournMs: number;
  /** Transfers along the path (a spout → bolt → bolt chain has 2); 0 for a bolt's own latency. */
  hops: number;
  /** Weight of the observation, e.g. the tuples acked in the window. @defaultValue 1 */
  weight?: number;
}

export interface HopCostEstimate {
  /** Mean transfer time per hop, ms, ≥ 0. */
  hopMs: number;
  /** `measured` from the latency gap; `assumed` (0) when no observation has a hop. */
  source: 'measured' | 'assumed';
  evidence: {
    observations: number;
    /** Σ weight·(observed − modelled), ms·weight, before the clamp at 0. */
    gapMsWeighted: number;
    /** Σ weight·hops. */
    hopsWeighted: number;
  };
}

/**
 * Hop cost from the **latency gap**: what a measured end-to-end latency spends outside the modelled queues,
 * per transfer,
 *
 *     hop = max(0, Σ wᵢ (observedᵢ − modelledᵢ) / Σ wᵢ hopsᵢ),
 *
 * the weighted least-squares slope through the origin of the gap against the hop count (each gap taken as
 * hops × hop + noise with variance ∝ hops/w). A spout's complete latency ends when the last tuple of its
 * tree is acked, so for fan-out the modelled path should be the slowest branch; acks travelling back add
 * to the gap. Negative gaps (the model too slow) clamp to 0 rather than inventing a negative transfer.
 * With no observation that crosses a hop the answer is 0 with `source: "assumed"` — never a silent
 * constant.
 *
 * Pure: no I/O.
 *
 * @param observations measured latencies with the model's sojourn sums; non-finite entries are skipped
 * @returns ms per hop with its source
 * @example hopCostFromLatencyGap([{ observedLatencyMs: 12, modelledSojournMs: 10, hops: 2 }]).hopMs // 1
 */
export function hopCostFromLatencyGap(observations: LatencyGapObservation[]): HopCostEstimate {
  let gap = 0;
  let hops = 0;
  let used = 0;
  for (const o of observations) {
    const w = o.weight ?? 1;
    if (!(w > 0) || !(o.hops > 0)) continue;
    if (!Number.isFinite(o.observedLatencyMs) || !Number.isFinite(o.modelledSojournMs)) continue;
    gap += w * (o.observedLatencyMs - o.modelledSojournMs);
    hops += w * o.hops;
    used++;
  }
  if (used === 0) {
    return { hopMs: 0, source: 'assumed', evidence: { observations: 0, gapMsWeighted: 0, hopsWeighted: 0 } };
  }
  return {
    hopMs: Math.max(0, gap / hops),
    source: 'measured',
    evidence: { observations: used, gapMsWeighted: gap, hopsWeighted: hops },
  };
}

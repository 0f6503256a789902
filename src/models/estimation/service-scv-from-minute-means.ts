/** One reporting interval of a bolt instance: its mean execute time and how many tuples it averages. */
export interface MinuteServiceMean {
  /** Mean execute time over the interval, ms (Heron `__execute-latency` ns ÷ 10⁶; Storm's per-executor ms). */
  serviceTimeMeanMs: number;
  /** Tuples executed in the interval (`__execute-count`), ≥ 0. */
  executeCount: number;
}

export interface ServiceScvEstimate {
  /** Squared coefficient of variation of the service time, c_s² = Var(S)/E[S]², > 0. */
  scv: number;
  /** `measured` when the intervals carried evidence; `assumed` is the prior (1, exponential service). */
  source: 'measured' | 'assumed';
  evidence: {
    /** Intervals with tuples and a finite mean. */
    intervals: number;
    tuples: number;
    /** Degrees of freedom of the dispersion (intervals − 1). */
    degreesOfFreedom: number;
    /** c_s² before shrinkage; null when assumed. */
    rawScv: number | null;
    /** Weight of the data against the prior, in [0, 1). */
    weight: number;
  };
}

export interface ServiceScvOptions {
  /** The c_s² to fall back on and shrink toward. @defaultValue 1 */
  priorScv?: number;
  /** Prior strength in degrees of freedom: the data's weight is df / (df + priorDf). @defaultValue 2 */
  priorDegreesOfFreedom?: number;
  /** Fewer intervals than this give the prior (`assumed`). @defaultValue 3 */
  minIntervals?: number;
}

/** Raw estimates below this are clamped: a c_s² of 0 (deterministic service) breaks the log-space blend. */
const MIN_SCV = 1e-3;

/**
 * Service-time c_s² from per-interval mean execute times: the **count-weighted dispersion of interval
 * means**. If interval k averages n_k independent service times of variance σ², its mean m_k has variance
 * σ²/n_k, so with the count-weighted grand mean m̄ = Σ n_k m_k / N,
 *
 *     σ̂² = Σ n_k (m_k − m̄)² / (K − 1),      c_s² = σ̂² / m̄²,
 *
 * unbiased for σ² (the between-group mean square of one-way ANOVA with unequal group sizes; Scheffé 1959,
 * "The Analysis of Variance", §3.1). The estimate is then shrunk toward the prior in log space,
 * log ĉ = w·log c_raw + (1 − w)·log prior with w = df/(df + priorDf), so a few intervals barely move it and
 * thirty minutes move it almost all the way. Drift of the mean itself (load-dependent service, GC pauses)
 * also shows as dispersion, so the estimate errs high on non-stationary windows.
 *
 * Pure: no I/O.
 *
 * @param intervals per-minute (or any interval) means and counts of one instance; non-finite means and
 *   empty intervals are skipped
 * @returns c_s² with its source and evidence
 * @example
 * // means 1, 1.2, 0.8 ms over 100 tuples each: σ̂² = 100·(0 + 0.04 + 0.04)/2 = 4 ms², c_s² = 4/1²
 * serviceScvFromMinuteMeans(
 *   [1, 1.2, 0.8].map((serviceTimeMeanMs) => ({ serviceTimeMeanMs, executeCount: 100 })),
 *   { priorDegreesOfFreedom: 0 },
 * ).scv // 4
 */
export function serviceScvFromMinuteMeans(
  intervals: MinuteServiceMean[],
  options: ServiceScvOptions = {},
): ServiceScvEstimate {
  const prior = options.priorScv ?? 1;
  const priorDf = options.priorDegreesOfFreedom ?? 2;
  const minIntervals = options.minIntervals ?? 3;
  const used = intervals.filter(
    (i) => i.executeCount > 0 && Number.isFinite(i.serviceTimeMeanMs) && i.serviceTimeMeanMs > 0,
  );
  const tuples = used.reduce((n, i) => n + i.executeCount, 0);
  const df = Math.max(0, used.length - 1);
  if (used.length < minIntervals) {
    return {
      scv: prior,
      source: 'assumed',
      evidence: { intervals: used.length, tuples, degreesOfFreedom: df, rawScv: null, weight: 0 },
    };
  }
  const mean = used.reduce((s, i) => s + i.executeCount * i.serviceTimeMeanMs, 0) / tuples;
  const between = used.reduce((s, i) => s + i.executeCount * (i.serviceTimeMeanMs - mean) ** 2, 0);
  const rawScv = Math.max(MIN_SCV, between / df / (mean * mean));
  const weight = df / (df + priorDf);
  const scv = Math.exp(weight * Math.log(rawScv) + (1 - weight) * Math.log(prior));
  return {
    scv,
    source: 'measured',
    evidence: { intervals: used.length, tuples, degreesOfFreedom: df, rawScv, weight },
  };
}

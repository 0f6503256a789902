import { type EtsFitOptions, type FittedEts, fitEts } from './ets-fit.js';
import type { EtsError, EtsSeason, EtsSpec, EtsTrend } from './ets-spec.js';

/** Which members of the ETS family {@link etsCandidates} offers. */
export interface EtsCandidateOptions {
  /** Seasonal period m; 1 (or less than 2) for non-seasonal models only. */
  period: number;
  /** Offer multiplicative error and seasonality (only sensible for strictly positive data). */
  multiplicative: boolean;
}

/**
 * The ETS models automatic selection compares: errors A (and M), trends N, A, Ad, seasonality N (and
 * A, M with a period) — without ETS(A,·,M), which is numerically unstable (Hyndman et al. 2008, §7.2;
 * R's forecast::ets leaves it out too).
 *
 * @example etsCandidates({ period: 1, multiplicative: false }).length // 3: ANN, AAN, AAdN
 */
export function etsCandidates(options: EtsCandidateOptions): EtsSpec[] {
  const errors: EtsError[] = options.multiplicative ? ['A', 'M'] : ['A'];
  const trends: EtsTrend[] = ['N', 'A', 'Ad'];
  const seasonal = options.period >= 2;
  const seasons: EtsSeason[] = seasonal ? (options.multiplicative ? ['N', 'A', 'M'] : ['N', 'A']) : ['N'];
  const out: EtsSpec[] = [];
  for (const error of errors) {
    for (const trend of trends) {
      for (const season of seasons) {
        if (error === 'A' && season === 'M') continue;
        out.push({ error, trend, season, period: season === 'N' ? 1 : options.period });
      }
    }
  }
  return out;
}

/** The selected model and how every candidate scored. */
export interface EtsSelection {
  best: FittedEts;
  /** AICc per candidate name, in candidate order (+∞ when it could not be fitted). */
  scores: Array<{ spec: EtsSpec; aicc: number }>;
}

/**
 * Fits every candidate by maximum likelihood and keeps the one with the smallest AICc — the automatic
 * ETS selection of Hyndman et al. (2002) and (2008) §7.2.
 *
 * Reference: R. J. Hyndman, A. B. Koehler, R. D. Snyder & S. Grose (2002), "A state space framework for
 * automatic forecasting using exponential smoothing methods", IJF 18(3), 439–454.
 *
 * @param values series (NaN = missing)
 * @param candidates models to compare, at least one
 * @example selectEts(values, etsCandidates({ period: 1, multiplicative: false })).best.spec
 */
export function selectEts(
  values: ArrayLike<number>,
  candidates: readonly EtsSpec[],
  fitOptions: EtsFitOptions = {},
): EtsSelection {
  let best: FittedEts | undefined;
  const scores: EtsSelection['scores'] = [];
  for (const spec of candidates) {
    let fit: FittedEts | undefined;
    try {
      fit = fitEts(values, spec, fitOptions);
    } catch {
      fit = undefined;
    }
    const aicc = fit && Number.isFinite(fit.criteria.aicc) ? fit.criteria.aicc : Number.POSITIVE_INFINITY;
    scores.push({ spec, aicc });
    if (fit && Number.isFinite(aicc) && (best === undefined || aicc < best.criteria.aicc)) best = fit;
  }
  if (best === undefined) throw new RangeError('no ETS candidate could be fitted');
  return { best, scores };
}

/** Heron reports backpressure time per one-minute bucket. */
const MINUTE_MS = 60_000;

export interface OfferedRateInput {
  /** The spout's measured emission rate over the window, tuples/s (what `__emit-count` shows). */
  measuredRatePerSec: number;
  /**
   * Per minute of the window, the ms the spouts were throttled, ∈ [0, 60 000]: see
   * {@link throttledMsPerMinute} for Heron's stream-manager metrics.
   */
  throttledMs: number[];
  /**
   * Growth of the source's pending backlog (e.g. Kafka consumer lag) over the window, tuples/s; when given
   * it is the direct measure and wins over the throttled share.
   */
  backlogGrowthPerSec?: number;
}

export interface OfferedRateEstimate {
  /** Estimated offered rate, tuples/s (≥ the measured one). */
  offeredRatePerSec: number;
  /** Share of the window the spouts were throttled, [0, 1]. */
  throttledFraction: number;
  method: 'unthrottled-share' | 'backlog-growth' | 'not-throttled';
  /** True when the spouts were throttled nearly all the time: the offered rate is then a lower bound. */
  lowerBound: boolean;
}

/** Above this throttled share the ratio estimate is capped (measured ÷ 0.05 at most). */
const MAX_THROTTLED_FRACTION = 0.95;

/**
 * Offered spout rate under backpressure. While Heron throttles, a spout does not emit, so over a window
 * with throttled share f the measured rate is the offered one times the unthrottled share:
 *
 *     offered = measured / (1 − f),     f = Σ throttled ms / window ms,
 *
 * or, when the source's backlog is measured, offered = measured + backlog growth (conservation of tuples).
 * A spout that catches up faster than its offered rate after each pause makes the ratio err high; a source
 * that drops what it cannot hand over makes it exact. f above 0.95 is capped and flagged `lowerBound`.
 *
 * Pure: no I/O.
 *
 * @param input measured rate (tuples/s) and per-minute throttled ms
 * @returns offered rate (tuples/s) and the throttled share
 * @example offeredRateUnderBackpressure({ measuredRatePerSec: 100, throttledMs: [15_000, 15_000] }).offeredRatePerSec // 133.33…
 */
export function offeredRateUnderBackpressure(input: OfferedRateInput): OfferedRateEstimate {
  const minutes = input.throttledMs.filter((ms) => Number.isFinite(ms));
  const throttled = minutes.reduce((s, ms) => s + Math.min(MINUTE_MS, Math.max(0, ms)), 0);
  const throttledFraction = minutes.length > 0 ? throttled / (minutes.length * MINUTE_MS) : 0;
  if (input.backlogGrowthPerSec !== undefined && Number.isFinite(input.backlogGrowthPerSec)) {
    return {
      offeredRatePerSec: input.measuredRatePerSec + Math.max(0, input.backlogGrowthPerSec),
      throttledFraction,
      method: 'backlog-growth',
      lowerBound: false,
    };
  }
  if (throttledFraction === 0) {
    return {
      offeredRatePerSec: input.measuredRatePerSec,
      throttledFraction,
      method: 'not-throttled',
      lowerBound: false,
    };
  }
  const f = Math.min(throttledFraction, MAX_THROTTLED_FRACTION);
  return {
    offeredRatePerSec: input.measuredRatePerSec / (1 - f),
    throttledFraction,
    method: 'unthrottled-share',
    lowerBound: throttledFraction > MAX_THROTTLED_FRACTION,
  };
}

/**
 * Throttled ms per minute of a topology from its stream managers' `__server/__time_spent_back_pressure_initiated`
 * (ms per minute each): every spout stops while any stream manager holds backpressure, so the topology's
 * throttled time is the union of theirs; the metrics do not say how they overlap, so this takes the
 * largest (a lower bound of the union; exact when one stream manager initiates, the usual bottleneck case).
 *
 * @param byStreamManager per stream manager, ms per minute, aligned on the same minutes
 * @example throttledMsPerMinute([[0, 30_000], [10_000, 20_000]]) // [10_000, 30_000]
 */
export function throttledMsPerMinute(byStreamManager: number[][]): number[] {
  const minutes = Math.max(0, ...byStreamManager.map((s) => s.length));
  return Array.from({ length: minutes }, (_, m) =>
    Math.min(
      MINUTE_MS,
      Math.max(0, ...byStreamManager.map((s) => (Number.isFinite(s[m]) ? (s[m] as number) : 0))),
    ),
  );
}

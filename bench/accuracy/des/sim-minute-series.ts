import type { SimResult } from './simulate-topology.js';

/** The window's minutes of one instance's simulated series (the last `windowMinutes`). */
function windowOf(result: SimResult, id: string, metric: string): number[] {
  const all = result.series[id]?.[metric] ?? [];
  const from = result.minutes - result.windowMinutes;
  return Array.from({ length: result.windowMinutes }, (_, m) => all[from + m] ?? 0);
}

/** Per-minute mean execute time (ms) and count of a bolt instance on one input, as Heron reports them. */
export function minuteServiceMeans(result: SimResult, id: string, input: string) {
  const counts = windowOf(result, id, `__execute-count/${input}`);
  const sums = windowOf(result, id, `__execute-latency-sum/${input}`);
  return counts.map((executeCount, m) => ({
    executeCount,
    serviceTimeMeanMs: executeCount > 0 ? (sums[m] as number) / executeCount / 1e6 : Number.NaN,
  }));
}

/** A spout instance's count-weighted mean complete latency over the window, ms, and the tuples acked. */
export function meanCompleteLatencyMs(result: SimResult, id: string, stream: string) {
  const acked = windowOf(result, id, `__ack-count/${stream}`).reduce((a, b) => a + b, 0);
  const sumNs = windowOf(result, id, `__complete-latency-sum/${stream}`).reduce((a, b) => a + b, 0);
  return { latencyMs: sumNs / acked / 1e6, acked };
}

/** A spout instance's emission rate over the window, tuples/s. */
export function emittedRatePerSec(result: SimResult, id: string, stream: string): number {
  return (
    windowOf(result, id, `__emit-count/${stream}`).reduce((a, b) => a + b, 0) / (result.windowMinutes * 60)
  );
}

/** The stream managers' `__server/__time_spent_back_pressure_initiated`, ms per minute of the window. */
export function stmgrBackpressureMs(result: SimResult): number[][] {
  const from = result.minutes - result.windowMinutes;
  return Object.values(result.stmgrSeries).map((s) => {
    const all = s['__server/__time_spent_back_pressure_initiated'] ?? [];
    return Array.from({ length: result.windowMinutes }, (_, m) => all[from + m] ?? 0);
  });
}

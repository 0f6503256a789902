import { type HopCostEstimate, hopCostFromLatencyGap } from '../estimation/hop-cost-from-latency-gap.js';
import type { QueueingTheorySettings } from './queueing-theory-settings.js';
import type { TopologyModelResult } from './topology-model-result.js';
import type { TopologyNetwork } from './topology-network.js';

/** Runs the model on a network whose hop costs are fixed (no further measuring). */
export type FixedHopModel = (
  network: TopologyNetwork,
  settings: QueueingTheorySettings,
) => TopologyModelResult;

/**
 * Hop cost of a network from its running topology's measured complete latency: the latency gap
 * ({@link hopCostFromLatencyGap}) between the measured mean and the model's tree completion time (the
 * slowest of parallel branches; on cyclic networks the mean age at exit) with free hops, per hop along it.
 * The hop count is the difference of two model runs, with hops of 1 ms and of 0 ms — no second path
 * algebra (exact for the mean exit, which is linear in the hop cost; along the slowest branch of each run
 * for the completion).
 * One cost for local and remote hops: the window shows one gap, not how it splits by placement.
 *
 * Pure: no I/O.
 *
 * @returns ms per hop, `measured`, or 0 `assumed` when there is no latency, no hop, or no finite model mean
 */
export function measuredHopCost(
  network: TopologyNetwork,
  settings: QueueingTheorySettings,
  run: FixedHopModel,
): HopCostEstimate {
  const measured = network.measuredLatency;
  const base = measured?.runningNetwork ?? network;
  if (!measured || !(measured.tuples > 0) || !Number.isFinite(measured.completeLatencyMs))
    return hopCostFromLatencyGap([]);
  const { localHopMs: _l, remoteHopMs: _r, ...free } = settings;
  const meanWith = (hopMs: number): number | null => {
    const { measuredLatency: _m, ...plain } = base;
    const result = run({ ...plain, hopCostMs: { local: hopMs, remote: hopMs } }, free);
    // The complete latency ends with a tree's slowest branch; without a tree (cycles) the mean exit.
    return result.status === 'solved' ? (result.latency.complete_mean ?? result.latency.mean) : null;
  };
  const sojourn = meanWith(0);
  const withHops = meanWith(1);
  if (sojourn === null || withHops === null) return hopCostFromLatencyGap([]);
  return hopCostFromLatencyGap([
    {
      observedLatencyMs: measured.completeLatencyMs,
      modelledSojournMs: sojourn,
      hops: withHops - sojourn,
      weight: measured.tuples,
    },
  ]);
}

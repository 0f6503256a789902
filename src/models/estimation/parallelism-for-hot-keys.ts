import { hottestInstanceLoad } from './hottest-instance-load.js';

export interface ParallelismForHotKeysOptions {
  keyWeights: number[];
  /** The component's total load, utilisation units (Σ λ·S over its instances). */
  totalLoad: number;
  /** Utilisation the hottest instance's p95 may reach, (0, 1). */
  targetUtilisation: number;
  /** Fewest instances to answer (e.g. today's count for a component that is overloaded). @defaultValue 1 */
  minInstances?: number;
  /** Most instances to consider. @defaultValue 256 */
  maxInstances?: number;
  samples?: number;
  seed?: number;
}

export interface ParallelismForHotKeys {
  instances: number;
  /** What set the number: the target, the hot key (its own load is above the target), or the cap. */
  boundBy: 'target_utilisation' | 'hot_key' | 'max_instances' | 'min_instances';
  /** The hottest instance's load band at that count, and the utilisation it was sized for. */
  p50: number;
  p95: number;
  sizedFor: number;
  hottestKeyLoad: number;
}

/**
 * Smallest parallelism of a fields-grouped component whose hottest instance stays at or below the target
 * at the 95th percentile of random hash placements ({@link hottestInstanceLoad}). When the heaviest key
 * alone exceeds the target no count can meet it; the component is then sized for halfway between that
 * key's own load and saturation, (hot + 1)/2 — free of backpressure without chasing an unreachable target
 * with ever more instances. Never fewer than ⌈total/target⌉ or `minInstances`.
 *
 * Pure: no I/O.
 *
 * @example parallelismForHotKeys({ keyWeights: [1], totalLoad: 0.9, targetUtilisation: 0.7 })
 * // { instances: 2, boundBy: 'hot_key', sizedFor: 0.95, … }: one key of load 0.9 can only be alone
 */
export function parallelismForHotKeys(options: ParallelismForHotKeysOptions): ParallelismForHotKeys {
  const maxInstances = options.maxInstances ?? 256;
  const first = hottestInstanceLoad({
    keyWeights: options.keyWeights,
    instances: 1,
    totalLoad: options.totalLoad,
  });
  const hot = first.hottestKeyLoad;
  const hotBound = hot > options.targetUtilisation;
  const sizedFor = hotBound ? (hot + 1) / 2 : options.targetUtilisation;
  const byLoad = Math.max(1, Math.ceil(options.totalLoad / options.targetUtilisation - 1e-9));
  const minInstances = options.minInstances ?? 1;
  const floor = Math.max(byLoad, minInstances);
  let last = first;
  for (let n = Math.min(floor, maxInstances); n <= maxInstances; n++) {
    const band = hottestInstanceLoad({
      keyWeights: options.keyWeights,
      instances: n,
      totalLoad: options.totalLoad,
      ...(options.samples !== undefined ? { samples: options.samples } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
    last = band;
    if (band.p95 <= sizedFor) {
      const byMinimum = n === minInstances && minInstances > byLoad;
      return {
        instances: n,
        boundBy: byMinimum ? 'min_instances' : hotBound ? 'hot_key' : 'target_utilisation',
        p50: band.p50,
        p95: band.p95,
        sizedFor,
        hottestKeyLoad: hot,
      };
    }
  }
  return {
    instances: maxInstances,
    boundBy: 'max_instances',
    p50: last.p50,
    p95: last.p95,
    sizedFor,
    hottestKeyLoad: hot,
  };
}

import type { Grouping } from '../../topology/topology-structure.js';

/**
 * Per-instance load of a consuming component under a new parallelism: for each new instance, the
 * probability that a tuple of the stream reaches it (the edge probabilities of a proposed plan).
 *
 * - SHUFFLE, NONE: spread evenly, 1/n each.
 * - ALL: every instance gets every tuple, 1 each.
 * - LOWEST: everything to the lowest task id.
 * - FIELDS (and DIRECT, CUSTOM, whose routing only the topology's code knows, treated as key-based): the
 *   measured key skew is kept. Today's shares s₁…sₘ are split into a cold part — many small keys, the
 *   same on every instance, b = minₖ sₖ each — and a hot part eₖ = sₖ − b per instance, taken to be one
 *   key (a key is never split by a fields grouping). Re-hashed onto n instances, the cold mass m·b
 *   spreads evenly (m·b/n each) and the hot keys are placed largest first on the least-loaded instance
 *   (LPT). So a key carrying 40 % of the stream keeps some instance at ≥ 40 % whatever n is. LPT is the
 *   most even placement the keys allow: a real hash may stack hot keys, never spread them better, so the
 *   hottest predicted share is a lower bound on the hottest real one.
 *
 * Reference: R. L. Graham (1969), "Bounds on multiprocessing timing anomalies", SIAM Journal on Applied
 * Mathematics 17(2):416–429 (LPT scheduling).
 *
 * @param currentShares today's share of the stream each instance receives, ≥ 0 (normalised here; all
 *   zero means no measurement and gives an even spread); not used for SHUFFLE, NONE, ALL and LOWEST
 * @param newParallelism number of instances after the change, an integer ≥ 1
 * @param grouping the stream's grouping
 * @returns one probability per new instance
 * @example redistributeLoad([0.5, 0.25, 0.25], 2, 'FIELDS') // [0.625, 0.375]: hot key 0.25 on top of 0.375
 */
export function redistributeLoad(
  currentShares: readonly number[],
  newParallelism: number,
  grouping: Grouping,
): number[] {
  if (!(Number.isInteger(newParallelism) && newParallelism >= 1)) {
    throw new RangeError(`newParallelism must be an integer ≥ 1, got ${newParallelism}`);
  }
  const n = newParallelism;
  switch (grouping) {
    case 'SHUFFLE':
    case 'NONE':
      return new Array<number>(n).fill(1 / n);
    case 'ALL':
      return new Array<number>(n).fill(1);
    case 'LOWEST':
      return Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));
    case 'FIELDS':
    case 'DIRECT':
    case 'CUSTOM':
      return rehashKeys(currentShares, n);
  }
}

function rehashKeys(currentShares: readonly number[], n: number): number[] {
  if (currentShares.length === 0) throw new RangeError('currentShares must list at least one instance');
  let total = 0;
  for (const [i, s] of currentShares.entries()) {
    if (!(Number.isFinite(s) && s >= 0))
      throw new RangeError(`currentShares[${i}] must be a finite number ≥ 0, got ${s}`);
    total += s;
  }
  if (total === 0) return new Array<number>(n).fill(1 / n);
  const shares = currentShares.map((s) => s / total);
  const cold = Math.min(...shares);
  const hot = shares
    .map((s) => s - cold)
    .filter((h) => h > 0)
    .sort((a, b) => b - a);
  const loads = new Array<number>(n).fill((cold * shares.length) / n);
  for (const key of hot) {
    let least = 0;
    for (let i = 1; i < n; i++) if ((loads[i] as number) < (loads[least] as number)) least = i;
    loads[least] = (loads[least] as number) + key;
  }
  return loads;
}

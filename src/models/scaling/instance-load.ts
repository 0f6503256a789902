import { redistributeLoad } from '../../graph/analysis/redistribute-load.js';
import type { ScalingInput } from './scaling-problem.js';

/** One input stream of a component with the rate at which it arrives. */
export interface InputFlow extends Pick<ScalingInput, 'grouping' | 'measuredShares'> {
  /** Tuples of the stream reaching the component, tuples/s ≥ 0 (counted once, whatever the grouping). */
  ratePerSec: number;
}

const keyed = (grouping: ScalingInput['grouping']) =>
  grouping === 'FIELDS' || grouping === 'DIRECT' || grouping === 'CUSTOM';

/**
 * The probability that a tuple of a stream reaches each of n instances: {@link redistributeLoad}, with
 * an empty measurement taken as an even split.
 *
 * @param measuredShares today's per-instance shares, ≥ 0 (read for key-based groupings only)
 * @param n instances, an integer ≥ 1
 * @returns n probabilities
 * @example loadShares([], 2, 'FIELDS') // [0.5, 0.5]
 */
export function loadShares(
  measuredShares: readonly number[],
  n: number,
  grouping: ScalingInput['grouping'],
): number[] {
  return redistributeLoad(measuredShares.length > 0 ? measuredShares : [1], n, grouping);
}

/**
 * Arrival rate at each of n instances: λᵢ(n) = Σₖ rₖ·pₖᵢ(n), rₖ the rate of input stream k and pₖᵢ(n) its
 * share at instance i by {@link loadShares} (an all grouping gives every instance every tuple).
 *
 * @param inputs the component's input streams with their rates, tuples/s
 * @param n instances, an integer ≥ 1
 * @returns n arrival rates, tuples/s
 * @example instanceArrivalRatesPerSec([{ grouping: 'SHUFFLE', measuredShares: [], ratePerSec: 900 }], 3) // [300, 300, 300]
 */
export function instanceArrivalRatesPerSec(inputs: readonly InputFlow[], n: number): number[] {
  const rates = new Array<number>(n).fill(0);
  for (const input of inputs) {
    if (input.ratePerSec === 0) continue;
    const shares = loadShares(input.measuredShares, n, input.grouping);
    for (let i = 0; i < n; i++) rates[i] = (rates[i] as number) + input.ratePerSec * (shares[i] as number);
  }
  return rates;
}

/** Σᵢ λᵢ(n): tuples/s the component executes over all its instances (an all grouping counts n times). */
export function totalArrivalRatePerSec(inputs: readonly InputFlow[], n: number): number {
  let total = 0;
  for (const input of inputs) total += input.ratePerSec * (input.grouping === 'ALL' ? n : 1);
  return total;
}

/**
 * The decomposition of an input's re-hashed shares that {@link redistributeLoad} uses for a key-based
 * grouping: a cold mass spread evenly and hot keys placed largest first.
 */
interface KeyProfile {
  /** Cold mass: m × the smallest normalised share. */
  coldMass: number;
  /** Hot excesses, largest first. */
  hot: number[];
}

function keyProfile(measuredShares: readonly number[]): KeyProfile {
  const total = measuredShares.reduce((a, b) => a + b, 0);
  if (measuredShares.length === 0 || total === 0) return { coldMass: 1, hot: [] };
  const shares = measuredShares.map((s) => s / total);
  const cold = Math.min(...shares);
  const hot = shares
    .map((s) => s - cold)
    .filter((h) => h > 0)
    .sort((a, b) => b - a);
  return { coldMass: cold * shares.length, hot };
}

/**
 * The hottest instance's arrival rate as a function of the parallelism, for searching the smallest
 * parallelism that meets a target. With n at least the number of hot keys H of every key-based input,
 * LPT puts each input's largest hot key on instance 0, every hot key on its own instance, so
 *
 *   maxᵢ λᵢ(n) = A/n + B,   A = Σ_shuffle rₖ + Σ_keyed rₖ·coldₖ,   B = Σ_keyed rₖ·hotₖ,₁ + Σ_all,lowest rₖ
 *
 * (exact, and what {@link instanceArrivalRatesPerSec} gives); below H it is computed from the shares.
 * B is the floor no parallelism gets under: the largest hot key of each keyed stream, and every all- and
 * lowest-grouped tuple.
 */
export interface HottestLoad {
  /** max over instances of λᵢ(n), tuples/s. */
  atParallelism(n: number): number;
  /** A of the closed form (valid for n ≥ `exactFrom`), tuples/s. */
  spreadRatePerSec: number;
  /** Σ rₖ over shuffle and key-based inputs: what is split over the instances, tuples/s (hottest ≥ it / n). */
  splitRatePerSec: number;
  /** B: the limit as n → ∞, tuples/s. */
  floorRatePerSec: number;
  /** H: from this parallelism on, A/n + B is exact. */
  exactFrom: number;
}

/**
 * Builds {@link HottestLoad} for a component's inputs.
 *
 * @param inputs the component's input streams with their rates, tuples/s
 * @example hottestLoad([{ grouping: 'FIELDS', measuredShares: [0.5, 0.25, 0.25], ratePerSec: 1000 }]).atParallelism(2) // 625
 */
export function hottestLoad(inputs: readonly InputFlow[]): HottestLoad {
  let spread = 0;
  let split = 0;
  let floor = 0;
  let exactFrom = 1;
  for (const input of inputs) {
    const r = input.ratePerSec;
    if (input.grouping === 'ALL' || input.grouping === 'LOWEST') {
      floor += r;
    } else if (keyed(input.grouping)) {
      const profile = keyProfile(input.measuredShares);
      split += r;
      spread += r * profile.coldMass;
      floor += r * (profile.hot[0] ?? 0);
      exactFrom = Math.max(exactFrom, profile.hot.length);
    } else {
      split += r;
      spread += r;
    }
  }
  return {
    atParallelism: (n) =>
      n >= exactFrom ? spread / n + floor : Math.max(...instanceArrivalRatesPerSec(inputs, n)),
    spreadRatePerSec: spread,
    splitRatePerSec: split,
    floorRatePerSec: floor,
    exactFrom,
  };
}

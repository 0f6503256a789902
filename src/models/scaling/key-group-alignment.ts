/**
 * Key-group alignment (Flink): a keyed operator's state is split into `maxParallelism` key groups, each
 * owned by one instance; unless the parallelism divides that number, some instances own one key group
 * more than others and run hotter. So the parallelism is rounded up to the smallest divisor of the key
 * groups that is ≥ n — and never exceeds the key groups (an instance beyond them would own none).
 *
 * Divisors come in pairs (d, K/d) with d ≤ √K, so trial division up to √K finds the answer in O(√K)
 * steps: ~181 for Flink's largest K = 32768, ~141 000 for K ≈ 2·10¹⁰.
 *
 * Reference: Apache Flink Kubernetes Operator, autoscaler, `JobVertexScaler` (key-group alignment of the
 * scaled parallelism); https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-main/docs/custom-resource/autoscaler/
 *
 * @param n a parallelism, an integer ≥ 1
 * @param keyGroups the number of key groups K, a safe integer ≥ 1
 * @returns the smallest divisor of K that is ≥ n; K when n > K
 * @throws RangeError when K is not a safe integer ≥ 1 (callers validate it first)
 * @example alignToKeyGroups(5, 128) // 8
 */
export function alignToKeyGroups(n: number, keyGroups: number): number {
  if (!Number.isSafeInteger(keyGroups) || keyGroups < 1)
    throw new RangeError(`key groups must be a safe integer ≥ 1, got ${keyGroups}`);
  if (n >= keyGroups) return keyGroups;
  // Small divisors d rise and their partners K/d fall: the last partner ≥ n seen so far is the smallest
  // large candidate, and the first small divisor ≥ n (≤ √K ≤ every partner yet seen) beats them all.
  let best = keyGroups;
  for (let d = 1; d * d <= keyGroups; d++) {
    if (keyGroups % d !== 0) continue;
    if (d >= n) return d;
    const partner = keyGroups / d;
    if (partner >= n) best = partner;
  }
  return best;
}

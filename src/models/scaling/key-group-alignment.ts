/**
 * Key-group alignment (Flink): a keyed operator's state is split into `maxParallelism` key groups, each
 * owned by one instance; unless the parallelism divides that number, some instances own one key group
 * more than others and run hotter. So the parallelism is rounded up to the smallest divisor of the key
 * groups that is ≥ n — and never exceeds the key groups.
 *
 * Reference: Apache Flink Kubernetes Operator, autoscaler, `JobVertexScaler` (key-group alignment of the
 * scaled parallelism); https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-main/docs/custom-resource/autoscaler/
 *
 * @param n a parallelism, an integer ≥ 1
 * @param keyGroups the number of key groups K, an integer ≥ 1
 * @returns the smallest divisor of K that is ≥ n; K when n > K
 * @example alignToKeyGroups(5, 128) // 8
 */
export function alignToKeyGroups(n: number, keyGroups: number): number {
  for (let d = Math.max(1, n); d < keyGroups; d++) if (keyGroups % d === 0) return d;
  return keyGroups;
}

/**
 * The largest divisor of the key groups that is ≤ n: the aligned value when rounding up would break an
 * upper bound.
 *
 * @param n a parallelism, an integer ≥ 1
 * @param keyGroups the number of key groups K, an integer ≥ 1
 * @returns the largest divisor of K that is ≤ n (1 at least)
 * @example largestAlignedAtMost(7, 128) // 4
 */
export function largestAlignedAtMost(n: number, keyGroups: number): number {
  for (let d = Math.min(n, keyGroups); d > 1; d--) if (keyGroups % d === 0) return d;
  return 1;
}

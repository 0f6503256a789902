/**
 * The limits every scaling advice respects, whatever the settings or the planner say: the recommended
 * parallelism of one component, and the key groups a component may declare.
 */

/** augur never recommends more instances of one component than this (a guard against runaway formulas). */
export const MAX_RECOMMENDED_PARALLELISM = 10_000;

/**
 * Most key groups (`maxParallelism`) a component may declare: Flink's upper bound, 2¹⁵
 * (`Transformation.UPPER_BOUND_MAX_PARALLELISM`, `KeyGroupRangeAssignment`).
 */
export const MAX_KEY_GROUPS = 32_768;

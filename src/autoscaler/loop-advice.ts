import { z } from 'zod';
import type { TopologyRef } from '../topology/topology-ref.js';

/** What the loop needs of a scaling advice (`GET /model/scaling/{dsps}/{topology}`'s planner). */
export interface LoopAdvice {
  /** Busiest-instance utilisation the advice aims at, fraction. */
  target_utilisation: number;
  components: Array<{
    component: string;
    kind: 'spout' | 'bolt';
    current_parallelism: number;
    recommended_parallelism: number;
    /** Measured utilisation of the busiest instance today, fraction (absent or null: unknown). */
    current_utilisation?: number | null;
    /** Busiest-instance utilisation expected at `recommended_parallelism`, fraction (null: unknown). */
    predicted_utilisation: number | null;
    bound_by: string;
    reasons: string[];
  }>;
  /** The plan to apply, in the DSPS's form (Heron PackingPlan JSON, or a Storm assignment); opaque here. */
  plan: unknown;
  /** Today's plan in the same form (for rollback), when known. */
  current_plan?: unknown;
  prediction?: unknown;
}

export interface AdviseOptions {
  /** The topology's configured `targetUtilisation`, fraction; absent: the advice's default. */
  targetUtilisation?: number;
  /**
   * Plan exactly this parallelism per component (components left out keep the advice's own): the loop asks
   * for it when its decision differs from the advice (a component held in the band, a scale-down waiting
   * for its window), so the plan it applies is the one it decided.
   */
  parallelism?: Record<string, number>;
}

/** Computes a scaling advice for a topology; injected by the caller (the loop never runs a model itself). */
export type AdviseFn = (ref: TopologyRef, options?: AdviseOptions) => Promise<LoopAdvice>;

const utilisation = z.number().min(0).finite();

/**
 * Checks an advice before the loop acts on it: parallelisms are integers ≥ 1, utilisations finite and
 * non-negative, component names unique. A malformed advice is recorded as an error, never executed.
 */
export const loopAdviceSchema = z.object({
  target_utilisation: z.number().gt(0).max(1),
  components: z
    .array(
      z.object({
        component: z.string().min(1),
        kind: z.enum(['spout', 'bolt']),
        current_parallelism: z.number().int().min(1),
        recommended_parallelism: z.number().int().min(1),
        current_utilisation: utilisation.nullable().optional(),
        predicted_utilisation: utilisation.nullable(),
        bound_by: z.string(),
        reasons: z.array(z.string()),
      }),
    )
    .refine((cs) => new Set(cs.map((c) => c.component)).size === cs.length, 'component names must be unique'),
  plan: z.unknown(),
  current_plan: z.unknown().optional(),
  prediction: z.unknown().optional(),
});

/** The advice as checked by {@link loopAdviceSchema}; throws a ZodError when malformed. */
export function parseLoopAdvice(advice: unknown): LoopAdvice {
  return loopAdviceSchema.parse(advice);
}

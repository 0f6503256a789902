import { z } from 'zod';

/** Settings of the `queueing-theory` model (`models.queueing-theory` in the configuration). */
export const queueingTheorySettingsSchema = z
  .object({
    /**
     * Squared coefficient of variation of service times, Var(S)/E[S]², for bolts without a measured one.
     * Heron reports only mean execute latencies, so this is an assumption, and the result says which
     * instances used it. 1 (exponential) is conservative for most bolts; 0 means constant service.
     * @defaultValue 1
     */
    serviceScv: z.number().min(0).max(100).default(1),
    /**
     * Squared coefficient of variation of spout inter-emission times, for spouts without a measured one.
     * @defaultValue 1 (Poisson)
     */
    spoutArrivalScv: z.number().min(0).max(100).default(1),
    /**
     * How arrival variability at bolts is found: `propagate` carries it through the network by Whitt's
     * QNA equations; `poisson` assumes Poisson arrivals at every bolt (c_a² = 1, M/G/1).
     * @defaultValue 'propagate'
     */
    arrivalVariability: z.enum(['propagate', 'poisson']).default('propagate'),
    /**
     * Utilisation ρ at which an instance is taken to cause backpressure; Heron then throttles every spout
     * so that the bottleneck runs at this utilisation. At most 1 (a queue with ρ ≥ 1 grows without bound).
     * @defaultValue 1
     */
    backpressureThreshold: z.number().gt(0).max(1).default(1),
    /** Utilisation from which an instance is reported as a warning; at most the threshold. @defaultValue 0.8 */
    warningUtilisation: z.number().gt(0).max(1).default(0.8),
    /**
     * Mean transfer time of a tuple between two instances in the same container (through the local stream
     * manager), ms: an explicit override of the hop cost measured from the latency gap (a spout's complete
     * latency against the model's sojourns). Unset: measured, else 0 (`assumptions.hop_ms.source`).
     */
    localHopMs: z.number().min(0).optional(),
    /** Mean transfer time between instances in different containers, ms; an override as `localHopMs`. */
    remoteHopMs: z.number().min(0).optional(),
  })
  .strict()
  .refine((s) => s.warningUtilisation <= s.backpressureThreshold, {
    message: 'warningUtilisation must not exceed backpressureThreshold',
    path: ['warningUtilisation'],
  });

export type QueueingTheorySettings = z.infer<typeof queueingTheorySettingsSchema>;

import type { Config } from '../config/config-schema.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { ComponentConstraints } from '../models/scaling/scaling-problem.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { PlanNaming } from '../topology/planned-instances.js';
import type { Dsps } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { RateKeyMatcher } from './rate-keys.js';

/** A plan in the form the DSPS's scheduler takes, as a scaling advice hands it out. */
export type SchedulerPlan =
  | { dsps: 'heron'; packing_plan: unknown; packing_plan_protobuf_base64: string }
  | { dsps: 'storm'; assignment: unknown; rebalance_command: string[] };

/**
 * Everything augur knows of one stream-processing system, in one place: how its plans, instance ids and
 * request keys look, what its scheduler takes, and where its metrics come from. Past an adapter, nothing
 * depends on which DSPS it is: a new DSPS is one more adapter (see {@link DSPS_ADAPTERS}).
 */
export interface DspsAdapter extends PlanNaming {
  readonly dsps: Dsps;
  /** What `POST …/proposed` takes, in words, for error messages. */
  readonly proposedPlanDescription: string;
  /** How a request names one spout instance in a rate key (`task id`, `task range`), for error messages. */
  readonly rateKeyStyle: string;
  /** Matches per-instance spout-rate keys (`10=141`, Storm `1-2=141`) to the spout instances of the plan. */
  readonly matchRateKeys: RateKeyMatcher;
  /** The key a request names one spout instance by (`10`; Storm: its task range `1-2`). */
  rateKeyOf(instance: { taskId: number; lastTaskId?: number }): string;
  /**
   * A proposed plan from a request body (bytes or parsed JSON), DSPS-neutral, checked against the running
   * topology. @throws AppError `BAD_REQUEST` naming what is wrong
   */
  decodeProposedPlan(body: unknown, contentType: string, structure: TopologyStructure): PackingPlan;
  /**
   * True when the DSPS's workers are sized by the cluster, not the plan (Storm's worker slots): an advice
   * then packs into containers like today's, at least as many as today.
   */
  readonly keepsContainerSizes: boolean;
  /** Limits the DSPS puts on each component's parallelism (Storm: at most its fixed number of tasks). */
  parallelismConstraints(structure: TopologyStructure): Record<string, ComponentConstraints>;
  /**
   * A packed plan as the DSPS will run it (Storm: executors' task ranges on worker slots) and in the form its
   * scheduler takes. `currentPlan` is today's, when the source knows it (Storm reuses its worker slots).
   */
  schedulerPlan(
    packed: PackingPlan,
    structure: TopologyStructure,
    currentPlan: PackingPlan | undefined,
  ): { plan: PackingPlan; schedulerPlan: SchedulerPlan };
  /** The plan inside a {@link SchedulerPlan} of this DSPS (what `POST …/proposed` decodes when posted as is). */
  planInSchedulerPlan(schedulerPlan: Record<string, unknown>): unknown;
  /** Today's plan in the scheduler's form (what a rollback goes back to). */
  currentSchedulerPlan(plan: PackingPlan): unknown;
  /**
   * The pseudo-component whose `backpressure-initiated-ms` says how long the spouts were throttled (Heron's
   * stream managers, `__stmgr__`); absent when the DSPS reports no such time (Storm).
   */
  readonly backpressureComponent?: string;
  /** The DSPS's source of topologies, plans and metrics, as `metrics.<dsps>` configures it (no I/O). */
  createPlanSource(config: Config): MetricsSource;
}

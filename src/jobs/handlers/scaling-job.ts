import { performance } from 'node:perf_hooks';
import type { ModelRegistry } from '../../models/model-registry.js';
import {
  type QueueingTheorySettings,
  queueingTheorySettingsSchema,
} from '../../models/topology/queueing-theory-settings.js';
import type { ModelJobData } from '../model-job.js';
import { documentHead } from '../result-document.js';
import { adviseScaling } from './advise-scaling.js';
import type { JobHandler } from './job-handler.js';

/**
 * The worker side of `GET /model/scaling/…`: the advice, the recommended plan in the DSPS's form and the
 * queueing-theory model's prediction for today's plan and the recommended one, as one result document.
 */
export const runScalingJob: JobHandler<'scaling'> = async (job, { source, registry, graphs }, ctx) => {
  const { params } = job;
  await ctx.reportProgress(5);
  const started = performance.now();
  const outcome = await adviseScaling(
    source,
    graphs,
    job.ref,
    params,
    job.requestedAtSec,
    queueingSettingsFor(registry, job.ref.dsps),
    (percent) => ctx.reportProgress(percent),
  );
  const calculationTime = (performance.now() - started) / 1000;
  await ctx.reportProgress(100);
  const { advice } = outcome;
  return {
    ...documentHead(job, source.kind, outcome.window, job.params),
    traffic: { ...outcome.traffic, units: 'tuples/s' },
    plan: {
      kind: 'advised',
      current_parallelism: Object.fromEntries(
        advice.components.map((c) => [c.component, c.current_parallelism]),
      ),
      recommended_parallelism: Object.fromEntries(
        advice.components.map((c) => [c.component, c.recommended_parallelism]),
      ),
      changed: advice.changed,
    },
    model_results: [
      {
        model_name: `scaling/${advice.planner}`,
        calculation_time: calculationTime,
        results: {
          ...advice,
          backlog: { ...outcome.backlog, units: 'tuples' },
          plan: outcome.plan,
          ...(outcome.current_plan ? { current_plan: outcome.current_plan } : {}),
          prediction: outcome.prediction,
        },
      },
    ],
  };
};

/** The queueing-theory settings the topology endpoints of this DSPS use (their defaults when not configured). */
export function queueingSettingsFor(
  registry: ModelRegistry,
  dsps: ModelJobData['ref']['dsps'],
): QueueingTheorySettings {
  const configured = [
    ...registry.forEndpoint(`topology.${dsps}.proposed`),
    ...registry.forEndpoint(`topology.${dsps}.current`),
  ].find((m) => m.model.name === 'queueing-theory');
  return (
    (configured?.settings as QueueingTheorySettings | undefined) ?? queueingTheorySettingsSchema.parse({})
  );
}

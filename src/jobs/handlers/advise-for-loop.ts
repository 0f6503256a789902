import type { AdviseFn, AdviseOptions } from '../../autoscaler/loop-advice.js';
import type { Config } from '../../config/config-schema.js';
import { AppError } from '../../errors.js';
import type { TopologyGraphStore } from '../../graph/topology-graph-store.js';
import { jobScopedSource } from '../../metrics/job-scoped-source.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import type { ModelRegistry } from '../../models/model-registry.js';
import type { ScalingSettingsInput } from '../../models/scaling/scaling-settings.js';
import type { Dsps, TopologyRef } from '../../topology/topology-ref.js';
import { wholeMinuteSec } from '../model-id.js';
import type { ScalingJobParams } from '../params/scaling-params.js';
import { scalingSettingsOf } from '../params/scaling-settings-of.js';
import { adviseScaling } from './advise-scaling.js';
import { queueingSettingsFor } from './scaling-job.js';

/**
 * The advice the autoscaling loop acts on: the same `adviseScaling` as `GET /model/scaling/…`, at the
 * loop's traffic (`autoscaler.traffic`: the forecast peak until the loop could next change the plan, or the
 * measured rates), with the configuration's scaling settings and a topology's own target, if it has one.
 */
export function adviseForLoop(
  config: Readonly<Config>,
  sources: Partial<Record<Dsps, MetricsSource>>,
  registry: ModelRegistry,
  graphs: TopologyGraphStore,
  now: () => number = Date.now,
): AdviseFn {
  return async (ref, options = {}) => {
    const configured = sources[ref.dsps];
    if (!configured)
      throw new AppError('DSPS_NOT_SUPPORTED', `No metrics source is configured for ${ref.dsps}`);
    const source = jobScopedSource(configured);
    const horizonMin = Math.ceil((config.autoscaler.reevaluateSec + config.autoscaler.cooldownSec) / 60);
    const params: ScalingJobParams = {
      kind: 'scaling',
      ...(config.autoscaler.traffic === 'forecast'
        ? {
            traffic: 'forecast' as const,
            forecast: {
              duration: horizonMin,
              units: 'm' as const,
              duration_minutes: horizonMin,
              source_hours: config.traffic.defaultSourceHours,
              peak: 'max' as const,
            },
          }
        : { traffic: 'measured' as const }),
      window_minutes: config.topology.windowMinutes,
      settings: await loopSettings(config, source, ref, options),
    };
    const outcome = await adviseScaling(
      source,
      graphs,
      ref,
      params,
      wholeMinuteSec(now()),
      queueingSettingsFor(registry, ref.dsps),
    );
    return {
      target_utilisation: outcome.advice.target_utilisation,
      components: outcome.advice.components,
      plan: outcome.plan,
      ...(outcome.current_plan ? { current_plan: outcome.current_plan } : {}),
      prediction: outcome.prediction.recommended,
    };
  };
}

/**
 * The settings an API request without overrides would get — the configuration's, today's Storm worker size
 * and count kept — with the topology's own target and, when the loop asks for an exact plan, each listed
 * component pinned to its number (min = max).
 */
async function loopSettings(
  config: Readonly<Config>,
  source: MetricsSource,
  ref: TopologyRef,
  options: AdviseOptions,
): Promise<ScalingSettingsInput> {
  const structure = await source.getStructure(ref);
  const base = scalingSettingsOf(
    config,
    ref.dsps,
    options.targetUtilisation !== undefined ? { target_utilisation: options.targetUtilisation } : {},
    structure,
    await source.getPackingPlan?.(ref),
  );
  if (!options.parallelism) return base;
  const components = { ...base.components };
  for (const [component, n] of Object.entries(options.parallelism)) {
    components[component] = { ...components[component], min: n, max: n };
  }
  return { ...base, components };
}

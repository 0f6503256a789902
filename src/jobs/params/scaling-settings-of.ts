import type { Config } from '../../config/config-schema.js';
import { DSPS_ADAPTERS } from '../../dsps/dsps-adapters.js';
import { AppError } from '../../errors.js';
import type { PlannerName, ScalingSettingsInput } from '../../models/scaling/scaling-settings.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import type { Dsps } from '../../topology/topology-ref.js';
import type { TopologyStructure } from '../../topology/topology-structure.js';

const MIB = 2 ** 20;

/** What a request (or the loop, with none) overrides of the configured scaling settings; query names. */
export interface ScalingOverrides {
  planner?: PlannerName | undefined;
  target_utilisation?: number | undefined;
  tolerance?: number | undefined;
  min_parallelism?: Record<string, number> | undefined;
  max_parallelism?: Record<string, number> | undefined;
  key_groups?: Record<string, number> | undefined;
  max_scale_up?: number | undefined;
  max_scale_down?: number | undefined;
  backlog?: Record<string, number> | undefined;
  packing?: 'round-robin' | 'first-fit' | undefined;
  container_cpu_cores?: number | undefined;
  container_ram_mb?: number | undefined;
}

const badQuery = (field: string, message: string) =>
  new AppError('BAD_REQUEST', `query.${field}: ${message}`, {
    details: { field: `query.${field}`, reason: message },
  });

/** The query's per-component lists and the bound each sets. */
const BOUND_OF = { min_parallelism: 'min', max_parallelism: 'max', key_groups: 'maxParallelism' } as const;

/**
 * The scaling settings of a request: the configuration's `scaling` with the request's overrides. Checked here,
 * so bad input is a 400 before anything is queued: component names against the topology, min against max,
 * (Storm) min against each component's task count, and the container size against today's largest instance.
 *
 * Storm workers are sized by Storm's own configuration, not by augur: unless the request gives a container
 * size, a Storm plan packs into workers as large as today's largest, and never into fewer workers than
 * today's (so nothing merges when nothing changes).
 */
export function scalingSettingsOf(
  config: Readonly<Config>,
  dsps: Dsps,
  query: ScalingOverrides,
  structure: TopologyStructure,
  currentPlan: PackingPlan | undefined,
): ScalingSettingsInput {
  const base = config.scaling;
  const names = Object.keys(structure.components).sort();
  for (const field of [...Object.keys(BOUND_OF), 'backlog'] as Array<keyof typeof BOUND_OF | 'backlog'>) {
    for (const component of Object.keys(query[field] ?? {})) {
      if (!structure.components[component]) {
        throw badQuery(field, `unknown component "${component}" (${structure.name} has ${names.join(', ')})`);
      }
    }
  }
  assertWithinCaps(config.limits, query);
  const adapter = DSPS_ADAPTERS[dsps];
  const limits = adapter.parallelismConstraints(structure);
  // Configured bounds name components of some topologies; this one keeps only its own.
  const components: NonNullable<ScalingSettingsInput['components']> = Object.fromEntries(
    Object.entries(structuredClone(base.components)).filter(([name]) => structure.components[name]),
  );
  for (const field of Object.keys(BOUND_OF) as Array<keyof typeof BOUND_OF>) {
    for (const [component, count] of Object.entries(query[field] ?? {})) {
      components[component] = { ...components[component], [BOUND_OF[field]]: count };
    }
  }
  // Whatever the traffic, no component is advised past the cap: it bounds the plan the job builds (a
  // DSPS bound under it, as Storm's task count, already does).
  const cap = config.limits.maxComponentParallelism;
  for (const component of names) {
    if ((limits[component]?.maxParallelism ?? Number.POSITIVE_INFINITY) <= cap) continue;
    const bounds = components[component] ?? {};
    components[component] = { ...bounds, max: Math.min(bounds.max ?? cap, cap) };
  }
  for (const [component, bounds] of Object.entries(components)) {
    if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
      throw badQuery('min_parallelism', `${component}: min ${bounds.min} exceeds max ${bounds.max}`);
    }
    const most = limits[component]?.maxParallelism;
    if (most !== undefined && bounds.min !== undefined && bounds.min > most) {
      throw badQuery(
        'min_parallelism',
        `${component}: min ${bounds.min} exceeds its ${most} tasks (${dsps} runs at most one instance per task)`,
      );
    }
  }
  const packing = packingOf(base.packing, query, adapter.keepsContainerSizes ? currentPlan : undefined);
  assertInstancesFit(packing, query, currentPlan);
  return {
    ...base,
    components,
    ...(query.planner ? { planner: query.planner } : {}),
    ...(query.target_utilisation !== undefined ? { targetUtilisation: query.target_utilisation } : {}),
    ...(query.tolerance !== undefined ? { tolerance: query.tolerance } : {}),
    ...(query.max_scale_up !== undefined ? { maxScaleUpFactor: query.max_scale_up } : {}),
    ...(query.max_scale_down !== undefined ? { maxScaleDownFactor: query.max_scale_down } : {}),
    packing,
  };
}

/** The request's parallelism and step factor against `limits` (what one advice may cost a worker). */
function assertWithinCaps(limits: Config['limits'], query: ScalingOverrides): void {
  for (const field of ['min_parallelism', 'max_parallelism'] as const) {
    for (const [component, count] of Object.entries(query[field] ?? {})) {
      if (count > limits.maxComponentParallelism) {
        throw capExceeded(
          field,
          `${component}: ${count} instances is more than limits.maxComponentParallelism = ${limits.maxComponentParallelism}`,
          'limits.maxComponentParallelism',
        );
      }
    }
  }
  if (query.max_scale_up !== undefined && query.max_scale_up > limits.maxScaleUpFactor) {
    throw capExceeded(
      'max_scale_up',
      `${query.max_scale_up} is more than limits.maxScaleUpFactor = ${limits.maxScaleUpFactor}`,
      'limits.maxScaleUpFactor',
    );
  }
}

const capExceeded = (field: string, message: string, limit: string) =>
  new AppError('BAD_REQUEST', `query.${field}: ${message}`, {
    details: { field: `query.${field}`, reason: 'over the cap', limit },
  });

type Packing = Config['scaling']['packing'];

function packingOf(base: Packing, query: ScalingOverrides, today: PackingPlan | undefined): Packing {
  const workers = today?.containers ?? [];
  const largestCpu = Math.max(0, ...workers.map((w) => w.requiredResources.cpuCores));
  const largestRam = Math.max(0, ...workers.map((w) => w.requiredResources.ramBytes));
  return {
    ...base,
    ...(largestCpu > 0 ? { cpuCoresPerContainer: largestCpu } : {}),
    ...(largestRam > 0 ? { ramBytesPerContainer: largestRam } : {}),
    ...(workers.length > 0 ? { minContainers: workers.length } : {}),
    ...(query.packing ? { strategy: query.packing } : {}),
    ...(query.container_cpu_cores !== undefined ? { cpuCoresPerContainer: query.container_cpu_cores } : {}),
    ...(query.container_ram_mb !== undefined ? { ramBytesPerContainer: query.container_ram_mb * MIB } : {}),
  };
}

/** A container must hold today's largest instance of every component, or no plan can be packed. */
function assertInstancesFit(
  packing: Packing,
  query: ScalingOverrides,
  currentPlan: PackingPlan | undefined,
): void {
  for (const instance of (currentPlan?.containers ?? []).flatMap((c) => c.instances)) {
    const { cpuCores, ramBytes } = instance.resources;
    if (cpuCores > packing.cpuCoresPerContainer) {
      const field =
        query.container_cpu_cores !== undefined
          ? 'container_cpu_cores'
          : 'scaling.packing.cpuCoresPerContainer';
      throw badQuery(
        field,
        `a container of ${packing.cpuCoresPerContainer} cores cannot hold an instance of ${instance.component} (${cpuCores} cores)`,
      );
    }
    if (ramBytes > packing.ramBytesPerContainer) {
      const field =
        query.container_ram_mb !== undefined ? 'container_ram_mb' : 'scaling.packing.ramBytesPerContainer';
      throw badQuery(
        field,
        `a container of ${Math.round(packing.ramBytesPerContainer / MIB)} MiB cannot hold an instance of ${instance.component} (${Math.round(ramBytes / MIB)} MiB)`,
      );
    }
  }
}

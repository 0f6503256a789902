import { AppError } from '../../errors.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import type {
  BoltInstance,
  ContainerSpec,
  NetworkEdge,
  SpoutInstance,
  TopologyNetwork,
} from '../topology/topology-network.js';
import { loadShares } from './instance-load.js';
import type { ScalingProblem } from './scaling-problem.js';

export interface NetworkForParallelismOptions {
  /**
   * Place the instances as this plan does — ids `container_<n>_<component>_<task id>` (Heron's), containers
   * `container_<n>` with the CPU of their `scheduledResources`, else `requiredResources` — e.g. the advice's
   * packing plan. By default every instance is `<component>_<k>` (k from 1) in `container_1`.
   */
  plan?: PackingPlan;
  /** Measured hop costs to carry over, ms. */
  hopCostMs?: { local: number; remote: number };
}

interface Placed {
  id: string;
  container: string;
}

/**
 * The queueing-theory model's network for a topology at another parallelism, so that `modelTopology`
 * can check an advice: each component's instances get its measured mean service time (and c²), output
 * ratios and CPU per tuple; a spout component's rate is split evenly over its instances; every input
 * stream is re-spread over the new instances by `redistributeLoad` (fields groupings keep the measured
 * key skew), with one edge per sender and target instance.
 *
 * @param problem the topology at component level (e.g. from `scalingProblemOf`)
 * @param parallelism instances per component; a component not listed keeps its current parallelism
 * @param options placement and hop costs
 * @throws AppError `BAD_REQUEST` for a parallelism that is not an integer ≥ 1, an unknown component, or
 *   a plan that places another number of instances
 * @example networkForParallelism(problem, recommendedParallelism(advice), { plan: advice.packing.plan })
 */
export function networkForParallelism(
  problem: ScalingProblem,
  parallelism: Record<string, number>,
  options: NetworkForParallelismOptions = {},
): TopologyNetwork {
  for (const [name, n] of Object.entries(parallelism)) {
    const field = `parallelism.${name}`;
    if (!problem.components[name])
      throw new AppError('BAD_REQUEST', `Invalid ${field}: unknown component`, {
        details: { field, reason: 'unknown component' },
      });
    if (!(Number.isInteger(n) && n >= 1))
      throw new AppError('BAD_REQUEST', `Invalid ${field}: must be an integer ≥ 1`, {
        details: { field, reason: 'not a parallelism' },
      });
  }
  const names = Object.keys(problem.components).sort();
  const countOf = (name: string) => parallelism[name] ?? (problem.components[name]?.parallelism as number);
  const placed = options.plan ? placeByPlan(options.plan, names, countOf) : placeDefault(names, countOf);

  const spouts: SpoutInstance[] = [];
  const bolts: BoltInstance[] = [];
  for (const name of names) {
    const c = problem.components[name] as ScalingProblem['components'][string];
    const instances = placed.get(name) as Placed[];
    for (const { id, container } of instances) {
      const cpu = c.cpuCoreSecPerTuple !== undefined ? { cpuCoreSecPerTuple: c.cpuCoreSecPerTuple } : {};
      if (c.kind === 'spout') {
        spouts.push({
          id,
          component: name,
          container,
          offeredRatePerSec: (problem.spoutRatesPerSec[name] ?? 0) / instances.length,
          outputRatios: { ...c.outputRatios },
          ...(c.arrivalScv !== undefined ? { arrivalScv: c.arrivalScv } : {}),
          ...cpu,
        });
      } else {
        bolts.push({
          id,
          component: name,
          container,
          serviceTimeMeanMs: c.serviceTimeMeanMs ?? 0,
          ...(c.serviceTimeScv !== undefined ? { serviceTimeScv: c.serviceTimeScv } : {}),
          outputRatios: { ...c.outputRatios },
          ...cpu,
        });
      }
    }
  }

  const edges: NetworkEdge[] = [];
  for (const name of names) {
    const targets = placed.get(name) as Placed[];
    for (const input of problem.components[name]?.inputs ?? []) {
      const shares = loadShares(input.measuredShares, targets.length, input.grouping);
      for (const from of placed.get(input.component) ?? []) {
        targets.forEach((to, t) => {
          // Shares re-spread by sums can land an ulp outside [0, 1] (1.0000000000000002); a probability may not.
          const probability = Math.min(1, Math.max(0, shares[t] as number));
          edges.push({ from: from.id, to: to.id, stream: input.stream, probability });
        });
      }
    }
  }

  const containers = options.plan ? containerSpecs(options.plan) : undefined;
  return {
    spouts,
    bolts,
    edges,
    ...(containers ? { containers } : {}),
    ...(options.hopCostMs ? { hopCostMs: { ...options.hopCostMs } } : {}),
  };
}

function placeDefault(names: string[], countOf: (name: string) => number): Map<string, Placed[]> {
  return new Map(
    names.map((name) => [
      name,
      Array.from({ length: countOf(name) }, (_, k) => ({ id: `${name}_${k + 1}`, container: 'container_1' })),
    ]),
  );
}

function placeByPlan(
  plan: PackingPlan,
  names: string[],
  countOf: (name: string) => number,
): Map<string, Placed[]> {
  const byComponent = new Map<string, Array<Placed & { taskId: number }>>(names.map((n) => [n, []]));
  for (const container of plan.containers) {
    for (const i of container.instances) {
      const list = byComponent.get(i.component);
      if (!list) {
        throw new AppError('BAD_REQUEST', `Invalid plan: unknown component "${i.component}"`, {
          details: { field: 'plan', reason: 'unknown component' },
        });
      }
      list.push({
        id: `container_${container.index}_${i.component}_${i.taskId}`,
        container: `container_${container.index}`,
        taskId: i.taskId,
      });
    }
  }
  for (const [name, list] of byComponent) {
    if (list.length !== countOf(name)) {
      throw new AppError(
        'BAD_REQUEST',
        `Invalid plan: it places ${list.length} instances of ${name}, the parallelism is ${countOf(name)}`,
        { details: { field: 'plan', reason: 'parallelism mismatch', component: name } },
      );
    }
    list.sort((a, b) => a.taskId - b.taskId);
  }
  return byComponent;
}

function containerSpecs(plan: PackingPlan): Record<string, ContainerSpec> {
  const specs: Record<string, ContainerSpec> = {};
  for (const c of plan.containers) {
    const cores = (c.scheduledResources ?? c.requiredResources).cpuCores;
    if (cores > 0) specs[`container_${c.index}`] = { cpuCapacityCores: cores };
  }
  return specs;
}

import { AppError } from '../../errors.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import type { Resources } from '../../topology/resources.js';
import type { TopologyStructure } from '../../topology/topology-structure.js';
import { solveTrafficEquations } from '../queueing/traffic-equations.js';
import { type TopologyNetwork, validateTopologyNetwork } from '../topology/topology-network.js';
import type {
  ComponentConstraints,
  ScalingComponent,
  ScalingInput,
  ScalingProblem,
} from './scaling-problem.js';

export interface ScalingProblemOptions {
  /**
   * Traffic to sustain per spout component, source events/s (e.g. a forecast peak); by default the sum of
   * the network's offered spout rates.
   */
  spoutRatesPerSec?: Record<string, number>;
  /** Pending tuples per component, for the `backlog` and `formula` planners. */
  backlogTuples?: Record<string, number>;
  /** Instances requested but not yet running, per component. */
  startingInstances?: Record<string, number>;
  /** Today's packing plan: each component's instance resources (the largest of its instances). */
  plan?: PackingPlan;
  /** Instance resources per component; override the plan's. */
  resourcesPerInstance?: Record<string, Resources>;
  /** Bounds per component. */
  constraints?: Record<string, ComponentConstraints>;
}

const bad = (message: string, details: Record<string, unknown>) =>
  new AppError('BAD_REQUEST', message, { details });

/**
 * Derives a {@link ScalingProblem} from a measured network (the queueing-theory model's input) and the
 * topology's structure (components, streams, groupings):
 *
 * - parallelism: the component's instances in the network;
 * - service time, its c², output ratios and CPU per tuple: means over the instances weighted by each
 *   instance's arrival rate λᵢ (traffic equations at the offered spout rates; plain means without traffic);
 * - per input, the measured shares: tuples of the stream reaching each instance (sorted by task id),
 *   Σ over senders of λ_sender × output ratio × edge probability — falling back to Σ probabilities when
 *   no traffic flows;
 * - spout rates: the network's offered rates summed per spout component, unless given.
 *
 * @throws AppError `BAD_REQUEST` for an invalid network, a component of one without instances in the
 *   other, or a feedback cycle without stable rates
 */
export function scalingProblemOf(
  network: TopologyNetwork,
  structure: TopologyStructure,
  options: ScalingProblemOptions = {},
): ScalingProblem {
  const problems = validateTopologyNetwork(network);
  if (problems.length > 0)
    throw bad(`Invalid network: ${problems[0]}`, { field: 'network', reason: 'invalid network', problems });

  const nodes = [...network.spouts, ...network.bolts];
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  const lambda = instanceArrivalRates(network, position);
  const byComponent = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    if (!structure.components[node.component]) {
      throw bad(`Invalid network: instance ${node.id} belongs to unknown component "${node.component}"`, {
        field: 'network',
        reason: 'unknown component',
      });
    }
    const members = byComponent.get(node.component);
    if (members) members.push(i);
    else byComponent.set(node.component, [i]);
  });
  // Target instances of each component in task order (the structure's), else in network order.
  for (const [name, members] of byComponent) {
    const taskOrder = structure.components[name]?.instances ?? [];
    const rank = new Map(taskOrder.map((id, i) => [id, i]));
    if (members.every((m) => rank.has(nodes[m]?.id as string)))
      members.sort(
        (a, b) => (rank.get(nodes[a]?.id as string) as number) - (rank.get(nodes[b]?.id as string) as number),
      );
  }

  // Tuples of each stream reaching each instance, and the probabilities alone (for idle networks).
  const flows = new Map<string, { flow: Float64Array; probability: Float64Array }>();
  for (const e of network.edges) {
    const from = position.get(e.from) as number;
    const to = position.get(e.to) as number;
    const key = `${nodes[to]?.component}\u0000${nodes[from]?.component}\u0000${e.stream}`;
    let f = flows.get(key);
    if (!f) {
      f = { flow: new Float64Array(nodes.length), probability: new Float64Array(nodes.length) };
      flows.set(key, f);
    }
    const ratio = nodes[from]?.outputRatios[e.stream] ?? 0;
    f.flow[to] = (f.flow[to] as number) + (lambda[from] as number) * ratio * e.probability;
    f.probability[to] = (f.probability[to] as number) + e.probability;
  }

  const components: Record<string, ScalingComponent> = {};
  const spoutRatesPerSec: Record<string, number> = {};
  for (const spec of Object.values(structure.components).sort((a, b) => a.name.localeCompare(b.name))) {
    const members = byComponent.get(spec.name);
    if (!members || members.length === 0) {
      throw bad(`Invalid network: component ${spec.name} has no instances`, {
        field: 'network',
        reason: 'component without instances',
        component: spec.name,
      });
    }
    const weights = members.map((m) => lambda[m] as number);
    const mean = (value: (m: number) => number | undefined) => weightedMean(members, weights, value);
    const inputs: ScalingInput[] = spec.inputs.map((input) => {
      const f = flows.get(`${spec.name}\u0000${input.component}\u0000${input.stream}`);
      const flow = members.map((m) => f?.flow[m] ?? 0);
      const shares = flow.some((x) => x > 0) ? flow : members.map((m) => f?.probability[m] ?? 0);
      return {
        component: input.component,
        stream: input.stream,
        grouping: input.grouping,
        measuredShares: shares,
      };
    });
    const streams = new Set([
      ...spec.outputStreams,
      ...members.flatMap((m) => Object.keys(nodes[m]?.outputRatios ?? {})),
    ]);
    const outputRatios = Object.fromEntries(
      [...streams].sort().map((s) => [s, mean((m) => nodes[m]?.outputRatios[s] ?? 0) ?? 0]),
    );
    const bolt = (m: number) =>
      m >= network.spouts.length ? network.bolts[m - network.spouts.length] : undefined;
    const spout = (m: number) => (m < network.spouts.length ? network.spouts[m] : undefined);
    const service = mean((m) => bolt(m)?.serviceTimeMeanMs);
    const scv = mean((m) => bolt(m)?.serviceTimeScv);
    const arrivalScv = mean((m) => spout(m)?.arrivalScv);
    const cpu = mean((m) => nodes[m]?.cpuCoreSecPerTuple);
    const resources = options.resourcesPerInstance?.[spec.name] ?? planResources(options.plan, spec.name);
    const backlog = options.backlogTuples?.[spec.name];
    const starting = options.startingInstances?.[spec.name];
    const constraints = options.constraints?.[spec.name];
    components[spec.name] = {
      kind: spec.kind,
      parallelism: members.length,
      ...(spec.kind === 'bolt' && service !== undefined ? { serviceTimeMeanMs: service } : {}),
      ...(scv !== undefined ? { serviceTimeScv: scv } : {}),
      ...(arrivalScv !== undefined ? { arrivalScv } : {}),
      outputRatios,
      inputs,
      ...(cpu !== undefined ? { cpuCoreSecPerTuple: cpu } : {}),
      ...(resources ? { resourcesPerInstance: resources } : {}),
      ...(backlog !== undefined ? { backlogTuples: backlog } : {}),
      ...(starting !== undefined ? { startingInstances: starting } : {}),
      ...(constraints ? { constraints } : {}),
    };
    if (spec.kind === 'spout') {
      spoutRatesPerSec[spec.name] =
        options.spoutRatesPerSec?.[spec.name] ??
        members.reduce((sum, m) => sum + (spout(m)?.offeredRatePerSec ?? 0), 0);
    }
  }
  return { components, spoutRatesPerSec };
}

/** λ per instance (spouts: their offered rate) from the instance-level traffic equations. */
function instanceArrivalRates(network: TopologyNetwork, position: Map<string, number>): Float64Array {
  const nodes = [...network.spouts, ...network.bolts];
  const external = nodes.map((_, i) =>
    i < network.spouts.length ? (network.spouts[i]?.offeredRatePerSec ?? 0) : 0,
  );
  const routing = network.edges.map((e) => {
    const from = position.get(e.from) as number;
    return {
      from,
      to: position.get(e.to) as number,
      probability: (nodes[from]?.outputRatios[e.stream] ?? 0) * e.probability,
    };
  });
  const solution = solveTrafficEquations(external, routing);
  if (solution.status !== 'solved') {
    const members = [...new Set(solution.cycle.map((i) => nodes[i]?.component as string))].sort();
    throw bad(
      `No stable rates: the feedback cycle through ${members.join(', ')} sends back at least as many tuples as enter it`,
      { field: 'network', reason: 'divergent feedback cycle', cycle: members },
    );
  }
  return solution.arrivalRatesPerSec;
}

/** Mean of the defined values, weighted by the weights when they sum to more than 0. */
function weightedMean(
  members: number[],
  weights: number[],
  value: (m: number) => number | undefined,
): number | undefined {
  let sum = 0;
  let weight = 0;
  let plain = 0;
  let count = 0;
  members.forEach((m, i) => {
    const v = value(m);
    if (v === undefined) return;
    const w = weights[i] as number;
    sum += v * w;
    weight += w;
    plain += v;
    count++;
  });
  if (count === 0) return undefined;
  return weight > 0 ? sum / weight : plain / count;
}

function planResources(plan: PackingPlan | undefined, component: string): Resources | undefined {
  let largest: Resources | undefined;
  for (const container of plan?.containers ?? []) {
    for (const i of container.instances) {
      if (i.component !== component) continue;
      largest = largest
        ? {
            cpuCores: Math.max(largest.cpuCores, i.resources.cpuCores),
            ramBytes: Math.max(largest.ramBytes, i.resources.ramBytes),
            diskBytes: Math.max(largest.diskBytes, i.resources.diskBytes),
          }
        : { ...i.resources };
    }
  }
  return largest;
}

import { AppError } from '../../errors.js';
import type { PackedContainer, PackedInstance, PackingPlan } from '../../topology/packing-plan.js';
import type { Resources } from '../../topology/resources.js';
import { formatQuantity as q } from './format-quantity.js';

/** How many instances of a component to place, and what each asks for. */
export interface PackingRequest {
  /** Instances, an integer ≥ 0. */
  parallelism: number;
  resourcesPerInstance: Resources;
}

export interface PackingOptions {
  /**
   * `round-robin`: Heron's RoundRobinPacking — k = the fewest containers the total demand needs, instance
   * t (task order) to container (t mod k) + 1; `first-fit`: first-fit decreasing by RAM, then CPU.
   */
  strategy: 'round-robin' | 'first-fit';
  /** What a container offers its instances: cores > 0, bytes > 0; disk unbounded when absent. */
  cpuCoresPerContainer: number;
  ramBytesPerContainer: number;
  diskBytesPerContainer?: number;
  /**
   * Fewest containers, an integer ≥ 1, never more than there are instances (a container or Storm worker
   * without instances would run idle; Heron's RoundRobinPacking refuses more containers than instances).
   * `round-robin` deals over k = max(the demand's lower bound, minContainers); `first-fit` opens that many
   * containers first, one for each of the largest instances, then fits the rest. Callers set it to
   * today's count (Storm: workers) so that a plan which changes nothing does not merge containers.
   * @defaultValue none (the fewest the demand needs)
   */
  minContainers?: number;
  /** The plan's `topologyId`. @defaultValue '' */
  topologyId?: string;
}

/** Relative slack when summing fractional cores against a capacity. */
const FIT_EPSILON = 1e-9;
const MIB = 1024 ** 2;

/**
 * Packs instances into containers of a fixed capacity, DSPS-neutral, independent of how the parallelism
 * was chosen. Task ids are renumbered 1…N in component-name order (componentIndex 0… within each
 * component); containers are numbered 1…k.
 *
 * - `round-robin` (Heron's `RoundRobinPacking`, the default): k = max(⌈ΣCPU / CPU per container⌉,
 *   ⌈ΣRAM / RAM per container⌉, ⌈Σdisk / disk per container⌉, m) with m = min(minContainers, N), and the
 *   instances are dealt in task order, one per container in turn. Heron takes k from the configuration;
 *   here it is the lower bound the demand allows (or m), raised by one until every container fits
 *   (unequal instances may not deal evenly).
 * - `first-fit` (first-fit decreasing): instances by RAM descending, then CPU descending, then task id;
 *   the first m each open a container, every later one goes into the first container it fits, a new one
 *   when none does — without m at most 11/9·OPT + 6/9 containers.
 *
 * A container's `requiredResources` are the sum of its instances'.
 *
 * References: Apache Heron, `org.apache.heron.packing.roundrobin.RoundRobinPacking`; G. Dósa (2007),
 * "The tight bound of first fit decreasing bin-packing algorithm is FFD(I) ≤ 11/9 OPT(I) + 6/9", ESCAPE.
 *
 * @param components instances to place by component name
 * @param options strategy and container capacity
 * @throws AppError `BAD_REQUEST` when one instance alone exceeds a container (naming the capacity field,
 *   in cores or MiB and bytes), or when `minContainers` is not an integer ≥ 1
 * @example packContainers({ a: { parallelism: 3, resourcesPerInstance: { cpuCores: 1, ramBytes: 1, diskBytes: 0 } } },
 *   { strategy: 'round-robin', cpuCoresPerContainer: 2, ramBytesPerContainer: 10 }).containers.map((c) => c.instances.length)
 *   // [2, 1]: k = ⌈3 / 2⌉ = 2, tasks 1 and 3 in container 1, task 2 in container 2
 */
export function packContainers(
  components: Record<string, PackingRequest>,
  options: PackingOptions,
): PackingPlan {
  const { minContainers } = options;
  if (minContainers !== undefined && !(Number.isSafeInteger(minContainers) && minContainers >= 1)) {
    throw new AppError(
      'BAD_REQUEST',
      `Invalid packing.minContainers: must be an integer ≥ 1, got ${minContainers}`,
      {
        details: { field: 'packing.minContainers', reason: 'not an integer ≥ 1' },
      },
    );
  }
  const instances: PackedInstance[] = [];
  for (const name of Object.keys(components).sort()) {
    const request = components[name] as PackingRequest;
    checkFits(name, request.resourcesPerInstance, options);
    for (let i = 0; i < request.parallelism; i++) {
      instances.push({
        component: name,
        taskId: instances.length + 1,
        componentIndex: i,
        resources: { ...request.resourcesPerInstance },
      });
    }
  }
  const least = Math.min(minContainers ?? 1, instances.length);
  const bins =
    options.strategy === 'round-robin'
      ? roundRobin(instances, least, options)
      : firstFit(instances, least, options);
  const containers: PackedContainer[] = bins.map((bin, i) => ({
    index: i + 1,
    instances: [...bin].sort((a, b) => a.taskId - b.taskId),
    requiredResources: total(bin),
  }));
  return { topologyId: options.topologyId ?? '', containers };
}

/** A quantity as a user writes it: cores as they are, bytes in MiB with the exact bytes beside. */
const cores = (x: number) => `${q(x)} ${x === 1 ? 'core' : 'cores'}`;
const mebibytes = (x: number) => `${q(x / MIB)} MiB (${x} bytes)`;

function checkFits(component: string, r: Resources, options: PackingOptions): void {
  const over: Array<[string, number, number, string, (x: number) => string]> = [
    ['packing.cpuCoresPerContainer', r.cpuCores, options.cpuCoresPerContainer, 'CPU', cores],
    ['packing.ramBytesPerContainer', r.ramBytes, options.ramBytesPerContainer, 'RAM', mebibytes],
  ];
  if (options.diskBytesPerContainer !== undefined)
    over.push([
      'packing.diskBytesPerContainer',
      r.diskBytes,
      options.diskBytesPerContainer,
      'disk',
      mebibytes,
    ]);
  for (const [field, need, offer, what, show] of over) {
    if (need > offer * (1 + FIT_EPSILON)) {
      throw new AppError(
        'BAD_REQUEST',
        `Invalid ${field}: an instance of ${component} needs ${show(need)} of ${what}, ` +
          `more than a whole container offers (${field} = ${show(offer)}); ` +
          `raise ${field} or give the instance less`,
        {
          details: {
            field,
            reason: 'instance larger than a container',
            component,
            needed: need,
            offered: offer,
          },
        },
      );
    }
  }
}

function total(instances: readonly PackedInstance[]): Resources {
  const sum: Resources = { cpuCores: 0, ramBytes: 0, diskBytes: 0 };
  for (const i of instances) {
    sum.cpuCores += i.resources.cpuCores;
    sum.ramBytes += i.resources.ramBytes;
    sum.diskBytes += i.resources.diskBytes;
  }
  return sum;
}

function fits(load: Resources, add: Resources, options: PackingOptions): boolean {
  const within = (used: number, more: number, cap: number) => used + more <= cap * (1 + FIT_EPSILON);
  return (
    within(load.cpuCores, add.cpuCores, options.cpuCoresPerContainer) &&
    within(load.ramBytes, add.ramBytes, options.ramBytesPerContainer) &&
    (options.diskBytesPerContainer === undefined ||
      within(load.diskBytes, add.diskBytes, options.diskBytesPerContainer))
  );
}

/** Round-robin over k ≥ `least` containers; `least` ≤ the number of instances. */
function roundRobin(instances: PackedInstance[], least: number, options: PackingOptions): PackedInstance[][] {
  if (instances.length === 0) return [];
  const demand = total(instances);
  const need = (used: number, cap: number | undefined) =>
    cap === undefined ? 1 : Math.ceil(used / cap - FIT_EPSILON);
  let k = Math.max(
    1,
    least,
    need(demand.cpuCores, options.cpuCoresPerContainer),
    need(demand.ramBytes, options.ramBytesPerContainer),
    need(demand.diskBytes, options.diskBytesPerContainer),
  );
  for (; k < instances.length; k++) {
    const bins = deal(instances, k);
    if (bins.every((bin) => fits(total(bin), { cpuCores: 0, ramBytes: 0, diskBytes: 0 }, options)))
      return bins;
  }
  return deal(instances, instances.length);
}

function deal(instances: PackedInstance[], k: number): PackedInstance[][] {
  const bins: PackedInstance[][] = Array.from({ length: k }, () => []);
  instances.forEach((instance, t) => {
    (bins[t % k] as PackedInstance[]).push(instance);
  });
  return bins;
}

/** First-fit decreasing; the `least` largest instances each open a container first. */
function firstFit(instances: PackedInstance[], least: number, options: PackingOptions): PackedInstance[][] {
  const sorted = [...instances].sort(
    (a, b) =>
      b.resources.ramBytes - a.resources.ramBytes ||
      b.resources.cpuCores - a.resources.cpuCores ||
      a.taskId - b.taskId,
  );
  const bins: PackedInstance[][] = [];
  const loads: Resources[] = [];
  for (const instance of sorted) {
    let target =
      bins.length < least ? -1 : loads.findIndex((load) => fits(load, instance.resources, options));
    if (target < 0) {
      target = bins.length;
      bins.push([]);
      loads.push({ cpuCores: 0, ramBytes: 0, diskBytes: 0 });
    }
    (bins[target] as PackedInstance[]).push(instance);
    const load = loads[target] as Resources;
    load.cpuCores += instance.resources.cpuCores;
    load.ramBytes += instance.resources.ramBytes;
    load.diskBytes += instance.resources.diskBytes;
  }
  return bins;
}

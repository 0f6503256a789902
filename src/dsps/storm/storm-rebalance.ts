import { AppError } from '../../errors.js';
import type { PackedInstance, PackingPlan } from '../../topology/packing-plan.js';
import type { TopologyStructure } from '../../topology/topology-structure.js';
import { type StormAssignment, stormAssignmentOf } from './storm-assignment.js';
import { stormContainerId } from './storm-structure.js';

/** Port of worker slots augur had to invent (the scheduler picks real ones). */
const NEW_SLOT_PORT = 6700;

/** A Storm plan for a parallelism advice: the assignment and the command that asks Storm for it. */
export interface StormRebalance {
  /** Worker slots with executors (task ranges) and resources, as `POST …/proposed/…` takes them. */
  assignment: StormAssignment;
  /**
   * `storm rebalance <topology> -n <workers> -e <component>=<executors>…` as an argument vector: Storm's own
   * scheduler then places the executors (it does not take slot-level assignments from the CLI).
   */
  command: string[];
  /** The new executor count per component. */
  executors: Record<string, number>;
  /** The same plan DSPS-neutral, with Storm's ids: worker slots as container names, executors' task ranges. */
  plan: PackingPlan;
}

/** The tasks of every component of a running Storm topology, ascending. */
export function stormTasksByComponent(structure: TopologyStructure): Record<string, number[]> {
  const tasks: Record<string, number[]> = {};
  for (const instance of Object.values(structure.instances)) {
    const list = tasks[instance.component] ?? [];
    tasks[instance.component] = list;
    for (let t = instance.taskId; t <= (instance.lastTaskId ?? instance.taskId); t += 1) list.push(t);
  }
  for (const list of Object.values(tasks)) list.sort((a, b) => a - b);
  return tasks;
}

/**
 * Turns a packed DSPS-neutral plan (instances per container, as `packContainers` numbers them) into a Storm
 * plan: each component's tasks are cut into as many contiguous executors as it has instances — Storm's own
 * split, the first `tasks mod n` executors one task longer — and each executor runs on the worker slot of
 * the container its instance was packed into. Today's slots are reused in order; further containers get
 * placeholder slots `new-slot-<k>:6700`. Worker resources are the container's, in Storm's units.
 *
 * @throws AppError `BAD_REQUEST` when a component would get more executors than it has tasks (Storm cannot
 *   run an executor without a task; the number of tasks is fixed when the topology is submitted)
 */
export function stormRebalanceOf(
  packed: PackingPlan,
  structure: TopologyStructure,
  todaySlots: readonly string[],
): StormRebalance {
  const tasks = stormTasksByComponent(structure);
  const counts: Record<string, number> = {};
  for (const c of packed.containers)
    for (const i of c.instances) counts[i.component] = (counts[i.component] ?? 0) + 1;
  const ranges: Record<string, Array<[number, number]>> = {};
  for (const [component, n] of Object.entries(counts)) {
    const own = tasks[component] ?? [];
    if (n > own.length) {
      throw new AppError(
        'BAD_REQUEST',
        `Storm component ${component} has ${own.length} tasks, so at most ${own.length} executors, not ${n}`,
        { details: { field: `max_parallelism.${component}`, reason: 'more executors than tasks' } },
      );
    }
    ranges[component] = splitTasks(own, n);
  }
  const slots = [...todaySlots];
  let extra = 0;
  const plan: PackingPlan = {
    topologyId: structure.id ?? structure.name,
    containers: packed.containers.map((container, k) => {
      const name = slots[k] ?? stormContainerId(`new-slot-${++extra}`, NEW_SLOT_PORT);
      return {
        ...container,
        name,
        instances: container.instances.map((i): PackedInstance => {
          const [start, end] = (ranges[i.component] ?? [])[i.componentIndex] as [number, number];
          return { ...i, taskId: start, ...(end !== start ? { lastTaskId: end } : {}) };
        }),
      };
    }),
  };
  const assignment = stormAssignmentOf(plan);
  const executors = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  const command = [
    'storm',
    'rebalance',
    structure.name,
    '-n',
    String(plan.containers.length),
    ...Object.entries(executors).flatMap(([component, n]) => ['-e', `${component}=${n}`]),
  ];
  return { assignment, command, executors, plan };
}

/** `n` contiguous task ranges of `tasks` (ascending), the first `tasks.length mod n` one task longer. */
function splitTasks(tasks: readonly number[], n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const base = Math.floor(tasks.length / n);
  const longer = tasks.length % n;
  let at = 0;
  for (let k = 0; k < n; k += 1) {
    const size = base + (k < longer ? 1 : 0);
    out.push([tasks[at] as number, tasks[at + size - 1] as number]);
    at += size;
  }
  return out;
}

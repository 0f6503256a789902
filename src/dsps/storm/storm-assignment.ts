import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { PackedContainer, PackedInstance, PackingPlan } from '../../topology/packing-plan.js';
import type { Resources } from '../../topology/resources.js';
import type { TopologyStructure } from '../../topology/topology-structure.js';
import { type ExecutorRange, findRangeOverlaps } from './executor-range.js';
import { stormContainerId } from './storm-structure.js';

/** Storm's memory unit is the MB of 2^20 bytes (`Config.TOPOLOGY_WORKER_MAX_HEAP_SIZE_MB`, the UI's `assignedMem*`). */
const BYTES_PER_MB = 2 ** 20;
/** Storm's CPU unit: percent of one core, so 100 is one core (`topology.component.cpu.pcore.percent`). */
const CPU_PERCENT_PER_CORE = 100;
/** Largest worker memory accepted, MB: 1 PiB, beyond any real worker, so byte counts stay exact. */
const MAX_MEMORY_MB = 2 ** 30;
/** Largest worker CPU accepted, % of a core (100 000 cores). */
const MAX_CPU_PERCENT = 10_000_000;

const taskIdSchema = z
  .number({ error: 'expected a task id (a whole number ≥ 1)' })
  .int({ error: 'a task id is a whole number' })
  .min(1, { error: 'task ids start at 1' })
  .meta({ description: 'A Storm task id (≥ 1).' });

const workerSchema = z
  .strictObject({
    node_id: z
      .string()
      .min(1, { error: 'a node id is a non-empty string' })
      .meta({ description: 'The supervisor (node) id of the worker slot, as the Storm UI lists it.' }),
    port: z
      .number()
      .int({ error: 'a port is a whole number' })
      .min(1, { error: 'a port is 1–65535' })
      .max(65535, { error: 'a port is 1–65535' })
      .meta({ description: "The worker slot's port on the node, e.g. 6700." }),
    executors: z
      .array(
        z
          .tuple([taskIdSchema, taskIdSchema], { error: 'an executor is a pair [start_task, end_task]' })
          .meta({
            description:
              'One executor: the tasks [start_task, end_task] it runs, inclusive (Storm ExecutorInfo).',
          }),
      )
      .min(1, { error: 'a worker runs at least one executor' })
      .meta({ description: 'The executors the worker runs, each a task range of one component.' }),
    mem_on_heap: z
      .number()
      .min(0, { error: 'memory is ≥ 0 MB' })
      .max(MAX_MEMORY_MB, { error: `memory is at most ${MAX_MEMORY_MB} MB (1 PiB)` })
      .optional()
      .meta({ description: 'On-heap memory of the worker, MB (2^20 bytes). Default 0 (unknown).' }),
    mem_off_heap: z
      .number()
      .min(0, { error: 'memory is ≥ 0 MB' })
      .max(MAX_MEMORY_MB, { error: `memory is at most ${MAX_MEMORY_MB} MB (1 PiB)` })
      .optional()
      .meta({ description: 'Off-heap memory of the worker, MB (2^20 bytes). Default 0 (unknown).' }),
    cpu: z
      .number()
      .min(0, { error: 'cpu is ≥ 0 (% of a core)' })
      .max(MAX_CPU_PERCENT, { error: `cpu is at most ${MAX_CPU_PERCENT} (% of a core: 100 000 cores)` })
      .optional()
      .meta({
        description: "CPU of the worker in Storm's units: percent of one core (100 = 1 core). Default 0.",
      }),
  })
  .meta({ description: 'A worker slot (node_id, port) and the executors it runs.' });

/**
 * A Storm assignment as a scheduler sees it: worker slots, each with the executors (task ranges) it runs and
 * optionally its resources in Storm's units. Components come from the topology, by task.
 */
export const stormAssignmentSchema = z
  .strictObject({
    topology_id: z.string().min(1, { error: 'a topology id is a non-empty string' }).optional().meta({
      description:
        "The Storm topology id (e.g. word-count-1-1700000000) or name; when given, the running topology's.",
    }),
    workers: z
      .array(workerSchema)
      .min(1, { error: 'an assignment has at least one worker slot' })
      .meta({ description: 'The worker slots; together they run every task of the topology exactly once.' }),
  })
  .meta({
    description:
      "A proposed Storm assignment: worker slots (node_id, port), each running executors [start_task, end_task]; every task of the topology in exactly one executor, an executor's tasks of one component.",
  });

export type StormAssignment = z.infer<typeof stormAssignmentSchema>;
export type StormAssignmentWorker = StormAssignment['workers'][number];

/** The assignment's JSON Schema (input form, no `$schema`), for the OpenAPI request body. */
export function stormAssignmentJsonSchema(): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(stormAssignmentSchema, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return json;
}

/** A Storm worker's resources in augur's units; absent amounts are 0 (unknown). */
export interface StormWorkerResources {
  /** Percent of one core: 100 = 1 core. */
  cpuPercent?: number;
  memOnHeapMb?: number;
  memOffHeapMb?: number;
}

/** A worker's resources in augur's units: cores = cpu% / 100, bytes = (on-heap + off-heap) MB × 2^20; no disk. */
export function stormWorkerResources(worker: StormWorkerResources): Resources {
  return {
    cpuCores: (worker.cpuPercent ?? 0) / CPU_PERCENT_PER_CORE,
    ramBytes: ((worker.memOnHeapMb ?? 0) + (worker.memOffHeapMb ?? 0)) * BYTES_PER_MB,
    diskBytes: 0,
  };
}

/**
 * One executor's share of its worker's resources. Storm budgets resources per worker, not per executor (the
 * executors are threads of one JVM), so each of `executorCount` executors gets an even share.
 */
export function executorShare(worker: Resources, executorCount: number): Resources {
  const n = Math.max(executorCount, 1);
  return { cpuCores: worker.cpuCores / n, ramBytes: worker.ramBytes / n, diskBytes: worker.diskBytes / n };
}

/** Orders worker slots as augur numbers them: by node id (code units), then port. */
export function compareWorkerSlots(
  a: { nodeId: string; port: number },
  b: { nodeId: string; port: number },
): number {
  if (a.nodeId !== b.nodeId) return a.nodeId < b.nodeId ? -1 : 1;
  return a.port - b.port;
}

/** An executor of the assignment, where it was written, and (once checked) its component. */
interface LocatedExecutor {
  /** Position of its worker in the body. */
  worker: number;
  range: ExecutorRange;
  /** `workers[i].executors[j]`, for messages. */
  where: string;
  component: string;
}

/** A maximal run of consecutive tasks of one component. */
interface TaskRun {
  component: string;
  startTask: number;
  endTask: number;
}

/**
 * A Storm assignment sent by a client, checked against the running topology and turned into a
 * {@link PackingPlan}: one container per worker slot (`name` `<node id>:<port>`, `index` its position in
 * (node id, port) order, from 0), one instance per executor (task id = start task, `lastTaskId` = end task,
 * component from the topology, `componentIndex` its position among the component's executors in task
 * order). A worker's resources (MB, % of a core) become the container's required resources (bytes, cores;
 * zero when not given) and are split evenly over its executors.
 *
 * The tasks are the topology's: the assignment must run each task of `structure` (the union of its instances'
 * `taskId..lastTaskId`) in exactly one executor, and an executor's tasks must be of one component. It may
 * split or merge a component's executors — a Storm rebalance changes executors, not tasks.
 *
 * @throws AppError `BAD_REQUEST` naming the field (`body.workers[1].executors[0]`) and the problem: schema
 * violations, another topology's id, a worker slot given twice, a range starting after it ends, unknown tasks,
 * a range spanning two components, executors sharing tasks, tasks in no executor
 */
export function decodeStormAssignment(body: unknown, structure: TopologyStructure): PackingPlan {
  const assignment = parseAssignment(body);
  const topologyId = structure.id ?? structure.name;
  // Storm names a topology by name or by id: either is this topology.
  const names = new Set([topologyId, structure.name]);
  if (assignment.topology_id !== undefined && !names.has(assignment.topology_id)) {
    throw badAssignment(
      'body.topology_id',
      `the assignment is for topology "${assignment.topology_id}", but ${structure.name} runs as "${topologyId}"`,
      'another topology',
    );
  }
  assertDistinctSlots(assignment.workers);
  const runs = taskRunsOf(structure);
  const executors = locateExecutors(assignment.workers, runs, structure.name);
  assertDisjointExecutors(executors);
  assertEveryTaskAssigned(executors, runs);
  return buildPlan(topologyId, assignment.workers, executors);
}

/**
 * The inverse of {@link decodeStormAssignment}: a plan whose containers are Storm worker slots (named
 * `<node id>:<port>`) as the JSON assignment a Storm scheduler takes. Cores become % of a core, bytes MB;
 * Storm's split of memory into on- and off-heap is not in a plan, so all of it comes back as `mem_on_heap`.
 * Zero amounts (unknown) are left out.
 * @throws AppError `INTERNAL` for a container without a worker-slot name (a Heron plan)
 */
export function stormAssignmentOf(plan: PackingPlan): StormAssignment {
  return {
    topology_id: plan.topologyId,
    workers: plan.containers.map((container): StormAssignmentWorker => {
      const { nodeId, port } = workerSlotOf(container);
      const r = container.requiredResources;
      return {
        node_id: nodeId,
        port,
        executors: [...container.instances]
          .sort((a, b) => a.taskId - b.taskId)
          .map((i): [number, number] => [i.taskId, i.lastTaskId ?? i.taskId]),
        ...(r.ramBytes > 0 ? { mem_on_heap: r.ramBytes / BYTES_PER_MB } : {}),
        ...(r.cpuCores > 0 ? { cpu: r.cpuCores * CPU_PERCENT_PER_CORE } : {}),
      };
    }),
  };
}

/** `<node id>:<port>` → its parts; node ids may hold colons, the port is after the last one. */
function workerSlotOf(container: PackedContainer): { nodeId: string; port: number } {
  const name = container.name ?? '';
  const colon = name.lastIndexOf(':');
  const port = Number(name.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new AppError(
      'INTERNAL',
      `Container ${container.index} is not a Storm worker slot (name "${name}", not <node id>:<port>)`,
    );
  }
  return { nodeId: name.slice(0, colon), port };
}

function badAssignment(field: string, problem: string, reason: string, extra: Record<string, unknown> = {}) {
  return new AppError('BAD_REQUEST', `${field}: ${problem}`, { details: { field, reason, ...extra } });
}

/** `['workers', 1, 'executors', 0]` → `body.workers[1].executors[0]`. */
function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (field, key) => (typeof key === 'number' ? `${field}[${key}]` : `${field}.${String(key)}`),
    'body',
  );
}

function parseAssignment(body: unknown): StormAssignment {
  const parsed = stormAssignmentSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const field = fieldOf(issue.keys.length === 1 ? [...issue.path, issue.keys[0] as string] : issue.path);
      const names = issue.keys.map((k) => `"${k}"`).join(', ');
      return { field, text: `${field}: unknown property ${names}`, reason: 'unknown property' };
    }
    const field = fieldOf(issue.path);
    return { field, text: `${field}: ${issue.message}`, reason: issue.message };
  });
  const first = problems[0] ?? { field: 'body', reason: 'invalid', text: 'body: invalid' };
  throw new AppError('BAD_REQUEST', problems.map((p) => p.text).join('; '), {
    details: { field: first.field, reason: first.reason },
  });
}

function assertDistinctSlots(workers: readonly StormAssignmentWorker[]): void {
  const seen = new Map<string, number>();
  workers.forEach((w, i) => {
    const slot = stormContainerId(w.node_id, w.port);
    const earlier = seen.get(slot);
    if (earlier !== undefined) {
      throw badAssignment(
        `body.workers[${i}]`,
        `worker slot ${slot} (node_id "${w.node_id}", port ${w.port}) is also workers[${earlier}]; a slot runs one worker`,
        'duplicate worker slot',
      );
    }
    seen.set(slot, i);
  });
}

/**
 * The topology's tasks as runs of consecutive tasks of one component, sorted: from its instances'
 * `taskId..lastTaskId`, so that a range is checked in O(runs), however wide a client makes it.
 */
function taskRunsOf(structure: TopologyStructure): TaskRun[] {
  const ranges = Object.values(structure.instances)
    .map((i) => ({ component: i.component, startTask: i.taskId, endTask: i.lastTaskId ?? i.taskId }))
    .sort((a, b) => a.startTask - b.startTask);
  const runs: TaskRun[] = [];
  for (const r of ranges) {
    const last = runs.at(-1);
    if (last && last.component === r.component && last.endTask + 1 >= r.startTask) {
      last.endTask = Math.max(last.endTask, r.endTask);
    } else {
      runs.push({ ...r });
    }
  }
  return runs;
}

const tasksText = (startTask: number, endTask: number) =>
  startTask === endTask ? `task ${startTask}` : `tasks ${startTask}-${endTask}`;
const spanText = (startTask: number, endTask: number) =>
  startTask === endTask ? `${startTask}` : `${startTask}-${endTask}`;

/** `sentence 1-4, split 5-10, count 11-14`: what tasks the topology has, for messages. */
function runsText(runs: readonly TaskRun[]): string {
  return runs.map((r) => `${r.component} ${spanText(r.startTask, r.endTask)}`).join(', ');
}

/** Each executor's range checked (start ≤ end, known tasks, one component) and its component found. */
function locateExecutors(
  workers: readonly StormAssignmentWorker[],
  runs: readonly TaskRun[],
  topologyName: string,
): LocatedExecutor[] {
  return workers.flatMap((w, worker) =>
    w.executors.map(([startTask, endTask], executor): LocatedExecutor => {
      const where = `workers[${worker}].executors[${executor}]`;
      const field = `body.${where}`;
      if (startTask > endTask) {
        throw badAssignment(
          field,
          `[${startTask}, ${endTask}] starts after it ends (${startTask} > ${endTask}); an executor is [start_task, end_task]`,
          'malformed range',
        );
      }
      const range = { startTask, endTask };
      const covering = runs.filter((r) => r.startTask <= endTask && r.endTask >= startTask);
      let next = startTask;
      for (const run of covering) {
        if (run.startTask > next) break;
        next = run.endTask + 1;
      }
      if (next <= endTask) {
        const gapEnd = Math.min(endTask, (runs.find((r) => r.startTask > next)?.startTask ?? Infinity) - 1);
        throw badAssignment(
          field,
          `[${startTask}, ${endTask}] runs ${tasksText(next, gapEnd)}, which no component of ${topologyName} has (its tasks: ${runsText(runs)})`,
          'unknown tasks',
          { tasks: spanText(next, gapEnd) },
        );
      }
      const components = [...new Set(covering.map((r) => r.component))];
      if (components.length > 1) {
        const parts = components.map((c) => {
          const mine = covering.filter((r) => r.component === c);
          const from = Math.max(startTask, mine[0]?.startTask ?? startTask);
          const to = Math.min(endTask, mine.at(-1)?.endTask ?? endTask);
          return `${c} (${spanText(from, to)})`;
        });
        throw badAssignment(
          field,
          `[${startTask}, ${endTask}] spans ${parts.join(' and ')}; an executor runs tasks of one component`,
          'range spans components',
          { components },
        );
      }
      return { worker, range, where, component: components[0] as string };
    }),
  );
}

function assertDisjointExecutors(executors: readonly LocatedExecutor[]): void {
  const labelled = executors.map((e) => ({
    label: `${e.where} [${e.range.startTask}-${e.range.endTask}]`,
    range: e.range,
    where: e.where,
  }));
  const overlaps = findRangeOverlaps(labelled);
  const first = overlaps[0];
  if (!first) return;
  const whereOf = new Map(labelled.map((l) => [l.label, l.where]));
  const shown = overlaps.slice(0, 5).map((o) => `${o.first} and ${o.second}`);
  const more = overlaps.length > shown.length ? ` (and ${overlaps.length - shown.length} more pairs)` : '';
  throw badAssignment(
    `body.${whereOf.get(first.second) ?? 'workers'}`,
    `${shown.join('; ')} share tasks${more}; a task runs in exactly one executor`,
    'overlapping executors',
    { overlaps: overlaps.slice(0, 5) },
  );
}

/** Tasks of the topology in no executor, by component, e.g. `count: 13-14`. */
function assertEveryTaskAssigned(executors: readonly LocatedExecutor[], runs: readonly TaskRun[]): void {
  const covered = executors.map((e) => e.range).sort((a, b) => a.startTask - b.startTask);
  const missing = new Map<string, string[]>();
  for (const run of runs) {
    let next = run.startTask;
    for (const r of covered) {
      if (r.endTask < next) continue;
      if (r.startTask > run.endTask) break;
      if (r.startTask > next) {
        const list = missing.get(run.component) ?? [];
        list.push(spanText(next, r.startTask - 1));
        missing.set(run.component, list);
      }
      next = r.endTask + 1;
    }
    if (next <= run.endTask) {
      const list = missing.get(run.component) ?? [];
      list.push(spanText(next, run.endTask));
      missing.set(run.component, list);
    }
  }
  if (missing.size === 0) return;
  const parts = [...missing].map(([component, spans]) => `${component} ${spans.join(', ')}`);
  throw badAssignment(
    'body.workers',
    `tasks in no executor: ${parts.join('; ')}; every task of the topology runs in exactly one executor`,
    'tasks not assigned',
    { tasks: Object.fromEntries(missing) },
  );
}

function buildPlan(
  topologyId: string,
  workers: readonly StormAssignmentWorker[],
  executors: readonly LocatedExecutor[],
): PackingPlan {
  const componentIndex = new Map<LocatedExecutor, number>();
  const perComponent = new Map<string, number>();
  for (const e of [...executors].sort((a, b) => a.range.startTask - b.range.startTask)) {
    const n = perComponent.get(e.component) ?? 0;
    componentIndex.set(e, n);
    perComponent.set(e.component, n + 1);
  }
  const slots = workers
    .map((w, position) => ({ w, position, nodeId: w.node_id, port: w.port }))
    .sort(compareWorkerSlots);
  const containers = slots.map(({ w, position, nodeId, port }, index): PackedContainer => {
    const required = stormWorkerResources({
      ...(w.cpu !== undefined ? { cpuPercent: w.cpu } : {}),
      ...(w.mem_on_heap !== undefined ? { memOnHeapMb: w.mem_on_heap } : {}),
      ...(w.mem_off_heap !== undefined ? { memOffHeapMb: w.mem_off_heap } : {}),
    });
    const share = executorShare(required, w.executors.length);
    const instances = executors
      .filter((e) => e.worker === position)
      .sort((a, b) => a.range.startTask - b.range.startTask)
      .map(
        (e): PackedInstance => ({
          component: e.component,
          taskId: e.range.startTask,
          lastTaskId: e.range.endTask,
          componentIndex: componentIndex.get(e) ?? 0,
          resources: { ...share },
        }),
      );
    return { index, name: stormContainerId(nodeId, port), instances, requiredResources: required };
  });
  return { topologyId, containers };
}

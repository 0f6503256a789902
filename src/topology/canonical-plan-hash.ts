import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Resources } from './resources.js';

/** Base64url characters kept: 22 × 6 = 132 bits, as model ids. */
const HASH_CHARS = 22;

/** Bumped whenever the canonical form changes, so old and new hashes never meet. */
const CANONICAL_FORM_VERSION = 1;

/** The part of a packing plan the hash reads; a {@link PackingPlan} is one. */
export interface PlanPlacement {
  containers: ReadonlyArray<{
    instances: ReadonlyArray<{
      component: string;
      taskId: number;
      /** Storm: the executor's last task; absent (or equal to `taskId`) means one task. */
      lastTaskId?: number;
      componentIndex: number;
      resources?: Resources;
    }>;
    requiredResources?: Resources;
  }>;
}

/** A pattern every canonical plan hash matches. */
export const PLAN_HASH_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The canonical hash of a packing plan: SHA-256 over the plan with every arbitrary choice taken out, base64url,
 * 22 characters. Each container becomes the sorted list of its instances (component, task id, component
 * index, resources, and — for a Storm executor running several tasks — its last task id) plus its required
 * resources; the containers' canonical forms are sorted too. So
 *
 * - the order of containers, the order of instances within one, the container numbering (ids) and the
 *   container names (Storm's `<node>:<port>` worker slots) do not change the hash;
 * - parallelism (an instance more or less), co-location (which instances share a container), resources
 *   (an instance's or a container's cpu, ram or disk) and how tasks are grouped into executors (Storm's
 *   `[1-2]` against `[1-1]` + `[2-2]`) do.
 *
 * The last task id joins an instance's tuple only when it names more than one task, so a Heron plan (no
 * ranges) hashes byte for byte as before ranges existed and CANONICAL_FORM_VERSION stays; a one-task range
 * `[n-n]` is the same instance as task `n` without a range.
 *
 * Left out: the topology id (callers key by topology already) and the scheduled resources (what a scheduler
 * granted is an outcome, not part of the plan). Numbers are compared as IEEE doubles, so 0.5 from JSON and
 * 0.5 from protobuf are equal.
 *
 * @example canonicalPlanHash({ containers: [] }) // a 22-character base64url string
 */
export function canonicalPlanHash(plan: PlanPlacement): string {
  const containers = plan.containers
    .map((container) =>
      canonicalJson({
        resources: resourcesTuple(container.requiredResources),
        instances: container.instances.map(instanceTuple).sort(compareInstanceTuples),
      }),
    )
    .sort();
  const canonical = canonicalJson({ v: CANONICAL_FORM_VERSION, containers });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, HASH_CHARS);
}

type PlacedInstance = PlanPlacement['containers'][number]['instances'][number];

type InstanceTuple =
  | readonly [string, number, number, unknown]
  | readonly [string, number, number, unknown, number];

function instanceTuple(i: PlacedInstance): InstanceTuple {
  const head = [i.component, i.taskId, i.componentIndex, resourcesTuple(i.resources)] as const;
  return i.lastTaskId !== undefined && i.lastTaskId !== i.taskId ? [...head, i.lastTaskId] : head;
}

function resourcesTuple(r: Resources | undefined): [number, number, number] | null {
  return r ? [r.cpuCores, r.ramBytes, r.diskBytes] : null;
}

function compareInstanceTuples(a: InstanceTuple, b: InstanceTuple): number {
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[2] !== b[2]) return a[2] - b[2];
  return (a[4] ?? a[1]) - (b[4] ?? b[1]);
}

function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('plan is not serialisable');
  return text;
}

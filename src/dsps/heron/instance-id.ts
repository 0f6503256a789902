import { AppError } from '../../errors.js';

/** The parts of a Heron instance id `container_<n>_<component>_<taskId>`. */
export interface HeronInstanceId {
  id: string;
  /** The `<n>` of `container_<n>`: Heron's container index (0 is the TManager's container). */
  containerIndex: number;
  /** `container_<n>`, what the Tracker calls the instance's group. */
  container: string;
  component: string;
  /** Heron's global task id of the instance. */
  taskId: number;
}

// The component sits between two numeric ends and may itself contain underscores and digits, so the
// container index is anchored at the start and the task id at the end; the greedy middle takes the rest.
const INSTANCE_ID = /^container_(\d+)_(.+)_(\d+)$/;

/** Parses an instance id, or returns undefined when it is not of the form `container_<n>_<component>_<task>`. */
export function tryParseInstanceId(id: string): HeronInstanceId | undefined {
  const match = INSTANCE_ID.exec(id);
  if (!match) return undefined;
  const [, container, component, task] = match as unknown as [string, string, string, string];
  return {
    id,
    containerIndex: Number(container),
    container: `container_${container}`,
    component,
    taskId: Number(task),
  };
}

/**
 * Parses an instance id such as `container_1_split_sentence_7` (component `split_sentence`, task 7).
 * @throws AppError `METRICS_BAD_RESPONSE` when the id is malformed (it comes from a Tracker answer).
 */
export function parseInstanceId(id: string): HeronInstanceId {
  const parsed = tryParseInstanceId(id);
  if (!parsed) {
    throw new AppError('METRICS_BAD_RESPONSE', `Malformed Heron instance id "${id}"`, {
      details: { instanceId: id },
    });
  }
  return parsed;
}

/** The inverse of {@link parseInstanceId}. */
export function formatInstanceId(containerIndex: number, component: string, taskId: number): string {
  return `container_${containerIndex}_${component}_${taskId}`;
}

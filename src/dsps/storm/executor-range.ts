import { AppError, type ErrorCode } from '../../errors.js';

/** The tasks one Storm executor runs: `startTask..endTask`, inclusive. */
export interface ExecutorRange {
  startTask: number;
  endTask: number;
}

/** A range read from text, or why it could not be read. */
export type ExecutorRangeResult = { ok: true; range: ExecutorRange } | { ok: false; reason: string };

// Storm's UI writes `[start-end]` (`UIHelpers.prettyExecutorInfo`); some answers (and the UI's own test
// fixtures) write `[start, end]`. Brackets are optional so that query keys such as `10-12` read too.
// Task ids may be negative: the `__system` component's executor is `[-1--1]`.
const RANGE = /^\s*\[?\s*(-?\d+)\s*(?:-|,)\s*(-?\d+)\s*\]?\s*$/;

/** Reads `"[10-12]"`, `"[10, 12]"` or `"10-12"` into `{startTask: 10, endTask: 12}`; never throws. */
export function readExecutorRange(text: string): ExecutorRangeResult {
  const match = RANGE.exec(text);
  const open = text.trim().startsWith('[');
  const close = text.trim().endsWith(']');
  if (!match || open !== close) {
    return { ok: false, reason: `"${text}" is not an executor task range like [10-12]` };
  }
  const startTask = Number(match[1]);
  const endTask = Number(match[2]);
  if (!Number.isSafeInteger(startTask) || !Number.isSafeInteger(endTask)) {
    return { ok: false, reason: `"${text}" has a task id out of range` };
  }
  if (startTask > endTask) {
    return { ok: false, reason: `"${text}" starts after it ends (${startTask} > ${endTask})` };
  }
  return { ok: true, range: { startTask, endTask } };
}

/**
 * {@link readExecutorRange} that throws: an id the Storm UI sent is a bad answer (`METRICS_BAD_RESPONSE`,
 * the default); a range a client sent is `BAD_REQUEST`.
 */
export function parseExecutorRange(text: string, code: ErrorCode = 'METRICS_BAD_RESPONSE'): ExecutorRange {
  const result = readExecutorRange(text);
  if (!result.ok) throw new AppError(code, result.reason, { details: { executor: text } });
  return result.range;
}

/** Storm's own spelling, `[start-end]`. */
export function formatExecutorRange(range: ExecutorRange): string {
  return `[${range.startTask}-${range.endTask}]`;
}

/** Two labelled ranges that share at least one task. */
export interface RangeOverlap {
  first: string;
  second: string;
}

/** Every pair of ranges sharing a task, in order of start task; empty when they are disjoint. */
export function findRangeOverlaps(
  ranges: ReadonlyArray<{ label: string; range: ExecutorRange }>,
): RangeOverlap[] {
  const sorted = [...ranges].sort(
    (a, b) => a.range.startTask - b.range.startTask || a.range.endTask - b.range.endTask,
  );
  const overlaps: RangeOverlap[] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    const a = sorted[i];
    if (!a) continue;
    for (let j = i + 1; j < sorted.length; j += 1) {
      const b = sorted[j];
      if (!b || b.range.startTask > a.range.endTask) break;
      overlaps.push({ first: a.label, second: b.label });
    }
  }
  return overlaps;
}

/** Throws `code` naming every overlapping pair, e.g. `[1-3] and [3-4] share tasks`. */
export function assertDisjointRanges(
  ranges: ReadonlyArray<{ label: string; range: ExecutorRange }>,
  code: ErrorCode = 'METRICS_BAD_RESPONSE',
): void {
  const overlaps = findRangeOverlaps(ranges);
  if (overlaps.length === 0) return;
  const pairs = overlaps.map((o) => `${o.first} and ${o.second}`);
  throw new AppError(code, `Executor task ranges overlap: ${pairs.join('; ')} share tasks`, {
    details: { overlaps },
  });
}

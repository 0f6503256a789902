import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { AppError, isAppError } from '../errors.js';

/** `SNAPSHOT_INVALID` naming the file and what is wrong with it (with the source's own details, if any). */
export function snapshotInvalid(path: string, problem: string, cause?: unknown): AppError {
  const details: Record<string, unknown> = { path };
  if (isAppError(cause) && cause.details) details.sourceDetails = cause.details;
  return new AppError('SNAPSHOT_INVALID', `Snapshot file ${path} ${problem}`, { cause, details });
}

/**
 * Reads and validates a snapshot's manifest, synchronously (sources' `windowEndSec` is synchronous).
 * @param what what the file should be, for the message, e.g. "a Storm snapshot manifest"
 * @throws AppError `SNAPSHOT_INVALID` when it cannot be read, is not JSON or does not match `schema`
 */
export function readManifestFile<T>(path: string, schema: z.ZodType<T>, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw snapshotInvalid(path, 'cannot be read', err);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw snapshotInvalid(path, 'is not JSON', err);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw snapshotInvalid(path, `is not ${what} (${issues.join('; ')})`);
  }
  return parsed.data;
}

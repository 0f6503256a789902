import type { StoredResult } from './model-job.js';

/**
 * Where finished jobs leave their result document (complete or failed) for a fixed time, keyed by
 * model id. Kept apart from the queue's own job records, which are trimmed by count, not by age.
 */
export interface ResultStore {
  /** The stored result, or null when there is none or it expired. */
  get(modelId: string): Promise<StoredResult | null>;
  /** Stores (or replaces) a result; it expires after the store's TTL. */
  put(modelId: string, result: StoredResult): Promise<void>;
  close(): Promise<void>;
}

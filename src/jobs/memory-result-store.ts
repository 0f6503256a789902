import type { StoredResult } from './model-job.js';
import type { ResultStore } from './result-store.js';

export interface MemoryResultStoreOptions {
  /** How long a result stays retrievable, s. */
  ttlSec: number;
  /** How often expired results are dropped, ms. @defaultValue the TTL, at most 60000 */
  sweepIntervalMs?: number;
}

interface Entry {
  /** Kept as JSON so a caller cannot mutate a stored result, as with Redis. */
  json: string;
  expiresAtMs: number;
}

/**
 * Results in process memory for embedded runs. An expired result is never returned (checked on read);
 * a timer that does not keep the process alive drops expired entries so memory stays bounded.
 */
export class MemoryResultStore implements ResultStore {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(options: MemoryResultStoreOptions) {
    this.ttlMs = options.ttlSec * 1000;
    const sweepIntervalMs = options.sweepIntervalMs ?? Math.min(this.ttlMs, 60_000);
    this.sweepTimer = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweepTimer.unref();
  }

  async get(modelId: string): Promise<StoredResult | null> {
    const entry = this.entries.get(modelId);
    if (!entry) return null;
    if (entry.expiresAtMs <= Date.now()) {
      this.entries.delete(modelId);
      return null;
    }
    return JSON.parse(entry.json) as StoredResult;
  }

  async put(modelId: string, result: StoredResult): Promise<void> {
    this.entries.set(modelId, { json: JSON.stringify(result), expiresAtMs: Date.now() + this.ttlMs });
  }

  /** Entries held, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every expired entry. */
  sweep(): void {
    const now = Date.now();
    for (const [modelId, entry] of this.entries) {
      if (entry.expiresAtMs <= now) this.entries.delete(modelId);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.entries.clear();
  }
}

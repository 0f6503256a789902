import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryResultStore } from '../../src/jobs/memory-result-store.js';
import { completeResultOf, jobData } from './job-queue-contract.js';

describe('MemoryResultStore', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns a copy of what was stored, until the TTL passes', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new MemoryResultStore({ ttlSec: 10 });
    const job = jobData();
    const result = completeResultOf(job, { answer: 1 });
    await store.put(job.modelId, result);
    result.model_results = [];

    vi.setSystemTime(1_000_000 + 9_999);
    expect(await store.get(job.modelId)).toEqual(completeResultOf(job, { answer: 1 }));
    vi.setSystemTime(1_000_000 + 10_000);
    expect(await store.get(job.modelId)).toBeNull();
    await store.close();
  });

  it('sweeps expired results on its timer, without reads', async () => {
    vi.useFakeTimers({ now: 0 });
    const store = new MemoryResultStore({ ttlSec: 5, sweepIntervalMs: 1000 });
    await store.put('traffic-a', completeResultOf(jobData()));
    vi.advanceTimersByTime(3000);
    await store.put('traffic-b', completeResultOf(jobData()));
    expect(store.size).toBe(2);

    vi.advanceTimersByTime(2000);
    expect(store.size).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(store.size).toBe(0);
    await store.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerHandle } from '../../src/jobs/job-queue.js';
import { observedProcessor } from '../../src/jobs/observed-processor.js';
import { JobThreadPool } from '../../src/jobs/threads/job-thread-pool.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

const TRAFFIC = '/model/traffic/heron/WordCountTopology';
/** Each job holds its thread's CPU this long without yielding, as a long forecast fit does, ms. */
const BUSY_MS = 3000;
/**
 * Shorter than a job: on the event loop each job would lose its lock (renewed every LOCK_MS / 2); long
 * enough that a loaded 2-core machine running 4 spinning threads still renews it in time, ms.
 */
const LOCK_MS = 2500;

/** Polls a status URL every 250 ms (not pollUntilDone's 25 ms: 16 pollers would crowd the event loop). */
async function resultOf(t: TestApp, url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.app.inject(url);
    if (res.statusCode !== 202) return res.json();
    if (Date.now() > deadline) throw new Error(`still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('16 CPU-heavy jobs at once on BullMQ, on job threads', () => {
  const prefix = uniquePrefix('heavy-jobs');
  let t: TestApp;
  let pool: JobThreadPool;
  let worker: WorkerHandle;
  const starts: string[] = [];
  const failures: string[] = [];
  beforeAll(async () => {
    process.env.BUSY_MODEL_MS = String(BUSY_MS);
    t = await buildTestApp(
      {
        redis: { url: testRedisUrl(), prefix },
        queue: {
          name: uniquePrefix('models'),
          concurrency: 4,
          lockDurationMs: LOCK_MS,
          stalledIntervalMs: LOCK_MS / 2,
          jobTimeoutMs: 120_000,
        },
        model: { traffic: { heron: ['./test/jobs/fixtures/busy-model.ts'] } },
      },
      { worker: false },
    );
    pool = new JobThreadPool(t.config);
    // Every start and failure the worker saw, from the same log lines `augur worker` writes.
    worker = t.queue.startWorker(
      observedProcessor(pool.processor, {
        info: (fields, message) => {
          if (message === 'job started') starts.push(String(fields.model_id));
        },
        warn: (fields) => failures.push(String(fields.model_id)),
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await worker.close();
    await pool.close();
    await t.close();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
    delete process.env.BUSY_MODEL_MS;
  });

  it('completes each once: no duplicate run, no false stall', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) {
      const res = await t.app.inject(`${TRAFFIC}?duration=${60 + i}`);
      expect(res.statusCode).toBe(202);
      ids.push(res.json().model_id);
    }
    const done = await Promise.all(ids.map((id) => resultOf(t, `${TRAFFIC}?model_id=${id}`, 150_000)));
    expect(done.map((d) => d.status)).toEqual(ids.map(() => 'complete'));
    expect(starts.sort()).toEqual([...ids].sort());
    expect(failures).toEqual([]);
  }, 180_000);
});

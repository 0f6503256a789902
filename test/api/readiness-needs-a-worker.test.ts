import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerHandle } from '../../src/jobs/job-queue.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

describe('/ready with Redis says whether any worker is alive', () => {
  const prefix = uniquePrefix('ready-workers');
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(
      {
        redis: { url: testRedisUrl(), prefix },
        queue: { name: uniquePrefix('models'), heartbeatIntervalMs: 200 },
      },
      { worker: false },
    );
  });
  afterAll(async () => {
    await t.close();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  const ready = () => t.app.inject('/ready');
  const until = async (ok: boolean) => {
    for (let i = 0; i < 100; i++) {
      const res = await ready();
      if (res.json().checks.workers.ok === ok) return res;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`workers.ok never became ${ok}`);
  };

  it('is not ready with no worker, names the check, and becomes ready once one beats', async () => {
    const none = await ready();
    expect(none.statusCode).toBe(503);
    expect(none.json().checks.workers).toEqual({
      ok: false,
      detail: 'no worker sent a heartbeat in the last 0.6 s',
    });
    expect(none.json().checks['queue (redis)']).toEqual({ ok: true });

    let worker: WorkerHandle | undefined = t.queue.startWorker(async () => {
      throw new Error('never called');
    });
    expect((await until(true)).statusCode).toBe(200);
    expect(await t.queue.liveWorkers()).toBe(1);

    // A worker that stops says so; one that died drops out once its beats are 3 intervals old.
    await worker.close();
    worker = undefined;
    expect((await until(false)).statusCode).toBe(503);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

const TRAFFIC = '/model/traffic/heron/WordCountTopology';

/** Asks for a traffic model and polls it to the end; the model id differs by `duration`. */
async function runTraffic(t: TestApp, model: string, duration: number, timeoutMs = 60_000) {
  const accepted = await t.app.inject(`${TRAFFIC}?model=${model}&duration=${duration}`);
  expect(accepted.statusCode).toBe(202);
  const done = await pollUntilDone(t.app, `${TRAFFIC}?model_id=${accepted.json().model_id}`, timeoutMs);
  return done.json();
}

describe('model jobs on worker threads (embedded queue)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(
      {
        queue: { concurrency: 2, jobMemoryMb: 64, attempts: 3, backoffMs: 10 },
        model: {
          traffic: {
            heron: [
              'summary',
              './test/jobs/fixtures/memory-hog-model.ts',
              './test/jobs/fixtures/busy-model.ts',
            ],
          },
        },
      },
      { jobThreads: true },
    );
  }, 60_000);
  afterAll(async () => t.close());

  it('runs a job on a thread and reports the result as the in-process runner does', async () => {
    const result = await runTraffic(t, 'summary', 30);
    expect(result.status).toBe('complete');
    expect(result.model_results[0].model_name).toBe('summary');
  }, 60_000);

  it('fails a job that exhausts queue.jobMemoryMb with JOB_TOO_LARGE, once, and keeps serving others', async () => {
    const hog = runTraffic(t, 'memory-hog', 31);
    const other = runTraffic(t, 'summary', 32);
    const [failed, complete] = await Promise.all([hog, other]);
    expect(failed.status).toBe('failed');
    expect(failed.error.code).toBe('JOB_TOO_LARGE');
    expect(failed.error.message).toContain('queue.jobMemoryMb = 64 MiB');
    expect(complete.status).toBe('complete');
    // The dead thread is replaced: the next job runs.
    expect((await runTraffic(t, 'summary', 33)).status).toBe('complete');
    expect(t.threads?.threads).toBeLessThanOrEqual(2);
  }, 90_000);

  it('answers /health while a job holds its thread busy', async () => {
    const busy = runTraffic(t, 'busy', 34);
    // Give the job time to start on its thread (the API would block the whole while without threads).
    await new Promise((r) => setTimeout(r, 300));
    const health = await t.app.inject('/health');
    expect(health.statusCode).toBe(200);
    const done = await busy;
    expect(done.status, JSON.stringify(done).slice(0, 400)).toBe('complete');
  }, 60_000);
});

describe('a job thread past queue.jobTimeoutMs', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The busy job would hold the only thread for 20 s: anything that ends sooner shows it was terminated.
    process.env.BUSY_MODEL_MS = '20000';
    t = await buildTestApp(
      {
        queue: { concurrency: 1, jobTimeoutMs: 3000, attempts: 1 },
        model: { traffic: { heron: ['summary', './test/jobs/fixtures/busy-model.ts'] } },
      },
      { jobThreads: true },
    );
  }, 60_000);
  afterAll(async () => {
    await t.close();
    delete process.env.BUSY_MODEL_MS;
  });

  it('is terminated: the attempt fails with JOB_TIMEOUT and the next job gets a fresh thread', async () => {
    expect(t.threads?.threads).toBe(1); // started, and built, before the first job
    const timedOut = await runTraffic(t, 'busy', 41);
    expect(timedOut.error.code).toBe('JOB_TIMEOUT');
    // One thread: the next job runs only once the busy one's thread is gone and replaced.
    const timedOutAt = Date.now();
    expect((await runTraffic(t, 'summary', 42)).status).toBe('complete');
    expect(Date.now() - timedOutAt).toBeLessThan(15_000);
    expect(t.threads?.threads).toBe(1);
  }, 60_000);
});

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config, ConfigInput } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { AppError } from '../../src/errors.js';
import type { JobProcessor, JobQueue, WorkerHandle } from '../../src/jobs/job-queue.js';
import type { CompleteResult, FailedResult, JobStatus, ModelJobData } from '../../src/jobs/model-job.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

/** Builds the queue under test from a config whose queue name and Redis prefix no other test uses. */
export type JobQueueFactory = (config: Config) => JobQueue;

type QueueSettings = NonNullable<ConfigInput['queue']>;

/** Settings that keep the suite fast; each test overrides what it checks. */
const FAST: QueueSettings = { attempts: 3, backoffMs: 20, jobTimeoutMs: 5000, concurrency: 4 };

/**
 * The behaviour every JobQueue must show, run against each implementation (BullMQ on Redis, in
 * process). A new implementation passes this suite before anything uses it.
 */
export function describeJobQueueContract(name: string, factory: JobQueueFactory): void {
  describe(`JobQueue contract: ${name}`, () => {
    const queues: JobQueue[] = [];
    const workers: WorkerHandle[] = [];
    const gates: Gate[] = [];

    afterEach(async () => {
      for (const gate of gates.splice(0)) gate.open();
      await Promise.all(workers.splice(0).map((w) => w.close()));
      await Promise.all(queues.splice(0).map((q) => q.close()));
    });

    function makeQueue(settings: QueueSettings = {}): { queue: JobQueue; config: Config } {
      const prefix = uniquePrefix(name);
      const config = parseConfig({
        redis: { url: testRedisUrl(), prefix },
        queue: { ...FAST, ...settings, name: uniquePrefix('models') },
      });
      const queue = factory(config);
      queues.push(queue);
      return { queue, config };
    }

    function work(queue: JobQueue, processor: JobProcessor): WorkerHandle {
      const handle = queue.startWorker(processor);
      workers.push(handle);
      return handle;
    }

    function gate(): Gate {
      const g = new Gate();
      gates.push(g);
      return g;
    }

    it('runs an enqueued job and keeps its complete result', async () => {
      const { queue } = makeQueue();
      const job = jobData();
      work(queue, async (data) => completeResultOf(data, { answer: 42 }));

      await queue.enqueue(job);
      const status = await waitForStatus(queue, job.modelId, isFinished);

      expect(status).toEqual({ state: 'complete', result: completeResultOf(job, { answer: 42 }) });
    });

    it('computes a model id once, however often and however concurrently it is enqueued', async () => {
      const { queue } = makeQueue();
      const job = jobData();
      const release = gate();
      let calls = 0;
      work(queue, async (data) => {
        calls += 1;
        await release.wait();
        return completeResultOf(data);
      });

      await Promise.all([queue.enqueue(job), queue.enqueue(job), queue.enqueue({ ...job })]);
      await waitForStatus(queue, job.modelId, (s) => s.state === 'running');
      await queue.enqueue(job);
      release.open();
      await waitForStatus(queue, job.modelId, isFinished);
      await queue.enqueue(job);
      await sleep(300);

      expect(calls).toBe(1);
      expect((await queue.getStatus(job.modelId))?.state).toBe('complete');
    });

    it('reports pending before a worker takes the job, then running with progress, then complete', async () => {
      const { queue } = makeQueue();
      const job = jobData();
      const release = gate();

      await queue.enqueue(job);
      expect(await queue.getStatus(job.modelId)).toEqual({
        state: 'pending',
        progress: 0,
        job: { aspect: job.aspect, ref: job.ref, modelId: job.modelId },
      });

      work(queue, async (data, ctx) => {
        await ctx.reportProgress(40);
        await release.wait();
        await ctx.reportProgress(100);
        return completeResultOf(data);
      });
      const running = await waitForStatus(
        queue,
        job.modelId,
        (s) => s.state === 'running' && s.progress === 40,
      );
      expect(running).toMatchObject({ state: 'running', progress: 40, job: { modelId: job.modelId } });

      release.open();
      expect((await waitForStatus(queue, job.modelId, isFinished)).state).toBe('complete');
    });

    it('retries a retryable error after an exponential backoff, then succeeds', async () => {
      const { queue } = makeQueue({ attempts: 3, backoffMs: 150 });
      const job = jobData();
      const attempts: { attempt: number; atMs: number }[] = [];
      work(queue, async (data, ctx) => {
        attempts.push({ attempt: ctx.attempt, atMs: Date.now() });
        if (ctx.attempt < 3) throw new AppError('METRICS_UNAVAILABLE');
        return completeResultOf(data);
      });

      await queue.enqueue(job);
      const status = await waitForStatus(queue, job.modelId, isFinished);

      expect(status.state).toBe('complete');
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      const [first, second, third] = attempts.map((a) => a.atMs) as [number, number, number];
      // Lower bounds only: 150 ms then 300 ms, less a few ms of timer granularity.
      expect(second - first).toBeGreaterThanOrEqual(140);
      expect(third - second).toBeGreaterThanOrEqual(290);
    });

    it('shows a job waiting out its backoff as pending, and its retry running from 0 %', async () => {
      const { queue } = makeQueue({ attempts: 2, backoffMs: 1000 });
      const job = jobData();
      const release = gate();
      let calls = 0;
      work(queue, async (data, ctx) => {
        calls += 1;
        if (ctx.attempt === 1) {
          await ctx.reportProgress(60);
          throw new AppError('METRICS_UNAVAILABLE');
        }
        await release.wait();
        return completeResultOf(data);
      });

      await queue.enqueue(job);
      await until(() => calls === 1);
      const waiting = await waitForStatus(queue, job.modelId, (s) => s.state !== 'running');
      expect(waiting).toMatchObject({ state: 'pending', progress: 0 });

      await until(() => calls === 2);
      const retrying = await waitForStatus(queue, job.modelId, (s) => s.state === 'running');
      expect(retrying).toMatchObject({ state: 'running', progress: 0 });
      release.open();
      expect((await waitForStatus(queue, job.modelId, isFinished)).state).toBe('complete');
    });

    it('fails a job at once on a permanent AppError, keeping its code, message and details', async () => {
      const { queue } = makeQueue({ attempts: 3 });
      const job = jobData();
      let calls = 0;
      work(queue, async () => {
        calls += 1;
        throw new AppError('UNKNOWN_MODEL', 'Model "nope" is not configured', { details: { model: 'nope' } });
      });

      await queue.enqueue(job);
      const status = await waitForStatus(queue, job.modelId, isFinished);
      await sleep(200);

      expect(calls).toBe(1);
      expect(status.state).toBe('failed');
      const result = (status as { result: FailedResult }).result;
      expect(result).toEqual({
        model_id: job.modelId,
        status: 'failed',
        aspect: job.aspect,
        dsps: job.ref.dsps,
        topology_id: job.ref.topology,
        created_at: job.createdAt,
        failed_at: expect.any(String),
        error: {
          code: 'UNKNOWN_MODEL',
          message: 'Model "nope" is not configured',
          details: { model: 'nope' },
        },
      });
      expect(Date.parse(result.failed_at)).toBeGreaterThanOrEqual(Date.parse(job.createdAt));
    });

    it('fails a job at once on an error that is not an AppError, without showing its message', async () => {
      const { queue } = makeQueue({ attempts: 3 });
      const job = jobData();
      let calls = 0;
      work(queue, async () => {
        calls += 1;
        throw new TypeError('secret internals');
      });

      await queue.enqueue(job);
      const status = await waitForStatus(queue, job.modelId, isFinished);
      await sleep(200);

      expect(calls).toBe(1);
      expect(status).toMatchObject({
        state: 'failed',
        result: { error: { code: 'INTERNAL', message: 'Internal error' } },
      });
      expect(JSON.stringify(status)).not.toContain('secret');
    });

    it('fails a job whose retryable error lasts through every attempt', async () => {
      const { queue } = makeQueue({ attempts: 3, backoffMs: 10 });
      const job = jobData();
      const seen: number[] = [];
      work(queue, async (_data, ctx) => {
        seen.push(ctx.attempt);
        throw new AppError('METRICS_UNAVAILABLE', 'tracker down');
      });

      await queue.enqueue(job);
      const status = await waitForStatus(queue, job.modelId, isFinished);

      expect(seen).toEqual([1, 2, 3]);
      expect(status).toMatchObject({
        state: 'failed',
        result: { model_id: job.modelId, error: { code: 'METRICS_UNAVAILABLE', message: 'tracker down' } },
      });
    });

    it('fails an attempt that outlives jobTimeoutMs with JOB_TIMEOUT, and retries it', async () => {
      const { queue } = makeQueue({ attempts: 2, backoffMs: 10, jobTimeoutMs: 300 });
      const job = jobData();
      const never = gate();
      const seen: number[] = [];
      work(queue, async (data, ctx) => {
        seen.push(ctx.attempt);
        await never.wait();
        return completeResultOf(data);
      });

      await queue.enqueue(job);
      const status = await waitForStatus(queue, job.modelId, isFinished);

      expect(seen).toEqual([1, 2]);
      expect(status).toMatchObject({ state: 'failed', result: { error: { code: 'JOB_TIMEOUT' } } });
    });

    it('answers null for a model id it never saw', async () => {
      const { queue } = makeQueue();
      expect(await queue.getStatus(jobData().modelId)).toBeNull();
    });

    it('forgets a result after resultTtlSec, and computes the model again when asked again', async () => {
      const { queue } = makeQueue({ resultTtlSec: 1 });
      const job = jobData();
      let calls = 0;
      work(queue, async (data) => {
        calls += 1;
        return completeResultOf(data, { run: calls });
      });

      await queue.enqueue(job);
      expect(await waitForStatus(queue, job.modelId, isFinished)).toMatchObject({ state: 'complete' });
      await until(async () => (await queue.getStatus(job.modelId)) === null, 5000);

      await queue.enqueue(job);
      const again = await waitForStatus(queue, job.modelId, isFinished);
      expect(calls).toBe(2);
      expect(again).toMatchObject({
        state: 'complete',
        result: { model_results: [{ results: { run: 2 } }] },
      });
    });

    it('forgets a failure after resultTtlSec too', async () => {
      const { queue } = makeQueue({ resultTtlSec: 1 });
      const job = jobData();
      work(queue, async () => {
        throw new AppError('NO_METRICS');
      });

      await queue.enqueue(job);
      expect(await waitForStatus(queue, job.modelId, isFinished)).toMatchObject({ state: 'failed' });
      await until(async () => (await queue.getStatus(job.modelId)) === null, 5000);
    });

    it('runs at most queue.concurrency jobs at once in one worker', async () => {
      const { queue } = makeQueue({ concurrency: 2 });
      const jobs = [jobData(), jobData(), jobData(), jobData()];
      const release = gate();
      let running = 0;
      let maxRunning = 0;
      work(queue, async (data) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await release.wait();
        running -= 1;
        return completeResultOf(data);
      });

      for (const job of jobs) await queue.enqueue(job);
      await until(() => running === 2);
      await sleep(300);
      expect(running).toBe(2);

      release.open();
      for (const job of jobs)
        expect((await waitForStatus(queue, job.modelId, isFinished)).state).toBe('complete');
      expect(maxRunning).toBe(2);
    });

    it('closing a worker waits for the attempt it is running, whose result is then stored', async () => {
      const { queue } = makeQueue();
      const job = jobData();
      let finished = false;
      const handle = queue.startWorker(async (data) => {
        await sleep(500);
        finished = true;
        return completeResultOf(data);
      });

      await queue.enqueue(job);
      await waitForStatus(queue, job.modelId, (s) => s.state === 'running');
      await handle.close();

      expect(finished).toBe(true);
      expect((await queue.getStatus(job.modelId))?.state).toBe('complete');
    });

    it('closing the queue waits for the attempts its workers are running', async () => {
      const { queue } = makeQueue();
      const job = jobData();
      let finished = false;
      queue.startWorker(async (data) => {
        await sleep(500);
        finished = true;
        return completeResultOf(data);
      });

      await queue.enqueue(job);
      await waitForStatus(queue, job.modelId, (s) => s.state === 'running');
      await queue.close();

      expect(finished).toBe(true);
    });

    it('answers ping while open', async () => {
      const { queue } = makeQueue();
      await expect(queue.ping()).resolves.toBeUndefined();
    });
  });
}

/** A model job no other test uses; the id has the shape of a real one. */
export function jobData(overrides: Partial<ModelJobData> = {}): ModelJobData {
  // Tests override the head (id, aspect, ref); the payload stays a traffic one.
  return <ModelJobData>{
    modelId: `traffic-${randomBytes(16).toString('base64url').slice(0, 22)}`,
    aspect: 'traffic',
    ref: { dsps: 'heron', cluster: 'local', environ: 'default', topology: 'word-count' },
    models: ['summary'],
    params: { duration: 60, units: 'm', source_hours: 1, duration_minutes: 60 },
    requestedAtSec: 1_700_000_040,
    createdAt: new Date('2026-01-02T03:04:00.000Z').toISOString(),
    ...overrides,
  };
}

/** What a processor returns for a job: one model result carrying `results`. */
export function completeResultOf(job: ModelJobData, results: Record<string, unknown> = {}): CompleteResult {
  return {
    model_id: job.modelId,
    status: 'complete',
    aspect: job.aspect,
    dsps: job.ref.dsps,
    topology_id: job.ref.topology,
    cluster: job.ref.cluster,
    environ: job.ref.environ,
    request: { ...job.params, model: job.models },
    created_at: job.createdAt,
    completed_at: '2026-01-02T03:05:00.000Z',
    model_results: [{ model_name: 'summary', calculation_time: 0.001, results }],
  };
}

export function isFinished(status: JobStatus): boolean {
  return status.state === 'complete' || status.state === 'failed';
}

/** Polls `getStatus` until `predicate` holds; fails with the last status seen. */
export async function waitForStatus(
  queue: JobQueue,
  modelId: string,
  predicate: (status: JobStatus) => boolean,
  timeoutMs = 10_000,
): Promise<JobStatus> {
  let last: JobStatus | null = null;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    last = await queue.getStatus(modelId);
    if (last && predicate(last)) return last;
    await sleep(20);
  }
  throw new Error(
    `status of ${modelId} did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(last)}`,
  );
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise a test opens when it wants a blocked processor to go on. */
export class Gate {
  private release!: () => void;
  private readonly opened = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  open(): void {
    this.release();
  }

  wait(): Promise<void> {
    return this.opened;
  }
}

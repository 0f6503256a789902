import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.js';
import type { CompleteResult } from '../../src/jobs/model-job.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { isFinished, jobData, waitForStatus } from './job-queue-contract.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'slow-worker.ts');
/** Short, so a killed worker's job is taken over within seconds rather than the default 30 s. */
const LOCK_MS = 1000;

interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves with the first event line of that name the process prints. */
  next(event: string): Promise<Record<string, unknown>>;
}

const children: ChildProcess[] = [];

/** Starts `node --import tsx slow-worker.ts` configured through its environment, like a real worker. */
function startWorkerProcess(config: Config, slowMs: number): WorkerProcess {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AUGUR_')) env[key] = value;
  Object.assign(env, {
    REDIS_URL: config.redis.url,
    AUGUR_REDIS__PREFIX: config.redis.prefix,
    AUGUR_QUEUE__NAME: config.queue.name,
    AUGUR_QUEUE__ATTEMPTS: '1',
    AUGUR_QUEUE__LOCK_DURATION_MS: String(LOCK_MS),
    AUGUR_QUEUE__STALLED_INTERVAL_MS: String(LOCK_MS),
    SLOW_WORKER_MS: String(slowMs),
  });
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const events: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: (e: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    events.push(parsed);
    for (const w of waiters.filter((w) => w.event === parsed.event)) w.resolve(parsed);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}): ${stderr}`)));
  });
  exited.catch(() => {});
  return {
    child,
    pid: child.pid as number,
    next(event) {
      const seen = events.find((e) => e.event === event);
      if (seen) return Promise.resolve(seen);
      const waiting = new Promise<Record<string, unknown>>((resolve) => waiters.push({ event, resolve }));
      return Promise.race([waiting, exited]);
    },
  };
}

function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

describe('a worker killed in the middle of a job', () => {
  const config = parseConfig({
    redis: { url: testRedisUrl(), prefix: uniquePrefix('killed') },
    queue: { name: uniquePrefix('models'), attempts: 1, lockDurationMs: LOCK_MS, stalledIntervalMs: LOCK_MS },
  });
  const queue = new BullmqJobQueue(config, { logger: silentQueueLogger });
  const inspector = new Queue(config.queue.name, {
    connection: { url: testRedisUrl() },
    prefix: config.redis.prefix,
  });

  afterAll(async () => {
    await Promise.all(children.map(killHard));
    await queue.close();
    await inspector.close();
    await deleteKeysWithPrefix(testRedisUrl(), config.redis.prefix);
  });

  it('has its job taken over and completed by another worker, whose result outlives both', async () => {
    const first = startWorkerProcess(config, 60_000);
    await first.next('ready');
    const job = jobData();
    await queue.enqueue(job);

    expect(await first.next('started')).toMatchObject({ modelId: job.modelId, attempt: 1, pid: first.pid });
    expect(
      await waitForStatus(queue, job.modelId, (s) => s.state === 'running' && s.progress === 10),
    ).toBeTruthy();
    await killHard(first.child);

    const second = startWorkerProcess(config, 300);
    expect(await second.next('started')).toMatchObject({ modelId: job.modelId, pid: second.pid });
    const status = await waitForStatus(queue, job.modelId, isFinished, 20_000);

    expect(status.state).toBe('complete');
    const result = (status as { result: CompleteResult }).result;
    expect(result.worker_pid).toBe(second.pid);
    expect(result.worker_pid).not.toBe(first.pid);
    // BullMQ saw the job stall once (the killed worker) and start twice, yet it never failed.
    const finished = await inspector.getJob(job.modelId);
    expect(finished?.stalledCounter).toBe(1);
    expect(finished?.attemptsStarted).toBe(2);
    expect(finished?.failedReason ?? '').toBe('');

    // Stop the second worker too: a queue opened afterwards still reads the result from Redis.
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    const reopened = new BullmqJobQueue(config, { logger: silentQueueLogger });
    try {
      expect(await reopened.getStatus(job.modelId)).toEqual({ state: 'complete', result });
    } finally {
      await reopened.close();
    }
  });

  it('fails for good, WORKER_LOST, once a second worker died running it: a poison job stops', async () => {
    const first = startWorkerProcess(config, 60_000);
    await first.next('ready');
    const job = jobData();
    await queue.enqueue(job);
    await first.next('started');
    await killHard(first.child);

    const second = startWorkerProcess(config, 60_000);
    expect(await second.next('started')).toMatchObject({ modelId: job.modelId, pid: second.pid });
    await killHard(second.child);

    // A third worker is alive, but is not handed the job a third time.
    const third = startWorkerProcess(config, 300);
    await third.next('ready');
    const status = await waitForStatus(queue, job.modelId, isFinished, 20_000);
    expect(status.state).toBe('failed');
    expect((status as { result: { error: { code: string } } }).result.error.code).toBe('WORKER_LOST');
    const failed = await inspector.getJob(job.modelId);
    expect(failed?.stalledCounter).toBe(2);
    expect(failed?.failedReason).toMatch(/stalled more than allowable limit/);
    const thirdStarted = await Promise.race([
      third.next('started').then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 500)),
    ]);
    expect(thirdStarted).toBe(false);
    third.child.kill('SIGTERM');
  }, 60_000);
});

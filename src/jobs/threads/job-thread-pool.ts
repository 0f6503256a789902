import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config/config-schema.js';
import { AppError } from '../../errors.js';
import type { JobContext, JobProcessor } from '../job-queue.js';
import type { CompleteResult, ModelJobData } from '../model-job.js';
import type { JobThreadMessage, RunJobMessage } from './job-thread-messages.js';

export interface JobThreadPoolOptions {
  /** Threads at most, each running one job at a time. @defaultValue config.queue.concurrency */
  size?: number;
  /** Old-generation heap of each thread, MiB. @defaultValue config.queue.jobMemoryMb */
  memoryMb?: number;
}

/**
 * The thread's entry beside this file: job-thread.js once built; under tsx or vitest job-thread.ts, loaded
 * through tsx's loader, registered in the thread first (Node 20 does not apply `--import tsx` from a
 * worker's execArgv to the worker's own entry).
 */
function threadEntry(): { entry: string | URL; eval: boolean } {
  const url = new URL('./job-thread.js', import.meta.url);
  if (!fileURLToPath(import.meta.url).endsWith('.ts')) return { entry: url, eval: false };
  const ts = new URL('./job-thread.ts', import.meta.url).href;
  // tsx's ESM API (require.resolve would give its CommonJS build, whose register() cannot load from here).
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); })`;
  return { entry: boot, eval: true };
}

interface Running {
  ctx: JobContext;
  resolve(result: CompleteResult): void;
  reject(err: unknown): void;
}

/** One thread and the job it runs, if any. */
class JobThread {
  readonly worker: Worker;
  running: Running | undefined;
  /** Set once the thread is gone (out of memory, crashed, terminated): it takes no more jobs. */
  dead = false;
  /** Resolves once the thread has built its services, or has died. */
  readonly ready: Promise<void>;
  private markReady: () => void = () => {};

  constructor(config: Config, memoryMb: number, onExit: (thread: JobThread) => void) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    const { entry, eval: isEval } = threadEntry();
    this.worker = new Worker(entry, {
      eval: isEval,
      workerData: config,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
      // The thread's console lines go to the process's own streams, not through the pool.
      stdout: false,
      stderr: false,
    });
    let outOfMemory = false;
    this.worker.on('message', (message: JobThreadMessage) => this.onMessage(message));
    this.worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') outOfMemory = true;
      else this.settle((r) => r.reject(err));
    });
    this.worker.on('exit', (code) => {
      this.dead = true;
      this.markReady();
      this.settle((r) =>
        r.reject(
          outOfMemory
            ? new AppError(
                'JOB_TOO_LARGE',
                `The model job needed more memory than queue.jobMemoryMb = ${memoryMb} MiB allows`,
                { details: { limit: 'queue.jobMemoryMb', memory_mb: memoryMb } },
              )
            : new Error(`job thread exited with code ${code} while running a job`),
        ),
      );
      onExit(this);
    });
  }

  run(job: ModelJobData, ctx: JobContext): Promise<CompleteResult> {
    return new Promise<CompleteResult>((resolve, reject) => {
      this.running = { ctx, resolve, reject };
      const message: RunJobMessage = { type: 'run', job, attempt: ctx.attempt };
      this.worker.postMessage(message);
    });
  }

  private onMessage(message: JobThreadMessage): void {
    if (message.type === 'ready') {
      this.markReady();
    } else if (message.type === 'progress') {
      void this.running?.ctx.reportProgress(message.percent);
    } else if (message.type === 'done') {
      this.settle((r) => r.resolve(message.result));
    } else {
      const err = message.error
        ? new AppError(message.error.code, message.error.message, {
            ...(message.error.details ? { details: message.error.details } : {}),
          })
        : new Error(message.reason);
      this.settle((r) => r.reject(err));
    }
  }

  private settle(answer: (running: Running) => void): void {
    const running = this.running;
    this.running = undefined;
    if (running) answer(running);
  }
}

/**
 * Runs model jobs on worker threads, so that a CPU-heavy model never blocks the event loop that renews
 * BullMQ's locks and answers the API, and a job that exhausts its heap (`queue.jobMemoryMb`) takes down
 * only its thread: that attempt fails with `JOB_TOO_LARGE` (not retried) and a fresh thread takes the
 * next job. `start()` starts all `size` threads (else they start on demand); a thread that dies is
 * replaced at once. An attempt whose context is aborted (its timeout) has its thread terminated.
 */
export class JobThreadPool {
  private readonly idle: JobThread[] = [];
  private readonly all = new Set<JobThread>();
  /** Callers waiting for a thread when all `size` are busy, oldest first. */
  private readonly waiting: Array<(thread: JobThread) => void> = [];
  private readonly size: number;
  private readonly memoryMb: number;
  private closed = false;

  constructor(
    private readonly config: Config,
    options: JobThreadPoolOptions = {},
  ) {
    this.size = options.size ?? config.queue.concurrency;
    this.memoryMb = options.memoryMb ?? config.queue.jobMemoryMb;
  }

  /** The pool as a job processor, for `JobQueue.startWorker`. */
  readonly processor: JobProcessor = async (job, ctx) => {
    if (this.closed) throw new AppError('QUEUE_UNAVAILABLE', 'The job thread pool is closed');
    const thread = await this.acquire();
    const abort = () => void thread.worker.terminate();
    ctx.signal?.addEventListener('abort', abort, { once: true });
    try {
      return await thread.run(job, ctx);
    } finally {
      ctx.signal?.removeEventListener('abort', abort);
      this.release(thread);
    }
  };

  /**
   * Starts every thread and waits until each has built its services, so the first jobs do not pay for
   * that (nor count it against their timeout).
   */
  async start(): Promise<void> {
    while (this.all.size < this.size) this.idle.push(this.spawn());
    await Promise.all([...this.all].map((thread) => thread.ready));
  }

  /** Threads alive now (idle or busy). */
  get threads(): number {
    return this.all.size;
  }

  /** Terminates every thread; call after the queue's workers have finished their jobs. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((thread) => thread.worker.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private acquire(): Promise<JobThread> {
    const idle = this.idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.all.size < this.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(thread: JobThread): void {
    if (thread.dead || this.closed) return;
    const next = this.waiting.shift();
    if (next) next(thread);
    else this.idle.push(thread);
  }

  private spawn(): JobThread {
    const thread = new JobThread(this.config, this.memoryMb, (gone) => {
      this.all.delete(gone);
      const at = this.idle.indexOf(gone);
      if (at >= 0) this.idle.splice(at, 1);
      // A fresh thread in place of the dead one, started now so the next job does not wait for it.
      if (this.closed) return;
      const fresh = this.spawn();
      const next = this.waiting.shift();
      if (next) next(fresh);
      else this.idle.push(fresh);
    });
    this.all.add(thread);
    return thread;
  }
}

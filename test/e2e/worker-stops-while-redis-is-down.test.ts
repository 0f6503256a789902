import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { type AugurProcess, freePort, startAugur } from '../support/augur-process.js';
import { stopProcess } from '../support/local-process.js';

/** A shutdown deadline short enough for a test; the default is 10 s. */
const SHUTDOWN_MS = 3000;

describe('a worker given SIGTERM while Redis is down', () => {
  const started: AugurProcess[] = [];
  afterAll(() => {
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });

  it('exits within queue.shutdownTimeoutMs, not when Redis comes back', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const worker = startAugur(['worker'], {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        AUGUR_QUEUE__SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_MS),
      });
      started.push(worker);
      const deadline = Date.now() + 30_000;
      while (!worker.output().includes('worker started')) {
        if (Date.now() > deadline || worker.child.exitCode !== null) throw new Error(worker.output());
        await new Promise((r) => setTimeout(r, 100));
      }
      redis.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 500));

      const stopping = Date.now();
      worker.child.kill('SIGTERM');
      await worker.exited;
      const tookMs = Date.now() - stopping;
      // The deadline plus a process's exit; without it the worker waited for Redis for the whole outage.
      expect(tookMs).toBeLessThan(SHUTDOWN_MS + 3000);
      expect(worker.output()).toContain('SIGTERM received');
    } finally {
      await stopProcess(redis);
    }
  }, 60_000);
});

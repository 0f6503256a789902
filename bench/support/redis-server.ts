import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const STARTUP_TIMEOUT_MS = 10_000;

export interface BenchRedis {
  url: string;
  /** True when this run started the server (and so may flush or reconfigure it). */
  owned: boolean;
  stop(): Promise<void>;
}

/**
 * The Redis the benchmark talks to: `REDIS_URL` when set, otherwise a `redis-server` of its own on a
 * free loopback port with persistence off (no RDB, no AOF) in a temporary directory, stopped by `stop()`.
 */
export async function benchRedis(env: NodeJS.ProcessEnv = process.env): Promise<BenchRedis> {
  const external = env.REDIS_URL;
  if (external) {
    await waitForPing(external);
    return { url: external, owned: false, stop: async () => {} };
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'augur-bench-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  const server = spawn(env.REDIS_SERVER ?? 'redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `redis://127.0.0.1:${port}`;
  // Never leave it behind, even when the benchmark dies half-way.
  const killOnExit = () => server.kill('SIGKILL');
  process.once('exit', killOnExit);
  const failed = new Promise<never>((_, reject) => {
    server.once('error', reject);
    server.once('exit', (code, signal) =>
      reject(new Error(`redis-server exited during start-up (code ${code}, signal ${signal}): ${stderr}`)),
    );
  });
  failed.catch(() => {});
  try {
    await Promise.race([waitForPing(url), failed]);
  } catch (err) {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    owned: true,
    stop: async () => {
      process.off('exit', killOnExit);
      await stopProcess(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Redis at ${url} did not answer PING: ${String(err)}`);
    } finally {
      redis.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

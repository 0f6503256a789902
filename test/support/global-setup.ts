import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gremlin from 'gremlin';
import type { TestProject } from 'vitest/node';
import { freePort, stopProcess } from './local-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Redis every test talks to: `REDIS_URL`, or a redis-server started for this run. */
    redisUrl: string;
    /** The Gremlin Server every graph test talks to: `GREMLIN_URL`, or one started for this run. */
    gremlinUrl: string;
  }
}

const STARTUP_TIMEOUT_MS = 10_000;

/**
 * Vitest global setup: gives every test file a real Redis and a real Gremlin Server, started side by side.
 * Uses `REDIS_URL` / `GREMLIN_URL` when set; otherwise starts `redis-server` on a free port with persistence
 * off, in a temporary directory, and Gremlin Server (TinkerGraph, scripts/gremlin-server/start.sh) on another,
 * and stops both afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [redis, graph] = await Promise.allSettled([provideRedis(project), provideGremlin(project)]);
  const teardowns = [redis, graph].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = [redis, graph].find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(teardowns.map((teardown) => teardown()));
    throw failed.reason;
  }
  return async () => {
    await Promise.all(teardowns.map((teardown) => teardown()));
  };
}

async function provideRedis(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.REDIS_URL;
  if (external) {
    const { hostname, port } = new URL(external);
    await waitForPong(hostname, Number(port || 6379), STARTUP_TIMEOUT_MS, `REDIS_URL=${external}`);
    project.provide('redisUrl', external);
    return async () => {};
  }

  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'augur-test-redis-'));
  const server = await startRedisServer(port, dir);
  project.provide('redisUrl', `redis://127.0.0.1:${port}`);
  return async () => {
    await stopProcess(server);
    rmSync(dir, { recursive: true, force: true });
  };
}

/** Gremlin Server boots a JVM and a Groovy engine (~5–10 s); the first run may also fetch its jars. */
const GREMLIN_STARTUP_TIMEOUT_MS = 180_000;
const GREMLIN_START_SCRIPT = join(import.meta.dirname, '../../scripts/gremlin-server/start.sh');

async function provideGremlin(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.GREMLIN_URL;
  if (external) {
    await waitForGremlin(external, 30_000, `GREMLIN_URL=${external}`);
    project.provide('gremlinUrl', external);
    return async () => {};
  }
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/gremlin`;
  const server = spawn('bash', [GREMLIN_START_SCRIPT, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  const exited = new Promise<never>((_, reject) => {
    server.once('error', reject);
    server.once('exit', (code, signal) => {
      reject(
        new Error(
          `Gremlin Server exited during start-up (code ${code}, signal ${signal}). The graph tests need a real ` +
            'Gremlin Server: Java 11+ and Maven to assemble it (`bash scripts/test-setup.sh` installs them and ' +
            `fetches its jars), or GREMLIN_URL. Its output:\n${output}`,
        ),
      );
    });
  });
  const stopPolling = new AbortController();
  try {
    await Promise.race([
      waitForGremlin(url, GREMLIN_STARTUP_TIMEOUT_MS, 'Gremlin Server', stopPolling.signal),
      exited,
    ]);
  } catch (err) {
    server.kill('SIGKILL');
    throw err;
  } finally {
    stopPolling.abort();
  }
  exited.catch(() => {}); // a later exit is the teardown's business
  project.provide('gremlinUrl', url);
  return () => stopProcess(server);
}

/** Runs `g.inject(1)` until the server answers it: up, and the traversal source `g` bound. */
async function waitForGremlin(
  url: string,
  timeoutMs: number,
  what: string,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    if (signal?.aborted) return;
    const connection = new gremlin.driver.DriverRemoteConnection(url);
    try {
      await gremlin.process.traversal().withRemote(connection).inject(1).toList();
      return;
    } catch (err) {
      last = err;
    } finally {
      await connection.close().catch(() => {});
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not answer a traversal at ${url} within ${timeoutMs} ms: ${String(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function startRedisServer(port: number, dir: string): Promise<ChildProcess> {
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
  const server = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new Error(
              'redis-server is not installed, and the tests need a real Redis. Install it ' +
                '(e.g. `apt-get install redis-server`, or `bash scripts/test-setup.sh`) or set REDIS_URL.',
            )
          : err,
      );
    });
    server.once('exit', (code, signal) => {
      reject(new Error(`redis-server exited during start-up (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
  const stopPolling = new AbortController();
  try {
    await Promise.race([
      waitForPong('127.0.0.1', port, STARTUP_TIMEOUT_MS, 'redis-server', stopPolling.signal),
      exited,
    ]);
  } catch (err) {
    server.kill('SIGKILL');
    throw err;
  } finally {
    stopPolling.abort();
  }
  exited.catch(() => {}); // a later exit is the teardown's business
  return server;
}

/** Sends PING until the server answers +PONG (or `signal` says to give up). */
async function waitForPong(
  host: string,
  port: number,
  timeoutMs: number,
  what: string,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) return;
    if (await answersPing(host, port)) return;
    if (Date.now() > deadline)
      throw new Error(`${what} did not answer PING on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function answersPing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // An auth-protected server answers -NOAUTH; it is up all the same.
    socket.once('data', (data) =>
      done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')),
    );
  });
}

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, stopProcess } from './local-process.js';

const run = promisify(execFile);
const STARTUP_TIMEOUT_MS = 30_000;

export interface PrometheusServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Stops the server and deletes its data directory. */
  close(): Promise<void>;
}

const MISSING =
  'The Prometheus tests need a real Prometheus: `prometheus` and `promtool` (Debian package `prometheus`). ' +
  'Install them with `bash scripts/install-prometheus.sh`.';

/**
 * Starts a real Prometheus on 127.0.0.1 (a free port) over data backfilled from `openMetrics` (OpenMetrics
 * text: timestamps in seconds, ending with `# EOF`) with `promtool tsdb create-blocks-from openmetrics`. The
 * server scrapes nothing; retention is long, so backfilled data older than the default 15 days is kept.
 * Fails (never skips) when Prometheus is not installed. Always `close()` it.
 */
export async function startPrometheus(openMetrics: string): Promise<PrometheusServer> {
  await run('promtool', ['--version']).catch((err: unknown) => {
    throw new Error(`${MISSING} (${err instanceof Error ? err.message : String(err)})`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'augur-test-prometheus-'));
  const dataDir = join(dir, 'data');
  const input = join(dir, 'input.om');
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(input, openMetrics.endsWith('# EOF\n') ? openMetrics : `${openMetrics.trimEnd()}\n# EOF\n`);
  await writeFile(configFile, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
  try {
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir], {
      maxBuffer: 1 << 24,
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    const e = err as { stderr?: string; message?: string };
    throw new Error(`promtool could not backfill the test data: ${e.stderr || e.message}`);
  }
  const port = await freePort();
  const server = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new Error(MISSING) : err),
    );
    server.once('exit', (code, signal) =>
      reject(new Error(`prometheus exited during start-up (code ${code}, signal ${signal}): ${stderr}`)),
    );
  });
  const stopPolling = new AbortController();
  try {
    await Promise.race([waitReady(url, stopPolling.signal), exited]);
  } catch (err) {
    server.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    stopPolling.abort();
  }
  exited.catch(() => {});
  return {
    url,
    async close() {
      await stopProcess(server);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (signal.aborted) return;
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`prometheus was not ready at ${url} within ${STARTUP_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

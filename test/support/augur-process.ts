import { type ChildProcess, spawn } from 'node:child_process';

import { freePort } from './local-process.js';

export { freePort };

export interface AugurProcess {
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts the real `augur` CLI from the sources, with only the environment given (plus PATH/HOME). */
export function startAugur(args: string[], env: Record<string, string>): AugurProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // The test run oversubscribes the machine's cores, so event-loop lag is the machine's, not augur's:
      // no load shedding on it here (test/api/request-limits.test.ts tests shedding on its own).
      AUGUR_SERVER__UNDER_PRESSURE__MAX_EVENT_LOOP_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until `url` answers 200, or fails with what the process printed. */
export async function waitForHttp(url: string, proc: AugurProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`augur exited early:\n${proc.output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`augur did not answer ${url} within ${timeoutMs} ms:\n${proc.output()}`);
}

/** Polls a status URL over HTTP until it stops answering 202. */
export async function pollHttp(url: string, timeoutMs = 20_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url);
    if (res.status !== 202) return res;
    if (Date.now() > deadline) throw new Error(`still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `augur all` on a free port with `env`, once it answers `/health`: the process and its base URL. */
export async function serveAugur(
  env: Record<string, string> = {},
): Promise<{ augur: AugurProcess; base: string }> {
  const port = await freePort();
  const augur = startAugur(['all'], { PORT: String(port), AUGUR_SERVER__LOG_LEVEL: 'warn', ...env });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, augur);
  return { augur, base };
}

/** Stops a started augur gracefully (SIGTERM) and waits for it to exit; nothing when it already has. */
export async function stopAugur(augur: AugurProcess | undefined): Promise<void> {
  if (!augur || augur.child.exitCode !== null) return;
  augur.child.kill('SIGTERM');
  await augur.exited;
}

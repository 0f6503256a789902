import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config/config-schema.js';

const WORKER_MAIN = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export interface WorkerChild {
  pid: number;
  stop(): Promise<void>;
}

/** Starts augur's workers (`startServices(config, 'worker')`) in a child process and waits until they run. */
export async function startWorkerChild(config: Readonly<Config>): Promise<WorkerChild> {
  const child: ChildProcess = fork(WORKER_MAIN, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, AUGUR_BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the worker process exited during start-up (code ${code})`);
  });
  exited.catch(() => {});
  await Promise.race([once(child, 'message'), exited]);
  return {
    pid: child.pid as number,
    stop: async () => {
      if (child.exitCode !== null) return;
      const done = once(child, 'exit');
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

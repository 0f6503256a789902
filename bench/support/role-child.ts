import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config/config-schema.js';
import type { Role } from '../../src/services.js';

const MAIN = fileURLToPath(new URL('./augur-role-process.ts', import.meta.url));

export interface RoleChild {
  pid: number;
  /** Where the API listens (role `api`). */
  url?: string;
  /** Resident memory now, bytes (Linux /proc). */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** Starts one augur role in a child process and waits until it runs. */
export async function startRoleChild(role: Role, config: Readonly<Config>): Promise<RoleChild> {
  const child: ChildProcess = fork(MAIN, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, AUGUR_BENCH_ROLE: role, AUGUR_BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the ${role} process exited during start-up (code ${code})`);
  });
  exited.catch(() => {});
  const [message] = (await Promise.race([once(child, 'message'), exited])) as [{ url?: string }];
  const pid = child.pid as number;
  return {
    pid,
    ...(message.url ? { url: message.url } : {}),
    rssBytes: () => {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return Number(kb ?? 0) * 1024;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const done = once(child, 'exit');
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
    },
  };
}

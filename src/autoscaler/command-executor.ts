import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandPlaceholder, PLACEHOLDER_PATTERN } from '../config/autoscaler-schema.js';
import type { ComponentChange, ExecutorRun, PlannedRun } from './evaluation.js';
import {
  type ExecutionOutcome,
  type ExecutionRequest,
  OUTPUT_TAIL_BYTES,
  OutputTail,
  type ScalingExecutor,
} from './scaling-executor.js';

export interface CommandExecutorOptions {
  /** Program first, then its arguments with placeholders (validated by the config schema). */
  argv: readonly string[];
  /** A run is killed (SIGTERM, then SIGKILL after `killGraceMs`) after this, ms. */
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL, ms. @defaultValue 2000 */
  killGraceMs?: number;
  /** Where the `{{plan_file}}` directory is made. @defaultValue os.tmpdir() */
  tmpDir?: string;
}

/** Shown for `{{plan_file}}` in a dry run, where no file is written. */
export const DRY_RUN_PLAN_FILE = '<plan file>';

/**
 * Substitutes placeholders inside each argument, never across arguments: a value with spaces, quotes, `$(…)`
 * or `;` stays one literal argument, since the program is started without a shell. Throws when a
 * substituted argument would start with `-` though its template does not (a value posing as an option).
 */
export function expandArgv(
  template: readonly string[],
  values: Readonly<Record<CommandPlaceholder, string>>,
): string[] {
  return template.map((arg, i) => {
    if (i === 0) return arg;
    const expanded = arg.replace(PLACEHOLDER_PATTERN, (whole, name: string) =>
      Object.hasOwn(values, name) ? values[name as CommandPlaceholder] : whole,
    );
    if (expanded !== arg && expanded.startsWith('-') && !arg.startsWith('-')) {
      throw new Error(`argument ${i} would start with "-" after substitution (${JSON.stringify(expanded)})`);
    }
    return expanded;
  });
}

const usesAny = (argv: readonly string[], names: readonly CommandPlaceholder[]) =>
  argv.some((arg) => names.some((n) => arg.includes(`{{${n}}}`)));

/**
 * Runs a program for a change: `spawn(argv[0], argv.slice(1), {shell: false})`, once per changed component
 * when the arguments use `{{component}}` or `{{parallelism}}` (in order, stopping at the first failure),
 * else once. `{{plan_file}}` is a JSON file in a fresh private temporary directory, removed afterwards. A
 * run succeeds when the program exits 0 within the timeout; otherwise its process group is sent SIGTERM and,
 * `killGraceMs` later, SIGKILL.
 */
export class CommandExecutor implements ScalingExecutor {
  readonly type = 'command' as const;
  readonly needsPlan: boolean;
  private readonly options: CommandExecutorOptions;
  private readonly perComponent: boolean;

  constructor(options: CommandExecutorOptions) {
    this.options = options;
    this.needsPlan = usesAny(options.argv, ['plan_file']);
    this.perComponent = usesAny(options.argv, ['component', 'parallelism']);
  }

  describe(request: ExecutionRequest): PlannedRun[] {
    return this.batches(request).map((changes) => ({
      purpose: request.purpose,
      executor: 'command',
      changes,
      argv: this.argvFor(request, changes, DRY_RUN_PLAN_FILE),
    }));
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const runs: ExecutorRun[] = [];
    const attempted: ComponentChange[] = [];
    let dir: string | undefined;
    try {
      let planFile = '';
      if (this.needsPlan) {
        dir = await mkdtemp(join(this.options.tmpDir ?? tmpdir(), 'augur-plan-'));
        planFile = join(dir, 'plan.json');
        await writeFile(planFile, serialisePlan(request.plan), { mode: 0o600 });
      }
      for (const changes of this.batches(request)) {
        attempted.push(...changes);
        const run = await this.runOnce(request, changes, planFile);
        runs.push(run);
        if (!run.ok) return { ok: false, runs, attempted };
      }
      return { ok: true, runs, attempted };
    } catch (err) {
      // Writing the plan file failed: nothing ran.
      runs.push({
        purpose: request.purpose,
        executor: 'command',
        changes: [...request.changes],
        started_at: new Date().toISOString(),
        duration_ms: 0,
        ok: false,
        timed_out: false,
        error: `could not write the plan file: ${err instanceof Error ? err.message : String(err)}`,
      });
      return { ok: false, runs, attempted };
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true }).catch(() => {});
    }
  }

  private batches(request: ExecutionRequest): ComponentChange[][] {
    if (request.changes.length === 0) return [];
    return this.perComponent ? request.changes.map((c) => [c]) : [[...request.changes]];
  }

  private argvFor(
    request: ExecutionRequest,
    changes: readonly ComponentChange[],
    planFile: string,
  ): string[] {
    const { ref } = request;
    const single = this.perComponent ? changes[0] : undefined;
    return expandArgv(this.options.argv, {
      topology: ref.topology,
      cluster: ref.cluster,
      environ: ref.environ,
      role: ref.role ?? '',
      dsps: ref.dsps,
      component: single?.component ?? '',
      parallelism: single ? String(single.to) : '',
      plan_file: planFile,
    });
  }

  private async runOnce(
    request: ExecutionRequest,
    changes: ComponentChange[],
    planFile: string,
  ): Promise<ExecutorRun> {
    const startedMs = Date.now();
    const base = {
      purpose: request.purpose,
      executor: 'command' as const,
      changes,
      started_at: new Date(startedMs).toISOString(),
    };
    let argv: string[];
    try {
      argv = this.argvFor(request, changes, planFile);
    } catch (err) {
      return { ...base, duration_ms: 0, ok: false, timed_out: false, error: errorMessage(err) };
    }
    const result = await runProcess(argv, this.options.timeoutMs, this.options.killGraceMs ?? 2000);
    return {
      ...base,
      argv,
      duration_ms: Date.now() - startedMs,
      ok: result.exitCode === 0 && !result.timedOut && result.error === undefined,
      exit_code: result.exitCode,
      signal: result.signal,
      timed_out: result.timedOut,
      ...(result.error !== undefined ? { error: result.error } : {}),
      stdout_tail: result.stdout,
      stderr_tail: result.stderr,
    };
  }
}

interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  error?: string;
  stdout: string;
  stderr: string;
}

/** After the program exits, how long its output pipes may stay open (a leftover child holding them), ms. */
const PIPE_DRAIN_MS = 1000;

/**
 * Runs `argv` without a shell in its own process group, so a timeout kills what it started too. Resolves,
 * never rejects.
 */
function runProcess(argv: readonly string[], timeoutMs: number, killGraceMs: number): Promise<ProcessResult> {
  const [program, ...args] = argv as [string, ...string[]];
  const stdout = new OutputTail(OUTPUT_TAIL_BYTES);
  const stderr = new OutputTail(OUTPUT_TAIL_BYTES);
  return new Promise((resolve) => {
    let exitCode: number | null = null;
    let signal: string | null = null;
    let timedOut = false;
    let error: string | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(program, args, { shell: false, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      resolve({
        exitCode: null,
        signal: null,
        timedOut: false,
        error: errorMessage(err),
        stdout: '',
        stderr: '',
      });
      return;
    }

    const settle = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      resolve({
        exitCode,
        signal,
        timedOut,
        ...(error !== undefined ? { error } : {}),
        stdout: stdout.toString(),
        stderr: stderr.toString(),
      });
    };
    const kill = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig); // the whole group: the program and whatever it started
      } catch {
        child.kill(sig);
      }
    };

    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => {
      error = errorMessage(err);
      if (child.pid === undefined) settle(); // never started (ENOENT, EACCES…)
    });
    child.on('exit', (code, sig) => {
      exitCode = code;
      signal = sig;
      if (settled) return;
      timers.push(
        setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          settle();
        }, PIPE_DRAIN_MS),
      );
    });
    child.on('close', settle);
    timers.push(
      setTimeout(() => {
        timedOut = true;
        kill('SIGTERM');
        timers.push(setTimeout(() => kill('SIGKILL'), killGraceMs));
      }, timeoutMs),
    );
  });
}

function serialisePlan(plan: unknown): string | Uint8Array {
  if (typeof plan === 'string' || plan instanceof Uint8Array) return plan;
  return `${JSON.stringify(plan ?? null, null, 2)}\n`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

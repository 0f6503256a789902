import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandExecutor, DRY_RUN_PLAN_FILE, expandArgv } from '../../src/autoscaler/command-executor.js';
import type { ExecutionRequest } from '../../src/autoscaler/scaling-executor.js';
import { recordedRuns, recordingArgv, WORD_COUNT_REF } from './autoscaler-fixtures.js';

describe('command executor: an argument vector, never a shell', () => {
  let dir: string;
  let out: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'augur-command-test-'));
    out = join(dir, 'runs.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const request = (over: Partial<ExecutionRequest> = {}): ExecutionRequest => ({
    purpose: 'apply',
    evaluationId: 'e1',
    ref: WORD_COUNT_REF,
    changes: [
      { component: 'split', from: 2, to: 4 },
      { component: 'count', from: 3, to: 5 },
    ],
    plan: { id: 'new' },
    ...over,
  });

  it('runs once per changed component, each placeholder substituted inside its own argument', async () => {
    const executor = new CommandExecutor({
      argv: recordingArgv(
        out,
        'update',
        '{{cluster}}/{{role}}/{{environ}}',
        '{{topology}}',
        '--component-parallelism={{component}}:{{parallelism}}',
        '{{plan_file}}',
      ),
      timeoutMs: 10_000,
      tmpDir: dir,
    });
    const outcome = await executor.execute(request());
    expect(outcome.ok).toBe(true);
    expect(outcome.attempted.map((c) => c.component)).toEqual(['split', 'count']);
    const runs = recordedRuns(out);
    expect(runs.map((r) => r.argv.slice(0, 4))).toEqual([
      ['update', 'local/augur/default', 'WordCountTopology', '--component-parallelism=split:4'],
      ['update', 'local/augur/default', 'WordCountTopology', '--component-parallelism=count:5'],
    ]);
    // The plan file held the plan as JSON and is gone afterwards.
    expect(runs.map((r) => r.plan)).toEqual([{ id: 'new' }, { id: 'new' }]);
    expect(runs[0]?.argv[4]).toMatch(/augur-plan-.*plan\.json$/);
    expect(existsSync(runs[0]?.argv[4] as string)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('augur-plan-'))).toEqual([]);
    expect(outcome.runs[0]).toMatchObject({
      ok: true,
      exit_code: 0,
      timed_out: false,
      stdout_tail: 'out:5\n',
      stderr_tail: 'err:5\n',
      changes: [{ component: 'split', from: 2, to: 4 }],
    });
    expect(outcome.runs[0]?.argv?.[0]).toBe(process.execPath);
  });

  it('passes a value like `$(touch …); rm -rf` as one literal argument (no shell ran it)', async () => {
    const marker = join(dir, 'pwned');
    const hostile = `$(touch ${marker}); rm -rf ${dir}/*; echo \`id\` | cat > ${marker} && "quoted' arg`;
    const executor = new CommandExecutor({
      argv: recordingArgv(out, '{{component}}', 'x{{component}}x'),
      timeoutMs: 10_000,
    });
    const outcome = await executor.execute(request({ changes: [{ component: hostile, from: 1, to: 2 }] }));
    expect(outcome.ok).toBe(true);
    expect(recordedRuns(out).map((r) => r.argv)).toEqual([[hostile, `x${hostile}x`]]);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(out)).toBe(true); // nothing was removed
  });

  it('refuses a substituted value that would pose as an option, running nothing', async () => {
    const executor = new CommandExecutor({ argv: recordingArgv(out, '{{component}}'), timeoutMs: 10_000 });
    const outcome = await executor.execute(request({ changes: [{ component: '--force', from: 1, to: 2 }] }));
    expect(outcome.ok).toBe(false);
    expect(outcome.runs[0]?.error).toContain('would start with "-"');
    expect(recordedRuns(out)).toEqual([]);
  });

  it('runs once for the whole change when no per-component placeholder is used', async () => {
    const executor = new CommandExecutor({
      argv: recordingArgv(out, 'apply', '{{plan_file}}'),
      timeoutMs: 10_000,
    });
    const outcome = await executor.execute(request());
    expect(outcome.runs).toHaveLength(1);
    expect(outcome.runs[0]?.changes).toHaveLength(2);
    expect(recordedRuns(out)).toHaveLength(1);
  });

  it('stops at the first failing run and reports its exit code and output', async () => {
    const executor = new CommandExecutor({
      argv: recordingArgv(out, '{{component}}', '{{plan_file}}'),
      timeoutMs: 10_000,
    });
    const outcome = await executor.execute(request({ plan: { id: 'new', exit: 3 } }));
    expect(outcome.ok).toBe(false);
    expect(outcome.runs).toHaveLength(1);
    expect(outcome.attempted).toEqual([{ component: 'split', from: 2, to: 4 }]);
    expect(outcome.runs[0]).toMatchObject({
      ok: false,
      exit_code: 3,
      timed_out: false,
      stderr_tail: 'err:2\n',
    });
  });

  it('kills a run that outlives its timeout (SIGTERM)', async () => {
    const executor = new CommandExecutor({
      argv: [process.execPath, '-e', 'setInterval(() => {}, 1000)'],
      timeoutMs: 300,
    });
    const started = Date.now();
    const outcome = await executor.execute(request());
    expect(outcome.ok).toBe(false);
    expect(outcome.runs[0]).toMatchObject({ ok: false, timed_out: true, signal: 'SIGTERM', exit_code: null });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('follows with SIGKILL when the program ignores SIGTERM', async () => {
    const executor = new CommandExecutor({
      argv: [
        process.execPath,
        '-e',
        "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)",
      ],
      timeoutMs: 500,
      killGraceMs: 200,
    });
    const outcome = await executor.execute(request({ changes: [{ component: 'split', from: 2, to: 4 }] }));
    expect(outcome.runs[0]).toMatchObject({ timed_out: true, signal: 'SIGKILL', stdout_tail: 'ready\n' });
  });

  it('reports a program that does not exist without throwing', async () => {
    const executor = new CommandExecutor({ argv: [join(dir, 'no-such-program')], timeoutMs: 1000 });
    const outcome = await executor.execute(request());
    expect(outcome.ok).toBe(false);
    expect(outcome.runs[0]?.error).toContain('ENOENT');
  });

  it('describes a dry run without running anything', () => {
    const executor = new CommandExecutor({
      argv: recordingArgv(out, '{{component}}={{parallelism}}', '{{plan_file}}'),
      timeoutMs: 1000,
    });
    const planned = executor.describe(request());
    expect(planned.map((p) => p.argv?.slice(4, 6))).toEqual([
      ['split=4', DRY_RUN_PLAN_FILE],
      ['count=5', DRY_RUN_PLAN_FILE],
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('expandArgv never touches the program and leaves unknown braces alone', () => {
    const values = {
      topology: 't',
      component: 'c',
      parallelism: '3',
      plan_file: '/p',
      cluster: 'cl',
      environ: 'e',
      role: '',
      dsps: 'heron',
    };
    expect(expandArgv(['{{topology}}', '{{topology}}-{{role}}', '{{x}}'], values)).toEqual([
      '{{topology}}',
      't-',
      '{{x}}',
    ]);
  });
});

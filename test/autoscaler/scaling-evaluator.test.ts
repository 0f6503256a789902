import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AutoscalerServices, createAutoscaler } from '../../src/autoscaler/create-autoscaler.js';
import type { AdviseFn, LoopAdvice } from '../../src/autoscaler/loop-advice.js';
import { inFlightTtlMs, planDigest } from '../../src/autoscaler/scaling-evaluator.js';
import { ScalingHistoryStore } from '../../src/autoscaler/scaling-history-store.js';
import type { WebhookBody } from '../../src/autoscaler/webhook-executor.js';
import { autoscalerSchema } from '../../src/config/autoscaler-schema.js';
import { AppError } from '../../src/errors.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { recordedRuns, recordingArgv, sampleAdvice, WORD_COUNT_REF } from './autoscaler-fixtures.js';

describe('scaling evaluator: decide, execute, roll back, record (real Redis)', () => {
  const url = testRedisUrl();
  const prefixes: string[] = [];
  const open: Array<{ close(): Promise<void> }> = [];
  let dir: string;
  let server: Server;
  let hookUrl: string;
  const hookBodies: WebhookBody[] = [];
  /** Status the webhook answers for `apply` requests (rollbacks always get 200), and its delay. */
  let hookApply = { status: 200, delayMs: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'augur-evaluator-test-'));
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody;
        hookBodies.push(body);
        if (body.purpose === 'rollback') return res.writeHead(200).end('rolled back');
        setTimeout(() => res.writeHead(hookApply.status).end('applied?'), hookApply.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scale`;
  });

  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
    hookBodies.length = 0;
    hookApply = { status: 200, delayMs: 0 };
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
    for (const p of prefixes) await deleteKeysWithPrefix(url, p);
  });

  /** An autoscaler watching WordCountTopology with `executor`, on its own key prefix and queue. */
  function autoscaler(
    executor: Record<string, unknown>,
    advise: AdviseFn,
    options: {
      config?: Record<string, unknown>;
      topology?: Record<string, unknown>;
      nowMs?: () => number;
    } = {},
  ): { a: AutoscalerServices; store: ScalingHistoryStore } {
    const prefix = uniquePrefix('scaling-evaluator');
    prefixes.push(prefix);
    const config = autoscalerSchema.parse({
      enabled: true,
      queueName: uniquePrefix('autoscaler'),
      topologies: [{ ...WORD_COUNT_REF, ...options.topology, executor }],
      ...options.config,
    });
    const a = createAutoscaler({
      config,
      redisUrl: url,
      prefix,
      advise,
      logger: silentQueueLogger,
      ...(options.nowMs ? { nowMs: options.nowMs } : {}),
    });
    const store = new ScalingHistoryStore({ redis: url, prefix, historyLimit: 100 });
    open.push(a, store);
    return { a, store };
  }

  const always =
    (advice: LoopAdvice): AdviseFn =>
    async () =>
      advice;

  it('advisor mode records the scale-up it would make and runs nothing', async () => {
    const { a } = autoscaler({}, always(sampleAdvice()));
    const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(e).toMatchObject({
      action: 'scale',
      trigger: 'manual',
      executor: 'advisor',
      topology: 'WordCountTopology',
      role: 'augur',
      target_utilisation: 0.7,
      changes: [{ component: 'split', from: 2, to: 4 }],
      execution: { executor: 'advisor', status: 'advised', runs: [], plan_digest: planDigest({ id: 'new' }) },
    });
    expect(e.reasons.at(-1)).toBe('advisor mode: recorded, nothing run');
    // No change was made, so no cooldown: the next evaluation advises again.
    expect((await a.scheduler.evaluateNow(WORD_COUNT_REF)).action).toBe('scale');
    expect(await a.audit(WORD_COUNT_REF, 10)).toEqual([]);
  });

  it('sends the plan it decided, not the advice’s: a held scale-down stays where it is', async () => {
    const asked: Array<Record<string, number> | undefined> = [];
    const advice: LoopAdvice = {
      ...sampleAdvice(),
      components: [
        ...sampleAdvice().components,
        {
          component: 'count',
          kind: 'bolt',
          current_parallelism: 8,
          recommended_parallelism: 2,
          current_utilisation: 0.1,
          predicted_utilisation: 0.4,
          bound_by: 'target_utilisation',
          reasons: ['over-provisioned'],
        },
      ],
      plan: { split: 4, count: 2 },
    };
    const advise: AdviseFn = async (_ref, options) => {
      asked.push(options?.parallelism);
      // A plan that says which parallelism it was made for.
      return options?.parallelism ? { ...advice, plan: { ...options.parallelism } } : advice;
    };
    const { a } = autoscaler({ type: 'webhook', webhook: { url: hookUrl } }, advise);
    const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(e.changes).toEqual([{ component: 'split', from: 2, to: 4 }]);
    expect(e.components.find((c) => c.component === 'count')).toMatchObject({ to: 8 });
    expect(asked).toEqual([undefined, { split: 4, count: 8 }]);
    expect(hookBodies[0]?.plan).toEqual({ split: 4, count: 8 });
    expect(e.execution?.plan_digest).toBe(planDigest({ split: 4, count: 8 }));
  });

  it('never applies one change twice: of two evaluations racing for it, the second sees the first’s change', async () => {
    // split scales up; count is held in the band, so each evaluation asks for a plan of exactly what it decided —
    // the first such call answers at once, the second late: it decided before the first change and reaches the
    // marker after the first released it.
    const advice: LoopAdvice = {
      ...sampleAdvice(),
      components: [
        ...sampleAdvice().components,
        {
          component: 'count',
          kind: 'bolt',
          current_parallelism: 4,
          recommended_parallelism: 5,
          current_utilisation: 0.72,
          predicted_utilisation: 0.6,
          bound_by: 'target_utilisation',
          reasons: [],
        },
      ],
    };
    let pinned = 0;
    const advise: AdviseFn = async (_ref, options) => {
      if (options?.parallelism) await new Promise((r) => setTimeout(r, pinned++ === 0 ? 5 : 400));
      return advice;
    };
    const { a } = autoscaler({ type: 'webhook', webhook: { url: hookUrl } }, advise);
    const [first, second] = await Promise.all([
      a.scheduler.evaluateNow(WORD_COUNT_REF),
      a.scheduler.evaluateNow(WORD_COUNT_REF),
    ]);
    const applied = [first, second].filter((e) => e.execution?.status === 'applied');
    expect(applied).toHaveLength(1);
    expect(hookBodies.filter((b) => b.purpose === 'apply')).toHaveLength(1);
    const other = applied[0] === first ? second : first;
    expect(['cooldown', 'in_flight']).toContain(other.action);
  });

  it('runs the command, audits it, then holds later changes for the cooldown', async () => {
    const out = join(dir, 'applied.jsonl');
    const { a } = autoscaler(
      { type: 'command', command: { argv: recordingArgv(out, '{{component}}', '{{parallelism}}') } },
      always(sampleAdvice()),
    );
    const first = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(first.execution).toMatchObject({ executor: 'command', status: 'applied' });
    expect(recordedRuns(out).map((r) => r.argv)).toEqual([['split', '4']]);

    const second = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(second.action).toBe('cooldown');
    expect(Date.parse(second.cooldown_until ?? '')).toBeGreaterThan(Date.now() + 590_000);
    expect(second.execution).toBeUndefined();
    expect(recordedRuns(out)).toHaveLength(1);

    const [entry] = await a.audit(WORD_COUNT_REF, 10);
    expect(entry).toMatchObject({
      evaluation_id: first.id,
      purpose: 'apply',
      executor: 'command',
      exit_code: 0,
      ok: true,
      trigger: 'manual',
      topology: 'WordCountTopology',
      changes: [{ component: 'split', from: 2, to: 4 }],
    });
    expect(entry?.who).toMatch(/\/\d+$/);
    expect(entry?.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('a non-zero exit rolls back: the same command runs with the previous plan and parallelism', async () => {
    const out = join(dir, 'rollback.jsonl');
    const { a } = autoscaler(
      {
        type: 'command',
        command: { argv: recordingArgv(out, '{{component}}', '{{parallelism}}', '{{plan_file}}') },
      },
      always({ ...sampleAdvice(), plan: { id: 'new', exit: 3 } }),
    );
    const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(e.action).toBe('scale');
    expect(e.execution).toMatchObject({
      status: 'failed',
      runs: [{ purpose: 'apply', ok: false, exit_code: 3 }],
      rollback: {
        status: 'succeeded',
        plan_digest: planDigest({ id: 'old' }),
        runs: [
          { purpose: 'rollback', ok: true, exit_code: 0, changes: [{ component: 'split', from: 4, to: 2 }] },
        ],
      },
    });
    expect(e.reasons.at(-1)).toBe('the command executor failed (exit code 3); rollback succeeded');
    const runs = recordedRuns(out);
    expect(runs.map((r) => [r.argv.slice(0, 2), r.plan])).toEqual([
      [['split', '4'], { id: 'new', exit: 3 }],
      [['split', '2'], { id: 'old' }],
    ]);
    // Newest first: the rollback, then the failed change.
    const audit = await a.audit(WORD_COUNT_REF, 10);
    expect(audit.map((x) => [x.purpose, x.exit_code])).toEqual([
      ['rollback', 0],
      ['apply', 3],
    ]);
    // A failed change still starts the cooldown.
    expect((await a.scheduler.evaluateNow(WORD_COUNT_REF)).action).toBe('cooldown');
  });

  it('a 500 from the webhook rolls back by POSTing the previous plan', async () => {
    hookApply = { status: 500, delayMs: 0 };
    const { a } = autoscaler({ type: 'webhook', webhook: { url: hookUrl } }, always(sampleAdvice()));
    const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(e.execution).toMatchObject({
      status: 'failed',
      runs: [{ http_status: 500, ok: false }],
      rollback: { status: 'succeeded', runs: [{ http_status: 200, ok: true }] },
    });
    expect(hookBodies.map((b) => [b.purpose, b.plan, b.components])).toEqual([
      ['apply', { id: 'new' }, [{ component: 'split', from: 2, to: 4 }]],
      ['rollback', { id: 'old' }, [{ component: 'split', from: 4, to: 2 }]],
    ]);
  });

  it('a webhook timeout rolls back too', async () => {
    hookApply = { status: 200, delayMs: 2000 };
    const { a } = autoscaler(
      { type: 'webhook', timeoutMs: 200, webhook: { url: hookUrl } },
      always(sampleAdvice()),
    );
    const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(e.execution).toMatchObject({
      status: 'failed',
      runs: [{ timed_out: true }],
      rollback: { status: 'succeeded' },
    });
    expect(e.reasons.at(-1)).toContain('timed out');
  });

  it('skips the rollback when the advice has no current plan to return to', async () => {
    hookApply = { status: 503, delayMs: 0 };
    const { current_plan: _, ...withoutCurrent } = sampleAdvice();
    const { a } = autoscaler({ type: 'webhook', webhook: { url: hookUrl } }, always(withoutCurrent));
    const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(e.execution?.rollback).toEqual({
      status: 'skipped',
      reason: 'the advice carried no current plan to return to',
      runs: [],
    });
    expect(hookBodies.map((b) => b.purpose)).toEqual(['apply']);
  });

  it('a dry run records the argument vectors it would run, runs nothing and starts no cooldown', async () => {
    const out = join(dir, 'dry.jsonl');
    const { a } = autoscaler(
      {
        type: 'command',
        dryRun: true,
        command: { argv: recordingArgv(out, '{{component}}', '{{parallelism}}', '{{plan_file}}') },
      },
      always(sampleAdvice()),
    );
    const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(e).toMatchObject({ action: 'scale', dry_run: true, execution: { status: 'dry_run', runs: [] } });
    expect(e.execution?.planned?.map((p) => p.argv?.slice(4, 7))).toEqual([['split', '4', '<plan file>']]);
    expect(existsSync(out)).toBe(false);
    expect((await a.scheduler.evaluateNow(WORD_COUNT_REF)).action).toBe('scale');
    expect(await a.audit(WORD_COUNT_REF, 10)).toEqual([]);
  });

  it('holds a change while the in-flight marker is held, and changes once it is released', async () => {
    const out = join(dir, 'inflight.jsonl');
    const { a, store } = autoscaler(
      { type: 'command', command: { argv: recordingArgv(out, '{{parallelism}}') } },
      always(sampleAdvice()),
    );
    expect(await store.acquireInFlight(WORD_COUNT_REF, 'someone-else', 60_000)).toBe(true);
    const held = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(held.action).toBe('in_flight');
    expect(held.reasons.at(-1)).toBe('another change of this topology is running');
    expect(recordedRuns(out)).toEqual([]);

    await store.releaseInFlight(WORD_COUNT_REF, 'someone-else');
    expect((await a.scheduler.evaluateNow(WORD_COUNT_REF)).execution?.status).toBe('applied');
    expect(await store.inFlight(WORD_COUNT_REF)).toBe(false); // released after the change
  });

  it('the in-flight marker expires, so a crashed worker cannot block the topology for good', async () => {
    const { store } = autoscaler({}, always(sampleAdvice()));
    expect(await store.acquireInFlight(WORD_COUNT_REF, 'crashed', 150)).toBe(true);
    expect(await store.acquireInFlight(WORD_COUNT_REF, 'other', 60_000)).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await store.inFlight(WORD_COUNT_REF)).toBe(false);
    // Its TTL covers every run of a change and of its rollback timing out.
    expect(inFlightTtlMs(2, 30_000)).toBe(2 * 2 * 35_000 + 60_000);
  });

  it('scales down once the stabilization window has been observed, to its highest recommendation', async () => {
    let now = Date.UTC(2030, 0, 1);
    const recommendations = [4, 5, 3, 3, 2];
    let i = 0;
    const advise: AdviseFn = async () =>
      sampleAdvice({
        current_parallelism: 6,
        recommended_parallelism: recommendations[i++] ?? 2,
        current_utilisation: 0.2,
      });
    const { a } = autoscaler({}, advise, {
      config: { reevaluateSec: 300, scaleDownStabilizationSec: 900 },
      nowMs: () => now,
    });
    const actions: string[] = [];
    for (let step = 0; step < 5; step += 1) {
      const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
      actions.push(e.action === 'scale' ? `scale ${e.changes[0]?.from}→${e.changes[0]?.to}` : e.action);
      now += 300_000;
    }
    // t = 0, 300, 600 s: waiting; 900 s: window [0, 900] observed, max(4, 5, 3, 3) = 5; 1200 s: max(5, 3, 3, 2).
    expect(actions).toEqual(['stabilizing', 'stabilizing', 'stabilizing', 'scale 6→5', 'scale 6→5']);
  });

  it.each([
    [
      'an AppError keeps its code',
      async () => {
        throw new AppError('METRICS_UNAVAILABLE', 'tracker.example did not answer');
      },
      { code: 'METRICS_UNAVAILABLE', message: 'tracker.example did not answer' },
    ],
    [
      'an unexpected error is INTERNAL, its message hidden',
      async () => {
        throw new TypeError('secret detail');
      },
      { code: 'INTERNAL', message: 'Internal error' },
    ],
    [
      'a malformed advice is MODEL_FAILED and never executed',
      async () => sampleAdvice({ recommended_parallelism: 0 }),
      {
        code: 'MODEL_FAILED',
        message:
          'The scaling advice is malformed: components.0.recommended_parallelism: Too small: expected number to be >=1',
      },
    ],
  ] as Array<[string, AdviseFn, { code: string; message: string }]>)(
    'records a failed advice as an evaluation: %s',
    async (_what, advise, error) => {
      const out = join(dir, 'never.jsonl');
      const { a } = autoscaler({ type: 'command', command: { argv: recordingArgv(out) } }, advise);
      const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
      expect(e).toMatchObject({
        action: 'error',
        error,
        components: [],
        changes: [],
        target_utilisation: null,
      });
      expect(await a.history(WORD_COUNT_REF, 10)).toEqual([e]);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('hands the configured target to the advice and centres the band on it', async () => {
    const seen: unknown[] = [];
    const advise: AdviseFn = async (ref, options) => {
      seen.push([ref.topology, options]);
      return sampleAdvice();
    };
    const { a } = autoscaler({}, advise, { topology: { targetUtilisation: 0.9 } });
    const e = await a.scheduler.evaluateNow(WORD_COUNT_REF);
    expect(seen).toEqual([['WordCountTopology', { targetUtilisation: 0.9 }]]);
    // The busiest instance's 0.95 is within 0.9 ± 0.09.
    expect(e).toMatchObject({ action: 'hold', target_utilisation: 0.9 });
    expect(e.components[0]?.verdict).toBe('within_band');
  });

  it('refuses to evaluate a topology it does not watch', async () => {
    const { a } = autoscaler({}, always(sampleAdvice()));
    await expect(a.scheduler.evaluateNow({ ...WORD_COUNT_REF, topology: 'Other' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

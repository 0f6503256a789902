import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoscalerScheduler } from '../../src/autoscaler/autoscaler-scheduler.js';
import { createAutoscaler } from '../../src/autoscaler/create-autoscaler.js';
import type { Evaluation } from '../../src/autoscaler/evaluation.js';
import { ScalingEvaluator } from '../../src/autoscaler/scaling-evaluator.js';
import { ScalingHistoryStore } from '../../src/autoscaler/scaling-history-store.js';
import { autoscalerSchema } from '../../src/config/autoscaler-schema.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { recordedRuns, sampleAdvice, WORD_COUNT_REF, waitFor } from './autoscaler-fixtures.js';

describe('autoscaler scheduler: a BullMQ job scheduler per watched topology', () => {
  const url = testRedisUrl();
  const prefixes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'augur-scheduler-test-'));

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    for (const p of prefixes) await deleteKeysWithPrefix(url, p);
  });

  const fresh = () => {
    const prefix = uniquePrefix('autoscaler-scheduler');
    prefixes.push(prefix);
    return { prefix, queueName: uniquePrefix('autoscaler') };
  };

  it('evaluates a watched topology every reevaluateSec and records each evaluation', async () => {
    const { prefix, queueName } = fresh();
    let calls = 0;
    const a = createAutoscaler({
      config: autoscalerSchema.parse({
        enabled: true,
        queueName,
        reevaluateSec: 1,
        topologies: [WORD_COUNT_REF],
      }),
      redisUrl: url,
      prefix,
      advise: async () => {
        calls += 1;
        return sampleAdvice();
      },
      logger: silentQueueLogger,
    });
    try {
      await a.scheduler.sync();
      a.scheduler.startWorker();
      let history: Evaluation[] = [];
      await waitFor(async () => {
        history = await a.history(WORD_COUNT_REF, 10);
        return history.length >= 2;
      }, 8000);
      expect(history.every((e) => e.trigger === 'schedule' && e.action === 'scale')).toBe(true);
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(Date.parse(history[0]?.at ?? '')).toBeGreaterThan(Date.parse(history[1]?.at ?? ''));
    } finally {
      await a.close();
    }
  });

  it('the in-flight marker blocks a second change while the first still runs', async () => {
    const { prefix, queueName } = fresh();
    const out = join(dir, 'slow.jsonl');
    // Records its start, then takes 2.5 s: longer than two evaluation intervals.
    const slow = `require('node:fs').appendFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(1), plan: null }) + '\\n'); setTimeout(() => {}, 2500);`;
    const a = createAutoscaler({
      config: autoscalerSchema.parse({
        enabled: true,
        queueName,
        reevaluateSec: 1,
        cooldownSec: 0, // only the marker can stop the second change
        topologies: [
          {
            ...WORD_COUNT_REF,
            executor: {
              type: 'command',
              command: { argv: [process.execPath, '-e', slow, '--', '{{parallelism}}'] },
            },
          },
        ],
      }),
      redisUrl: url,
      prefix,
      advise: async () => sampleAdvice(),
      logger: silentQueueLogger,
    });
    try {
      await a.scheduler.sync();
      a.scheduler.startWorker();
      let history: Evaluation[] = [];
      await waitFor(async () => {
        history = await a.history(WORD_COUNT_REF, 20);
        return history.some((e) => e.action === 'in_flight') && history.some((e) => e.execution);
      }, 10_000);
      const blocked = history.filter((e) => e.action === 'in_flight');
      const applied = history.filter((e) => e.execution?.status === 'applied');
      expect(applied.length).toBeGreaterThanOrEqual(1);
      expect(blocked.length).toBeGreaterThanOrEqual(1);
      // Every blocked evaluation started while the first change ran.
      const firstApplied = applied.at(-1) as Evaluation;
      const firstStart = Date.parse(firstApplied.at);
      for (const b of blocked) {
        expect(Date.parse(b.at)).toBeGreaterThan(firstStart);
        expect(b.execution).toBeUndefined();
      }
      // Changes never overlapped: each run started after the previous one ended.
      const runs = history
        .flatMap((e) => e.execution?.runs ?? [])
        .map((r) => [Date.parse(r.started_at), Date.parse(r.started_at) + r.duration_ms] as const)
        .sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < runs.length; i += 1) {
        expect(runs[i]?.[0]).toBeGreaterThanOrEqual(runs[i - 1]?.[1] ?? 0);
      }
      // (A later change may have started since.)
      expect(recordedRuns(out).length).toBeGreaterThanOrEqual(runs.length);
    } finally {
      await a.close();
    }
  });

  it('sync upserts the configured topologies and removes the ones dropped or disabled', async () => {
    const { prefix, queueName } = fresh();
    const other = { ...WORD_COUNT_REF, topology: 'Other' };
    const store = new ScalingHistoryStore({ redis: url, prefix, historyLimit: 10 });
    const scheduler = (config: Record<string, unknown>) => {
      const parsed = autoscalerSchema.parse({ enabled: true, queueName, reevaluateSec: 3600, ...config });
      return new AutoscalerScheduler({
        redisUrl: url,
        prefix,
        config: parsed,
        evaluator: new ScalingEvaluator({
          config: parsed,
          store,
          advise: async () => sampleAdvice(),
          logger: silentQueueLogger,
        }),
        logger: silentQueueLogger,
      });
    };
    const both = scheduler({ topologies: [WORD_COUNT_REF, other] });
    const one = scheduler({ topologies: [other] });
    const off = scheduler({ enabled: false, topologies: [other] });
    try {
      await both.sync();
      expect(await both.schedulerIds()).toEqual(
        [AutoscalerScheduler.schedulerId(other), AutoscalerScheduler.schedulerId(WORD_COUNT_REF)].sort(),
      );
      await one.sync();
      expect(await one.schedulerIds()).toEqual([AutoscalerScheduler.schedulerId(other)]);
      // A job already queued for a dropped topology removes its scheduler and evaluates nothing.
      expect(await one.process(WORD_COUNT_REF)).toBeUndefined();
      expect(await store.evaluations(WORD_COUNT_REF, 10)).toEqual([]);
      await off.sync();
      expect(await off.schedulerIds()).toEqual([]);
      // Redis lost the schedulers (restarted empty): the periodic check re-creates the configured ones only.
      await both.sync();
      const { Queue } = await import('bullmq');
      const raw = new Queue(queueName, { connection: { url }, prefix });
      await raw.removeJobScheduler(AutoscalerScheduler.schedulerId(WORD_COUNT_REF));
      await raw.close();
      expect(await both.restoreMissing()).toEqual([AutoscalerScheduler.schedulerId(WORD_COUNT_REF)]);
      expect(await both.schedulerIds()).toContain(AutoscalerScheduler.schedulerId(WORD_COUNT_REF));
      expect(await both.restoreMissing()).toEqual([]);
    } finally {
      await both.close();
      await one.close();
      await off.close();
      await store.close();
    }
  });
});

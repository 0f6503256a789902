import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAutoscaler } from '../../src/autoscaler/create-autoscaler.js';
import type { Evaluation } from '../../src/autoscaler/evaluation.js';
import { ScalingHistoryStore } from '../../src/autoscaler/scaling-history-store.js';
import { autoscalerSchema } from '../../src/config/autoscaler-schema.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { recordingArgv, sampleAdvice, WORD_COUNT_REF } from './autoscaler-fixtures.js';

describe('scaling history: kept in Redis across restarts, newest first, capped', () => {
  const url = testRedisUrl();
  const prefix = uniquePrefix('scaling-history');
  const dir = mkdtempSync(join(tmpdir(), 'augur-history-test-'));

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deleteKeysWithPrefix(url, prefix);
  });

  const config = autoscalerSchema.parse({
    enabled: true,
    queueName: uniquePrefix('autoscaler'),
    historyLimit: 3,
    topologies: [
      {
        ...WORD_COUNT_REF,
        executor: {
          type: 'command',
          command: { argv: recordingArgv(join(dir, 'runs.jsonl'), '{{parallelism}}') },
        },
      },
    ],
  });
  const start = () =>
    createAutoscaler({
      config,
      redisUrl: url,
      prefix,
      advise: async () => sampleAdvice(),
      logger: silentQueueLogger,
    });

  it('a re-created autoscaler sees the evaluations, audit and cooldown of the one before', async () => {
    const before = start();
    let applied: Evaluation;
    try {
      applied = await before.scheduler.evaluateNow(WORD_COUNT_REF);
      expect(applied.execution?.status).toBe('applied');
    } finally {
      await before.close();
    }

    const after = start();
    try {
      expect(await after.history(WORD_COUNT_REF, 10)).toEqual([applied]);
      expect((await after.audit(WORD_COUNT_REF, 10)).map((a) => a.evaluation_id)).toEqual([applied.id]);
      // The change before the restart still cools the topology down.
      const next = await after.scheduler.evaluateNow(WORD_COUNT_REF);
      expect(next.action).toBe('cooldown');
      const history = await after.history(WORD_COUNT_REF, 10);
      expect(history.map((e) => e.id)).toEqual([next.id, applied.id]);
      // Other topologies have their own history.
      expect(await after.history({ ...WORD_COUNT_REF, role: undefined }, 10)).toEqual([]);
    } finally {
      await after.close();
    }
  });

  it('keeps historyLimit evaluations per topology and answers at most `limit`', async () => {
    const a = start();
    try {
      for (let i = 0; i < 4; i += 1) await a.scheduler.evaluateNow(WORD_COUNT_REF);
      const all = await a.history(WORD_COUNT_REF, 100);
      expect(all).toHaveLength(3);
      expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());
      expect(await a.history(WORD_COUNT_REF, 2)).toEqual(all.slice(0, 2));
    } finally {
      await a.close();
    }
  });

  it('skips stored entries it cannot read, or that are not evaluations, instead of failing the whole history', async () => {
    const scaler = createAutoscaler({
      config: autoscalerSchema.parse({
        enabled: true,
        queueName: uniquePrefix('autoscaler'),
        topologies: [{ ...WORD_COUNT_REF }],
      }),
      redisUrl: url,
      prefix: `${prefix}-raw`,
      advise: async () => sampleAdvice(),
      logger: silentQueueLogger,
    });
    const store = new ScalingHistoryStore({ redis: url, prefix: `${prefix}-raw`, historyLimit: 10 });
    try {
      const real = await scaler.scheduler.evaluateNow(WORD_COUNT_REF);
      await store.appendEvaluation(WORD_COUNT_REF, { id: 'x', at: 'yesterday' } as unknown as Evaluation);
      const { Redis } = await import('ioredis');
      const raw = new Redis(url);
      await raw.lpush(
        `${prefix}-raw:scaling:eval:${ScalingHistoryStore.topologyKey(WORD_COUNT_REF)}`,
        '{broken',
      );
      await raw.quit();
      expect(await store.evaluations(WORD_COUNT_REF, 10)).toEqual([real]);
    } finally {
      await scaler.close();
      await store.close();
      await deleteKeysWithPrefix(url, `${prefix}-raw`);
    }
  });
});

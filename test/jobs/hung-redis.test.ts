import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import { buildTestApp } from '../support/build-test-app.js';
import { uniquePrefix } from '../support/redis.js';

/** A "Redis" that accepts connections and never answers, as a SIGSTOPped one does. */
async function hungRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return {
    url: `redis://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** How long `run` takes to settle, ms, and how. */
async function timed(run: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  let error: unknown;
  try {
    await run();
  } catch (err) {
    error = err;
  }
  return { ms: performance.now() - started, error };
}

describe('a hung Redis answers fast', () => {
  let redis: Awaited<ReturnType<typeof hungRedis>>;
  beforeAll(async () => {
    redis = await hungRedis();
  });
  afterAll(() => redis.close());

  it('fails enqueue, poll and ping with QUEUE_UNAVAILABLE within the deadline (1 s)', async () => {
    const config = parseConfig({ redis: { url: redis.url }, queue: { name: uniquePrefix('hung') } });
    const queue = new BullmqJobQueue(config, { logger: silentQueueLogger });
    const job = {
      modelId: 'traffic-hung',
      aspect: 'traffic' as const,
      ref: { dsps: 'heron' as const, cluster: 'local', environ: 'default', topology: 'T' },
      models: ['summary'],
      params: { kind: 'summary' } as never,
      requestedAtSec: 0,
      createdAt: new Date(0).toISOString(),
    };
    try {
      for (const call of [
        () => queue.ping(),
        () => queue.getStatus('traffic-hung'),
        () => queue.enqueue(job),
      ]) {
        const { ms, error } = await timed(call);
        expect(error).toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
        expect(ms).toBeLessThan(1500);
      }
    } finally {
      await redis.close().catch(() => {});
      await queue.close();
    }
  });

  it('/ready answers 503 within about a second, naming the queue, and a model request 503', async () => {
    const again = await hungRedis();
    const t = await buildTestApp(
      { redis: { url: again.url }, queue: { name: uniquePrefix('hung-api') } },
      { worker: false },
    );
    try {
      const started = performance.now();
      const ready = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(performance.now() - started).toBeLessThan(1500);
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks['queue (redis)']).toMatchObject({ ok: false });
      expect(ready.json().checks['heron metrics (snapshot)']).toMatchObject({ ok: true });
      const asked = await timed(async () => {
        const res = await t.app.inject({ method: 'GET', url: '/model/traffic/heron/WordCountTopology' });
        expect(res.statusCode).toBe(503);
        expect(res.json().code).toBe('QUEUE_UNAVAILABLE');
      });
      expect(asked.error).toBeUndefined();
      expect(asked.ms).toBeLessThan(1500);
    } finally {
      await again.close();
      await t.close();
    }
  });
});

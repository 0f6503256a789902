import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

const TOPOLOGY = '/topologies/heron/WordCountTopology';
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

describe('rate limits per key, shared by API replicas through Redis', () => {
  const prefix = uniquePrefix('rate-limit');
  let redis: Redis;
  let replicas: TestApp[];
  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    const config = {
      redis: { prefix },
      server: {
        rateLimit: { max: 3, windowMs: 60_000 },
        auth: {
          keys: [
            { name: 'a', sha256: sha256('key-a'), scopes: ['read' as const] },
            { name: 'b', sha256: sha256('key-b'), scopes: ['read' as const] },
          ],
        },
      },
    };
    replicas = [
      await buildTestApp(config, { worker: false, rateLimitRedis: redis }),
      await buildTestApp(config, { worker: false, rateLimitRedis: redis }),
    ];
  });
  afterAll(async () => {
    for (const r of replicas) await r.close();
    await redis.quit();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  const get = (replica: number, url: string, key?: string) =>
    (replicas[replica] as TestApp).app.inject({
      method: 'GET',
      url,
      headers: key ? { 'x-api-key': key } : {},
    });

  it('counts one key across replicas and answers 429 RATE_LIMITED with Retry-After past the limit', async () => {
    expect((await get(0, TOPOLOGY, 'key-a')).statusCode).toBe(200);
    expect((await get(1, TOPOLOGY, 'key-a')).statusCode).toBe(200);
    expect((await get(0, TOPOLOGY, 'key-a')).statusCode).toBe(200);
    const limited = await get(1, TOPOLOGY, 'key-a');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 3 } });
    expect(limited.json().message).toMatch(/retry in \d+ s/);
  });

  it('gives another key its own allowance, and never limits the probes', async () => {
    expect((await get(0, TOPOLOGY, 'key-b')).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await get(0, '/health')).statusCode).toBe(200);
  });
});

describe('load shedding', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A heap cap every process is over: each limited request is refused, as under real memory pressure.
    t = await buildTestApp(
      { server: { underPressure: { maxHeapUsedBytes: 1, retryAfterSec: 7 } } },
      { worker: false },
    );
    // under-pressure samples memory every second or so.
    await new Promise((r) => setTimeout(r, 1500));
  });
  afterAll(() => t.close());

  it('answers 503 OVERLOADED with Retry-After, but keeps /health answering', async () => {
    const res = await t.app.inject({ method: 'GET', url: TOPOLOGY });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toMatchObject({
      code: 'OVERLOADED',
      details: { reason: 'heapUsedBytes', retry_after_sec: 7 },
    });
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

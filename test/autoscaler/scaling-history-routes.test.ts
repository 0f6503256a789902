import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AppDependencies } from '../../src/api/app-dependencies.js';
import errorHandler from '../../src/api/plugins/error-handler.js';
import {
  type ScalingHistoryRouteDependencies,
  scalingHistoryRoutes,
} from '../../src/api/routes/scaling-history-routes.js';
import { createAutoscaler } from '../../src/autoscaler/create-autoscaler.js';
import type { Evaluation } from '../../src/autoscaler/evaluation.js';
import { autoscalerSchema } from '../../src/config/autoscaler-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { sampleAdvice, WORD_COUNT_REF } from './autoscaler-fixtures.js';

// The app's dependencies satisfy the route's, so `app.register(scalingHistoryRoutes, deps)` type-checks.
const _appDepsFit = (deps: AppDependencies): ScalingHistoryRouteDependencies => deps;
void _appDepsFit;

const notCalled = async (): Promise<never> => {
  throw new Error('evaluateNow was not expected');
};

describe('GET /scaling/{dsps}/{topology}/history and POST …/evaluate', () => {
  const config = parseConfig({ defaults: { heron: { role: 'augur' } } });
  const apps: FastifyInstance[] = [];

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  async function build(autoscaler?: ScalingHistoryRouteDependencies['autoscaler']): Promise<FastifyInstance> {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(errorHandler);
    await app.register(scalingHistoryRoutes, { config, ...(autoscaler ? { autoscaler } : {}) });
    apps.push(app);
    return app;
  }

  it('answers enabled: false and no evaluations when the loop is off', async () => {
    const app = await build();
    const res = await app.inject({ method: 'GET', url: '/scaling/heron/WordCountTopology/history' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      enabled: false,
      dsps: 'heron',
      cluster: 'local',
      environ: 'default',
      role: 'augur',
      topology: 'WordCountTopology',
      evaluations: [],
    });
  });

  it('asks the loop for the topology the query names, defaults filled in', async () => {
    const asked: Array<[TopologyRef, number]> = [];
    const app = await build({
      history: async (ref, limit) => {
        asked.push([ref, limit]);
        return [];
      },
      evaluateNow: notCalled,
    });
    await app.inject({ method: 'GET', url: '/scaling/storm/wc/history' });
    await app.inject({
      method: 'GET',
      url: '/scaling/heron/wc/history?limit=5&cluster=prod&environ=live&role=ops',
    });
    expect(asked).toEqual([
      [{ dsps: 'storm', cluster: 'local', environ: 'default', topology: 'wc' }, 100],
      [{ dsps: 'heron', cluster: 'prod', environ: 'live', role: 'ops', topology: 'wc' }, 5],
    ]);
  });

  it.each([
    ['limit=0', 'query.limit: limit must be at least 1'],
    ['limit=1001', 'query.limit: limit must be at most 1000'],
    ['limit=2.5', 'query.limit: limit must be a whole number'],
    ['cluster=a/b', 'query.cluster'],
    ['since=1', 'query: unknown parameter "since"'],
  ])('rejects ?%s with a 400 naming the field', async (query, message) => {
    const app = await build({ history: async () => [], evaluateNow: notCalled });
    const res = await app.inject({ method: 'GET', url: `/scaling/heron/wc/history?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST' });
    expect(res.json().message).toContain(message);
  });

  it('POST …/evaluate answers 409 when the loop is off', async () => {
    const app = await build();
    const res = await app.inject({ method: 'POST', url: '/scaling/heron/WordCountTopology/evaluate' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'AUTOSCALER_DISABLED' });
  });

  it('rejects an unknown stream-processing system', async () => {
    const app = await build({ history: async () => [], evaluateNow: notCalled });
    const res = await app.inject({ method: 'GET', url: '/scaling/flink/wc/history' });
    expect(res.statusCode).toBe(400);
  });

  describe('on a real autoscaler', () => {
    const url = testRedisUrl();
    const prefix = uniquePrefix('scaling-history-routes');
    afterAll(() => deleteKeysWithPrefix(url, prefix));

    it('answers the recorded evaluations, newest first, as recorded', async () => {
      const a = createAutoscaler({
        config: autoscalerSchema.parse({
          enabled: true,
          queueName: uniquePrefix('autoscaler'),
          topologies: [WORD_COUNT_REF],
        }),
        redisUrl: url,
        prefix,
        advise: async () => sampleAdvice(),
        logger: silentQueueLogger,
      });
      try {
        const first = await a.scheduler.evaluateNow(WORD_COUNT_REF);
        const second = await a.scheduler.evaluateNow(WORD_COUNT_REF);
        const app = await build({
          history: (ref, limit) => a.history(ref, limit),
          evaluateNow: (ref) => a.scheduler.evaluateNow(ref),
        });
        const res = await app.inject({
          method: 'GET',
          url: '/scaling/heron/WordCountTopology/history?limit=10',
        });
        expect(res.statusCode).toBe(200);
        const body = res.json() as { enabled: boolean; evaluations: Evaluation[] };
        expect(body.enabled).toBe(true);
        expect(body.evaluations).toEqual([second, first]);
        // POST …/evaluate runs one more, manually, and the history shows it first
        const manual = await app.inject({ method: 'POST', url: '/scaling/heron/WordCountTopology/evaluate' });
        expect(manual.statusCode).toBe(200);
        expect(manual.json()).toMatchObject({ trigger: 'manual', topology: 'WordCountTopology' });
        const after = await app.inject({ method: 'GET', url: '/scaling/heron/WordCountTopology/history' });
        expect((after.json() as { evaluations: Evaluation[] }).evaluations[0]?.id).toBe(manual.json().id);
        const unwatched = await app.inject({ method: 'POST', url: '/scaling/heron/Other/evaluate' });
        expect(unwatched.statusCode).toBe(400);
        expect(unwatched.json().message).toMatch(/not watched by the autoscaler/);
      } finally {
        await a.close();
      }
    });
  });
});

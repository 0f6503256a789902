import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, toErrorBody } from '../../errors.js';
import { withDeadline } from '../../jobs/with-deadline.js';
import { MISSED_BEATS } from '../../jobs/worker-heartbeat.js';
import type { AppDependencies } from '../app-dependencies.js';

const checkSchema = z.object({ ok: z.boolean(), detail: z.string().optional() });
const readySchema = z
  .object({ status: z.enum(['ready', 'not ready']), checks: z.record(z.string(), checkSchema) })
  .meta({ id: 'Readiness' });

/** One dependency's answer, or its failure — a hung one included, after `deadlineMs`. */
async function check(probe: () => Promise<void>, deadlineMs: number): Promise<z.infer<typeof checkSchema>> {
  try {
    await withDeadline(probe(), deadlineMs, () => new Error(`no answer within ${deadlineMs} ms`));
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: toErrorBody(err).message };
  }
}

/** At least one worker process sent a heartbeat within MISSED_BEATS × `queue.heartbeatIntervalMs`. */
async function assertWorkersAlive(deps: AppDependencies): Promise<void> {
  if ((await deps.queue.liveWorkers()) > 0) return;
  const windowSec = (MISSED_BEATS * deps.config.queue.heartbeatIntervalMs) / 1000;
  throw new AppError('QUEUE_UNAVAILABLE', `no worker sent a heartbeat in the last ${windowSec} s`);
}

/** Liveness and readiness probes. */
export const healthRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  app.get(
    '/health',
    {
      // Probes arrive every few seconds: their request lines would drown the log.
      logLevel: 'debug',
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      logLevel: 'debug',
      schema: {
        tags: ['health'],
        summary: 'The queue store and every metrics source answer, and (with Redis) a worker is alive',
        security: [],
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      // Every dependency at once, each with a deadline: a hung one makes /ready say which, within about 1 s.
      const deadlineMs = deps.config.redis.requestDeadlineMs;
      const probes: Array<[string, () => Promise<void>]> = [
        [`queue (${deps.queue.mode})`, () => deps.queue.ping()],
        // With Redis, workers are other processes: accepting jobs nobody will run is not ready.
        ...(deps.queue.mode === 'redis'
          ? [['workers', () => assertWorkersAlive(deps)] as [string, () => Promise<void>]]
          : []),
        ...Object.entries(deps.sources).map(([dsps, source]): [string, () => Promise<void>] => [
          `${dsps} metrics (${source.kind})`,
          () => source.ping(),
        ]),
      ];
      const results = await Promise.all(probes.map(([, probe]) => check(probe, deadlineMs)));
      const checks = Object.fromEntries(
        probes.map(([name], i) => [name, results[i] as z.infer<typeof checkSchema>]),
      );
      const ready = Object.values(checks).every((c) => c.ok);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    },
  );
};

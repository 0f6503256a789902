import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toErrorBody } from '../../errors.js';
import type { AppDependencies } from '../app-dependencies.js';

const checkSchema = z.object({ ok: z.boolean(), detail: z.string().optional() });
const readySchema = z
  .object({ status: z.enum(['ready', 'not ready']), checks: z.record(z.string(), checkSchema) })
  .meta({ id: 'Readiness' });

async function check(probe: () => Promise<void>): Promise<z.infer<typeof checkSchema>> {
  try {
    await probe();
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: toErrorBody(err).message };
  }
}

/** Liveness and readiness probes. */
export const healthRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'The queue store and every metrics source answer',
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, z.infer<typeof checkSchema>> = {
        [`queue (${deps.queue.mode})`]: await check(() => deps.queue.ping()),
      };
      for (const [dsps, source] of Object.entries(deps.sources)) {
        checks[`${dsps} metrics (${source.kind})`] = await check(() => source.ping());
      }
      const ready = Object.values(checks).every((c) => c.ok);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    },
  );
};

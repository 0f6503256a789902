import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recorderStateSchema } from '../../config/history-schema.js';
import type { AppDependencies } from '../app-dependencies.js';

/** `/recorder`: what the history recorder watches and how much history it holds. */
export const recorderRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  app.get(
    '/recorder',
    {
      schema: {
        tags: ['recorder'],
        summary: 'The history recorder: watched topologies, recorded series, oldest and newest points',
        description:
          'The recorder polls spout emit counts every `recorder.intervalSec` into Redis (kept ' +
          "`recorder.retentionSec`) so traffic models see more than the Tracker's 3 hours. Disabled unless " +
          '`recorder.enabled` and Redis are configured.',
        response: { 200: recorderStateSchema },
      },
    },
    async () => {
      if (deps.recorder) return deps.recorder.state();
      const { intervalSec, retentionSec } = deps.config.recorder;
      return {
        enabled: false,
        intervalSec,
        retentionSec,
        topologies: [],
        series: 0,
        points: 0,
        oldest: null,
        newest: null,
        lastRunAt: null,
        lastError: null,
      };
    },
  );
};

/**
 * A job thread's entry: builds the job services from `workerData` (the Config) and runs the jobs the pool
 * sends, one at a time, answering each with progress, then its result or its failure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../../config/config-schema.js';
import { isAppError, toErrorBody } from '../../errors.js';
import { failureReasonOf } from '../job-failure.js';
import type { JobThreadMessage, RunJobMessage } from './job-thread-messages.js';
import { buildJobThreadServices } from './job-thread-services.js';

const port = parentPort;
if (!port) throw new Error('job-thread runs as a worker thread only');
const services = buildJobThreadServices(workerData as Config);
// A failed start-up is each job's failure (CONFIG_INVALID from the registry…), not an unhandled rejection.
const post = (message: JobThreadMessage) => port.postMessage(message);
services.then(
  () => post({ type: 'ready' }),
  () => post({ type: 'ready' }),
);

port.on('message', async (message: RunJobMessage) => {
  try {
    const { runner } = await services;
    const result = await runner(message.job, {
      attempt: message.attempt,
      reportProgress: async (percent) => post({ type: 'progress', percent }),
    });
    post({ type: 'done', result });
  } catch (err) {
    post({
      type: 'failed',
      ...(isAppError(err) ? { error: toErrorBody(err) } : {}),
      reason: failureReasonOf(err),
    });
  }
});

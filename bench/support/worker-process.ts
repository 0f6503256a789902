/**
 * `augur worker` for the end-to-end phase, in a process of its own as deployed (API and workers apart):
 * started by `startWorkerProcess` with the config as JSON in AUGUR_BENCH_CONFIG; says "ready" over IPC
 * and closes gracefully on "stop".
 */
import { parseConfig } from '../../src/config/load-config.js';
import { startServices } from '../../src/services.js';

const services = await startServices(
  parseConfig(JSON.parse(process.env.AUGUR_BENCH_CONFIG ?? '{}')),
  'worker',
);
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await services.close();
  process.disconnect?.();
  process.exit(0);
});
process.send?.('ready');

/**
 * `augur api` or `augur worker` in a process of its own, as deployed: the role in AUGUR_BENCH_ROLE, the config
 * as JSON in AUGUR_BENCH_CONFIG; sends `{ ready, url }` over IPC and closes gracefully on "stop".
 */
import { parseConfig } from '../../src/config/load-config.js';
import { type Role, startServices } from '../../src/services.js';

const role = (process.env.AUGUR_BENCH_ROLE ?? 'worker') as Role;
const services = await startServices(parseConfig(JSON.parse(process.env.AUGUR_BENCH_CONFIG ?? '{}')), role);
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await services.close();
  process.disconnect?.();
  process.exit(0);
});
process.send?.({ ready: true, url: services.url });

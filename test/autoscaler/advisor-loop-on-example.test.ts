import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServices, startServices } from '../../src/services.js';
import { freePort } from '../support/local-process.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

/**
 * The loop as `augur all` runs it: advisor mode by default, the real advice on the shipped Heron example
 * (forecast traffic), BullMQ job schedulers on a real Redis, history read back over HTTP — and still there
 * after the process restarts.
 */
describe('advisory autoscaling loop on the shipped example (real Redis, two process lifetimes)', () => {
  const prefix = uniquePrefix('advisor-loop');
  let running: RunningServices | undefined;
  afterAll(async () => {
    await running?.close();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  const start = async () => {
    const port = await freePort();
    const config = parseConfig({
      server: { port, logLevel: 'silent' },
      redis: { url: testRedisUrl(), prefix },
      queue: { name: uniquePrefix('models') },
      model: { topology: { heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] } } },
      autoscaler: {
        enabled: true,
        queueName: uniquePrefix('autoscaler'),
        reevaluateSec: 1,
        topologies: [
          {
            dsps: 'heron',
            cluster: 'local',
            environ: 'default',
            role: 'augur',
            topology: 'WordCountTopology',
          },
        ],
      },
    });
    return startServices(config, 'all');
  };
  const history = async (services: RunningServices) => {
    const res = await fetch(`${services.url}/scaling/heron/WordCountTopology/history?role=augur&limit=50`);
    expect(res.status).toBe(200);
    return (await res.json()) as { enabled: boolean; evaluations: Array<Record<string, unknown>> };
  };
  const waitFor = async (services: RunningServices, atLeast: number) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const h = await history(services);
      if (h.evaluations.length >= atLeast) return h;
      if (Date.now() > deadline)
        throw new Error(`only ${h.evaluations.length} evaluations: ${JSON.stringify(h)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('evaluates every reevaluateSec, records advice without acting, and keeps the history across a restart', async () => {
    running = await start();
    const first = await waitFor(running, 2);
    expect(first.enabled).toBe(true);
    const evaluation = first.evaluations[0] as Record<string, unknown>;
    expect(evaluation).toMatchObject({ dsps: 'heron', topology: 'WordCountTopology', executor: 'advisor' });
    expect(evaluation.action, JSON.stringify(evaluation.error)).not.toBe('error');
    expect(evaluation.target_utilisation).toBe(0.7);
    await running.close();
    running = undefined;

    running = await start();
    const second = await waitFor(running, first.evaluations.length + 1);
    const before = new Set(first.evaluations.map((e) => e.id));
    expect(second.evaluations.filter((e) => before.has(e.id)).length).toBe(first.evaluations.length);
  });
});

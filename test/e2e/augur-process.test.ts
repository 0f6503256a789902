import { afterEach, describe, expect, it } from 'vitest';
import { type AugurProcess, freePort, pollHttp, startAugur, waitForHttp } from '../support/augur-process.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const TOPOLOGY = 'WordCountTopology';
const running: AugurProcess[] = [];

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
});

async function askTraffic(base: string) {
  const accepted = await fetch(`${base}/model/traffic/heron/${TOPOLOGY}?duration=2&units=h`);
  expect(accepted.status).toBe(202);
  const { status_url } = (await accepted.json()) as { status_url: string };
  const done = await pollHttp(`${base}${status_url}`);
  expect(done.status).toBe(200);
  return (await done.json()) as {
    status: string;
    model_results: Array<{ results: { arrival_rate: { mean: number } } }>;
  };
}

describe('the augur process', () => {
  it('`augur api` + `augur worker` on Redis answer a traffic request end to end, and stop on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      REDIS_URL: testRedisUrl(),
      AUGUR_REDIS__PREFIX: uniquePrefix('e2e'),
      PORT: String(port),
      AUGUR_SERVER__LOG_LEVEL: 'warn',
    };
    const api = startAugur(['api'], env);
    const worker = startAugur(['worker'], env);
    running.push(api, worker);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health`, api);

    // Ready once the worker (its job threads started) has sent a heartbeat: not before.
    let ready = (await (await fetch(`${base}/ready`)).json()) as { status: string };
    for (let i = 0; i < 300 && ready.status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ready = (await (await fetch(`${base}/ready`)).json()) as { status: string };
    }
    expect(ready).toMatchObject({ status: 'ready' });
    const result = await askTraffic(base);
    expect(result.status).toBe('complete');
    expect(result.model_results[0]?.results.arrival_rate.mean).toBeGreaterThan(0);

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(await worker.exited).toBe(0);
  });

  it('`augur all` without Redis runs embedded, says so, and answers', async () => {
    const port = await freePort();
    const all = startAugur(['all'], { PORT: String(port) });
    running.push(all);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health`, all);
    expect(all.output()).toContain('embedded mode');
    expect((await askTraffic(base)).status).toBe('complete');

    // The shipped configuration answers Storm and scaling questions too, on the shipped examples.
    const ask = async (path: string) => {
      const accepted = await fetch(`${base}${path}`);
      expect(accepted.status, path).toBe(202);
      const { status_url } = (await accepted.json()) as { status_url: string };
      const done = await pollHttp(`${base}${status_url}`);
      return (await done.json()) as {
        status: string;
        model_results: Array<{ model_name: string; results: Record<string, unknown> }>;
      };
    };
    const storms = await (await fetch(`${base}/topologies/storm`)).json();
    expect(storms).toEqual([{ cluster: 'local', environ: 'default', name: 'storm-word-count' }]);
    const stormTraffic = await ask('/model/traffic/storm/storm-word-count?duration=1&units=h');
    expect(stormTraffic.model_results.map((m) => m.model_name)).toEqual(['summary', 'forecast']);
    expect((await ask('/model/topology/storm/current/storm-word-count?1-2=141&3-4=154')).status).toBe(
      'complete',
    );
    const scaling = await ask(`/model/scaling/heron/${TOPOLOGY}?traffic=forecast&duration=2&units=h`);
    expect(scaling.status).toBe('complete');
    expect(scaling.model_results[0]?.results).toMatchObject({
      plan: {
        dsps: 'heron',
        packing_plan: expect.any(Object),
        packing_plan_protobuf_base64: expect.any(String),
      },
      prediction: { recommended: { status: 'solved' } },
    });
  });

  it('`augur worker` without Redis refuses to start and says why', async () => {
    const worker = startAugur(['worker'], {});
    running.push(worker);
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/needs Redis \(set REDIS_URL\)/);
  });

  it('an invalid configuration stops start-up, naming the key', async () => {
    const all = startAugur(['all'], { AUGUR_QUEUE__ATTEMPTS: 'many' });
    running.push(all);
    expect(await all.exited).toBe(1);
    expect(all.output()).toMatch(/queue\.attempts: .*expected number/);
  });
});

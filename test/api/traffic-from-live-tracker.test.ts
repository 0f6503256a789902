import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';
import { type FakeTracker, startFakeTracker, type TrackerStyle } from '../support/fake-tracker.js';

const EXAMPLE = 'examples/snapshots/word-count';
/** The example was captured at this instant; asking "now" = then puts its 3 hours in the window. */
const CAPTURED_AT_MS = 1_793_620_800_000;
const URL = '/model/traffic/heron/WordCountTopology?duration=1&units=h';

let tracker: FakeTracker | undefined;
let apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps) await t.close();
  apps = [];
  await tracker?.close();
});

async function appOnTracker(style: TrackerStyle, queue: Record<string, unknown> = {}) {
  tracker = await startFakeTracker({ snapshotDir: EXAMPLE, style });
  const t = await buildTestApp(
    {
      metrics: { heron: { source: 'tracker', tracker: { url: tracker.url, retries: 1, timeoutMs: 2000 } } },
      queue: { attempts: 3, backoffMs: 10, ...queue },
    },
    { now: () => CAPTURED_AT_MS },
  );
  apps.push(t);
  return t;
}

async function ask(t: TestApp, url = URL) {
  const accepted = await t.app.inject({ method: 'GET', url });
  expect(accepted.statusCode).toBe(202);
  return (await pollUntilDone(t.app, accepted.json().status_url)).json();
}

describe('traffic from a live Heron Tracker', () => {
  it.each(['envelope', 'stringified-packing-plan', 'bare'] as const)(
    'gives the same summary from a %s Tracker as from the offline snapshot of the same data',
    async (style) => {
      const live = await ask(await appOnTracker(style));
      const offline = await buildTestApp({}, { now: () => CAPTURED_AT_MS });
      apps.push(offline);
      const saved = await ask(offline);
      expect(live.status).toBe('complete');
      expect(live.metrics.source).toBe('tracker');
      expect(live.model_results[0].results).toEqual(saved.model_results[0].results);
    },
  );

  it('retries while the Tracker is briefly down, then answers', async () => {
    const t = await appOnTracker('envelope');
    tracker?.failNext(3); // more than the client's own retry (1): the job must retry too
    const result = await ask(t);
    expect(result.status).toBe('complete');
    expect(tracker?.requests.filter((r) => r.status === 503)).toHaveLength(3);
  });

  it('fails with METRICS_UNAVAILABLE once retries are spent', async () => {
    const t = await appOnTracker('envelope', { attempts: 2 });
    tracker?.failNext(1000);
    const result = await ask(t);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'METRICS_UNAVAILABLE' } });
    // the API lists topologies once (2 tries, then accepts: the job checks); the job reads the logical,
    // physical and packing plans at once: 2 job attempts × 2 tries × 3 routes
    expect(tracker?.requests.length).toBe(2 + 12);
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().status).toBe('not ready');
  });

  it('fails at once, without retrying, when the Tracker does not know the topology', async () => {
    const t = await appOnTracker('bare');
    if (tracker) tracker.topologyMissing = true;
    const result = await ask(t);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'TOPOLOGY_NOT_FOUND' } });
    // the API's topology list (it still lists the topology), then one job attempt: each plan route once
    expect(tracker?.requests.map((r) => r.path).sort()).toEqual([
      '/topologies',
      '/topologies/logicalplan',
      '/topologies/packingplan',
      '/topologies/physicalplan',
    ]);
  });
});

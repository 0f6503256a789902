import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HeronTrackerClient,
  type HeronTrackerClientOptions,
} from '../../../src/dsps/heron/tracker-client.js';
import { AppError } from '../../../src/errors.js';
import { type FakeTracker, startFakeTracker } from '../../support/fake-tracker.js';

const EXAMPLE = join(import.meta.dirname, '../../../examples/snapshots/word-count');
const COORDS = { cluster: 'local', environ: 'default', role: 'augur', topology: 'WordCountTopology' };
const CAPTURED_AT_SEC = 1_793_620_800;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('HeronTrackerClient', () => {
  let tracker: FakeTracker;
  const client = (options: Partial<HeronTrackerClientOptions> = {}) =>
    new HeronTrackerClient({ url: tracker.url, retries: 2, retryDelayMs: 1, timeoutMs: 2000, ...options });

  beforeEach(async () => {
    tracker = await startFakeTracker({ snapshotDir: EXAMPLE });
  });
  afterEach(async () => {
    await tracker.close();
  });

  it('sends the Tracker query parameters, repeating metricname and instance', async () => {
    await client().getMetricsTimeline(COORDS, {
      component: 'split',
      metrics: ['__emit-count/default', '__execute-count/sentence/default'],
      instances: ['container_2_split_8', 'container_3_split_9'],
      startSec: CAPTURED_AT_SEC - 600,
      endSec: CAPTURED_AT_SEC,
    });
    expect(tracker.requests).toHaveLength(1);
    expect(tracker.requests[0]).toMatchObject({
      path: '/topologies/metricstimeline',
      status: 200,
      query: {
        cluster: ['local'],
        environ: ['default'],
        role: ['augur'],
        topology: ['WordCountTopology'],
        component: ['split'],
        metricname: ['__emit-count/default', '__execute-count/sentence/default'],
        instance: ['container_2_split_8', 'container_3_split_9'],
        starttime: [String(CAPTURED_AT_SEC - 600)],
        endtime: [String(CAPTURED_AT_SEC)],
      },
    });
  });

  it('leaves role out when the coordinates have none', async () => {
    await client().getLogicalPlan({ cluster: 'local', environ: 'default', topology: 'WordCountTopology' });
    expect(tracker.requests[0]?.query.role).toBeUndefined();
  });

  it.each(['envelope', 'bare'] as const)(
    'unknown topology (%s style) is TOPOLOGY_NOT_FOUND, not retried',
    async (style) => {
      tracker.style = style;
      const err = await rejection(client().getLogicalPlan({ ...COORDS, topology: 'Nope' }));
      expect(err.code).toBe('TOPOLOGY_NOT_FOUND');
      expect(err.retryable).toBe(false);
      expect(tracker.requests).toHaveLength(1);
      expect(tracker.requests[0]?.status).toBe(style === 'bare' ? 500 : 404);
    },
  );

  it('the topologyMissing switch makes a known topology unknown', async () => {
    tracker.topologyMissing = true;
    expect((await rejection(client().getPhysicalPlan(COORDS))).code).toBe('TOPOLOGY_NOT_FOUND');
  });

  it('retries 503 answers and succeeds within the retry budget', async () => {
    tracker.failNext(2);
    const listing = await client({ retries: 2 }).getTopologies();
    expect(listing).toEqual([
      { cluster: 'local', environ: 'default', role: 'augur', name: 'WordCountTopology' },
    ]);
    expect(tracker.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up after retries + 1 attempts of 503 with METRICS_UNAVAILABLE (transient)', async () => {
    tracker.failNext(5);
    const err = await rejection(client({ retries: 2 }).getTopologies());
    expect(err.code).toBe('METRICS_UNAVAILABLE');
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/3 attempt\(s\).*HTTP 503/);
    expect(tracker.requests).toHaveLength(3);
  });

  it('times out slow answers, retries, then reports METRICS_UNAVAILABLE', async () => {
    tracker.delayMs = 400;
    const started = Date.now();
    const err = await rejection(client({ timeoutMs: 50, retries: 1 }).getTopologies());
    expect(err.code).toBe('METRICS_UNAVAILABLE');
    expect(err.message).toMatch(/timed out after 50 ms/);
    expect(tracker.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('a slow answer within the timeout is fine', async () => {
    tracker.delayMs = 50;
    await expect(client({ timeoutMs: 2000 }).getTopologies()).resolves.toHaveLength(1);
  });

  it('connection refused is METRICS_UNAVAILABLE after the retries', async () => {
    const port = await closedPort();
    const refused = new HeronTrackerClient({ url: `http://127.0.0.1:${port}`, retries: 1, retryDelayMs: 1 });
    const err = await rejection(refused.getTopologies());
    expect(err.code).toBe('METRICS_UNAVAILABLE');
    expect(err.message).toMatch(/2 attempt\(s\).*connection failed/);
  });

  it('a garbage body is METRICS_BAD_RESPONSE, not retried', async () => {
    tracker.respondNext(1, { status: 200, body: '{"status": "succ', contentType: 'text/plain' });
    const err = await rejection(client().getTopologies());
    expect(err.code).toBe('METRICS_BAD_RESPONSE');
    expect(tracker.requests).toHaveLength(1);
  });

  it('JSON of the wrong shape is METRICS_BAD_RESPONSE', async () => {
    tracker.respondNext(1, { status: 200, body: JSON.stringify({ instances: 'none' }) });
    expect((await rejection(client().getPhysicalPlan(COORDS))).code).toBe('METRICS_BAD_RESPONSE');
  });

  it('falls back to /topologies/metrics/timeline when the legacy route does not exist, and remembers it', async () => {
    tracker.style = 'bare';
    tracker.metricsTimelineRoutes = ['current'];
    const c = client();
    const request = {
      component: 'sentence',
      metrics: ['__emit-count/default'],
      startSec: CAPTURED_AT_SEC - 120,
      endSec: CAPTURED_AT_SEC,
    };
    const first = await c.getMetricsTimeline(COORDS, request);
    const second = await c.getMetricsTimeline(COORDS, request);
    expect(second).toEqual(first);
    expect(Object.keys(first.timeline['__emit-count/default'] ?? {})).toHaveLength(3);
    expect(tracker.requests.map((r) => `${r.status} ${r.path}`)).toEqual([
      '404 /topologies/metricstimeline',
      '200 /topologies/metrics/timeline',
      '200 /topologies/metrics/timeline',
    ]);
  });

  it('does not fall back when the legacy route answers a Tracker failure', async () => {
    tracker.metricsTimelineRoutes = ['legacy'];
    const err = await rejection(
      client().getMetricsTimeline(
        { ...COORDS, topology: 'Nope' },
        { component: 'sentence', metrics: ['x'], startSec: 0, endSec: 60 },
      ),
    );
    expect(err.code).toBe('TOPOLOGY_NOT_FOUND');
    expect(tracker.requests.map((r) => r.path)).toEqual(['/topologies/metricstimeline']);
  });

  it("metricsTimelineRoute: 'current' asks the new route only", async () => {
    await client({ metricsTimelineRoute: 'current' }).getMetricsTimeline(COORDS, {
      component: 'sentence',
      metrics: ['__emit-count/default'],
      startSec: CAPTURED_AT_SEC - 60,
      endSec: CAPTURED_AT_SEC,
    });
    expect(tracker.requests.map((r) => r.path)).toEqual(['/topologies/metrics/timeline']);
  });

  it('reads the stringified packing plan style', async () => {
    const envelope = await client().getPackingPlan(COORDS);
    tracker.style = 'stringified-packing-plan';
    const stringified = await client().getPackingPlan(COORDS);
    expect(JSON.parse((await client().fetchPlanRaw('packingplan', COORDS)).text).result).toBeTypeOf('string');
    expect(stringified).toEqual(envelope);
    expect(envelope.containers).toHaveLength(3);
  });

  it('keeps a path prefix of the base URL', async () => {
    const prefixed = new HeronTrackerClient({ url: `${tracker.url}/tracker/`, retries: 0 });
    await rejection(prefixed.getTopologies());
    expect(tracker.requests[0]?.path).toBe('/tracker/topologies');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOPOLOGY_CACHE_MS } from '../../src/api/known-topologies.js';
import { loadConfig } from '../../src/config/load-config.js';
import { AppError } from '../../src/errors.js';
import { createMetricsSource } from '../../src/metrics/create-metrics-source.js';
import type { MetricsSource } from '../../src/metrics/metrics-source.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

/** The shipped snapshot source, counting how often the API lists its topologies and reads a structure. */
function countingSource(config: TestApp['config'], failListing: () => boolean) {
  const real = createMetricsSource(config, 'heron');
  const calls = { list: 0, structure: 0 };
  const source = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'listTopologies') {
        return async () => {
          calls.list += 1;
          if (failListing()) throw new AppError('METRICS_UNAVAILABLE', 'tracker down');
          return target.listTopologies();
        };
      }
      if (prop === 'getStructure') {
        return (ref: Parameters<MetricsSource['getStructure']>[0]) => {
          calls.structure += 1;
          return target.getStructure(ref);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { source, calls };
}

describe('an unknown topology is a 404 at request time', () => {
  let t: TestApp;
  let nowMs = Date.UTC(2024, 0, 1);
  let listingDown = false;
  let calls: { list: number; structure: number };
  beforeAll(async () => {
    const shipped = loadConfig({ dir: 'config', env: {} });
    const counting = countingSource(shipped, () => listingDown);
    calls = counting.calls;
    t = await buildTestApp(
      { model: shipped.model },
      { worker: false, source: counting.source, now: () => nowMs },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    '/model/traffic/heron/NoSuchTopology?duration=2&units=h',
    '/model/traffic/heron/NoSuchTopology/backtest?horizon=30',
    '/model/topology/heron/current/NoSuchTopology?sentence=150',
    '/model/scaling/heron/NoSuchTopology',
    '/model/traffic/storm/no-such-topology?duration=1&units=h',
  ])('%s → 404 TOPOLOGY_NOT_FOUND naming the topology', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json()).toMatchObject({
      statusCode: 404,
      code: 'TOPOLOGY_NOT_FOUND',
      error: 'Not Found',
      message: expect.stringMatching(/NoSuchTopology|no-such-topology/),
    });
  });

  it('a known topology is accepted; the list is read once per cache lifetime, misses once each', async () => {
    nowMs += DEFAULT_TOPOLOGY_CACHE_MS + 1;
    const before = { ...calls };
    for (let i = 0; i < 20; i++) {
      const ok = await t.app.inject({
        method: 'GET',
        url: `/model/traffic/heron/WordCountTopology?duration=${i + 1}`,
      });
      expect(ok.statusCode, ok.body).toBe(202);
    }
    expect(calls.list - before.list).toBe(1);
    for (let i = 0; i < 5; i++) {
      const bad = await t.app.inject({ method: 'GET', url: '/model/traffic/heron/Missing?duration=1' });
      expect(bad.statusCode).toBe(404);
    }
    // One confirming look-up for the missing name, then its remembered answer.
    expect(calls.structure - before.structure).toBe(1);
    nowMs += DEFAULT_TOPOLOGY_CACHE_MS + 1;
    await t.app.inject({ method: 'GET', url: '/model/traffic/heron/WordCountTopology?duration=3' });
    expect(calls.list - before.list).toBe(2);
  });

  it('a metrics source that cannot list topologies does not block requests (the job still checks)', async () => {
    nowMs += DEFAULT_TOPOLOGY_CACHE_MS + 1;
    listingDown = true;
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: '/model/traffic/heron/WordCountTopology?duration=7',
      });
      expect(res.statusCode, res.body).toBe(202);
    } finally {
      listingDown = false;
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { recorderSchema } from '../../src/config/history-schema.js';
import { silentQueueLogger } from '../../src/jobs/queue-logger.js';
import type { MetricsSource } from '../../src/metrics/metrics-source.js';
import { createRecorder } from '../../src/recorder/create-recorder.js';
import type { PackingPlan } from '../../src/topology/packing-plan.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';

const PLAN: PackingPlan = { topologyId: 't', containers: [] };
const REF = { dsps: 'storm', cluster: 'storm', environ: 'default', topology: 't' } as const;

/** A live source that answers nothing but its kind and, when asked for, a plan. */
function stubSource(kind: string, plan?: PackingPlan): MetricsSource {
  return {
    kind,
    listTopologies: async () => [],
    getStructure: async () => {
      throw new Error('not used');
    },
    getMetricSeries: async () => ({}),
    windowEndSec: (sec) => sec,
    ping: async () => {},
    ...(plan ? { getPackingPlan: async () => plan } : {}),
  };
}

describe('createRecorder: one merged source per live DSPS source', () => {
  const url = testRedisUrl();
  const prefixes: string[] = [];

  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(url, prefix);
  });

  function create(serveHistory: boolean, live: Partial<Record<'heron' | 'storm', MetricsSource>>) {
    const prefix = uniquePrefix('create-recorder');
    prefixes.push(prefix);
    return createRecorder({
      config: recorderSchema.parse({ enabled: true, serveHistory }),
      redisUrl: url,
      prefix,
      live,
      logger: silentQueueLogger,
    });
  }

  it('wraps each live source in the recorded history when serveHistory is on, keeping its packing plans', async () => {
    const heron = stubSource('tracker', PLAN);
    const storm = stubSource('storm-ui');
    const recorder = create(true, { heron, storm });
    try {
      expect(recorder.sources.heron?.kind).toBe('tracker+recorded');
      expect(recorder.sources.storm?.kind).toBe('storm-ui+recorded');
      expect(await recorder.sources.heron?.getPackingPlan?.({ ...REF, dsps: 'heron' })).toBe(PLAN);
      expect(await recorder.sources.storm?.getPackingPlan?.(REF)).toBeUndefined();
      expect(recorder.recorder.hasSource('heron')).toBe(true);
      expect(recorder.recorder.hasSource('storm')).toBe(true);
    } finally {
      await recorder.close();
    }
  });

  it('serves the live sources as they are when serveHistory is off; a DSPS without one stays without', async () => {
    const heron = stubSource('tracker');
    const recorder = create(false, { heron });
    try {
      expect(recorder.sources).toEqual({ heron });
      expect(recorder.sources.heron).toBe(heron);
      expect(recorder.recorder.hasSource('storm')).toBe(false);
    } finally {
      await recorder.close();
    }
  });
});

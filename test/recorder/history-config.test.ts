import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRAPHITE_TARGETS,
  DEFAULT_PROMETHEUS_QUERIES,
  graphiteSchema,
  prometheusSchema,
  recorderSchema,
} from '../../src/config/history-schema.js';

describe('history configuration: defaults and strictness', () => {
  it('defaults the recorder to a 60 s poll, 10 min lookback and 14 days retention, off', () => {
    expect(recorderSchema.parse({})).toEqual({
      enabled: false,
      queueName: 'recorder',
      intervalSec: 60,
      lookbackSec: 600,
      retentionSec: 1_209_600,
      topologies: [],
      watchRequested: true,
      requestedTtlSec: 86_400,
      serveHistory: true,
    });
  });

  it('defaults a recorded topology to Heron, and takes Storm ones', () => {
    const parsed = recorderSchema.parse({
      topologies: [
        { cluster: 'local', environ: 'default', role: 'augur', topology: 'WordCountTopology' },
        { dsps: 'storm', cluster: 'storm', environ: 'default', topology: 'synthetic-word-count' },
      ],
    });
    expect(parsed.topologies.map((t) => t.dsps)).toEqual(['heron', 'storm']);
  });

  it('defaults Prometheus to Heron sink names with a 60 s step, Graphite to Heron paths', () => {
    expect(prometheusSchema.parse({ url: 'http://p:9090' })).toMatchObject({
      stepSec: 60,
      instanceLabel: 'instance_id',
      queries: DEFAULT_PROMETHEUS_QUERIES,
    });
    expect(graphiteSchema.parse({ url: 'http://g:8080' })).toMatchObject({
      instanceNode: 3,
      targets: DEFAULT_GRAPHITE_TARGETS,
    });
  });

  it.each([
    ['an unknown recorder key', () => recorderSchema.parse({ intervalMs: 60_000 })],
    ['a poll faster than 10 s', () => recorderSchema.parse({ intervalSec: 1 })],
    ['a lookback beyond the Tracker’s 3 hours', () => recorderSchema.parse({ lookbackSec: 4 * 3600 })],
    [
      'a topology name with a slash',
      () => recorderSchema.parse({ topologies: [{ cluster: 'c', environ: 'e', topology: 'a/b' }] }),
    ],
    [
      'a topology of an unknown DSPS',
      () =>
        recorderSchema.parse({
          topologies: [{ dsps: 'flink', cluster: 'c', environ: 'e', topology: 't' }],
        }),
    ],
    ['a Prometheus without url', () => prometheusSchema.parse({})],
    ['an unknown Graphite key', () => graphiteSchema.parse({ url: 'http://g', prefix: 'x' })],
  ])('rejects %s', (_what, parse) => {
    expect(parse).toThrow();
  });
});

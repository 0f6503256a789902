import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createGraphClient } from '../../src/graph/create-graph-client.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'augur-graph-config-'));

describe('createGraphClient (graph.* configuration)', () => {
  it('defaults to the in-memory graph: nothing to run', async () => {
    const config = loadConfig({ dir: emptyDir(), env: {} });
    expect(config.graph).toEqual({
      backend: 'memory',
      gremlin: { url: 'ws://127.0.0.1:8182/gremlin', traversalSource: 'g', batchSize: 2000 },
      ttlSec: 86_400,
      maxPlansPerTopology: 20,
      cachedPlans: 8,
    });
    const client = await createGraphClient(config);
    expect(client.backend).toBe('memory');
    await client.close();
  });

  it('connects to the Gremlin Server the configuration names (environment overrides)', async () => {
    const config = loadConfig({
      dir: emptyDir(),
      env: {
        AUGUR_GRAPH__BACKEND: 'gremlin',
        AUGUR_GRAPH__GREMLIN__URL: inject('gremlinUrl'),
        AUGUR_GRAPH__GREMLIN__BATCH_SIZE: '50',
      },
    });
    const client = await createGraphClient(config);
    try {
      expect(client.backend).toBe('gremlin');
      expect(await client.countVertices({ has: { topologyId: 'no-such-topology' } })).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('fails at once, naming the server, when no Gremlin Server answers', async () => {
    const config = loadConfig({
      dir: emptyDir(),
      env: { AUGUR_GRAPH__BACKEND: 'gremlin', AUGUR_GRAPH__GREMLIN__URL: 'ws://127.0.0.1:1/gremlin' },
    });
    const failure = createGraphClient(config);
    await expect(failure).rejects.toThrow(/Gremlin Server at ws:\/\/127\.0\.0\.1:1\/gremlin: could not ping/);
    // Named for what failed, and retryable: a job meeting a restarting server tries again.
    await expect(failure).rejects.toMatchObject({
      code: 'GRAPH_UNAVAILABLE',
      httpStatus: 503,
      retryable: true,
    });
  });

  it.each([
    [{ AUGUR_GRAPH__BACKEND: 'neo4j' }, /graph\.backend/],
    [{ AUGUR_GRAPH__GREMLIN__URL: 'http://x:8182' }, /graph\.gremlin\.url/],
    [{ AUGUR_GRAPH__GREMLIN__BATCH_SIZE: '0' }, /graph\.gremlin\.batchSize/],
  ])('refuses an invalid graph setting %j', (env, message) => {
    expect(() => loadConfig({ dir: emptyDir(), env })).toThrow(message);
  });
});

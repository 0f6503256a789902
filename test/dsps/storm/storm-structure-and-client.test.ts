import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildStormStructure } from '../../../src/dsps/storm/storm-structure.js';
import { StormUiClient } from '../../../src/dsps/storm/storm-ui-client.js';
import { type FakeStormUi, SYNTHETIC_WORD_COUNT_ID, startFakeStormUi } from '../../support/fake-storm-ui.js';

describe('Storm UI client and structure mapping', () => {
  let ui: FakeStormUi;
  const client = () => new StormUiClient({ url: ui.url, retries: 2, retryDelayMs: 1, timeoutMs: 2000 });
  beforeEach(async () => {
    ui = await startFakeStormUi();
  });
  afterEach(async () => {
    await ui.close();
  });

  it('finds a topology by name or id, and asks pages with the window', async () => {
    expect((await client().findTopology('word-count')).id).toBe('word-count-1-1234567890');
    expect((await client().findTopology(SYNTHETIC_WORD_COUNT_ID)).name).toBe('synthetic-word-count');
    await client().getComponentPage('word-count-1-1234567890', 'split');
    expect(ui.requests.at(-1)).toMatchObject({
      path: '/api/v1/topology/word-count-1-1234567890/component/split',
      query: { window: '600' },
      status: 200,
    });
  });

  it('maps executors to instances and worker slots to containers', async () => {
    const c = client();
    const topologyPage = await c.getTopologyPage(SYNTHETIC_WORD_COUNT_ID);
    const names = ['sentence', 'split', 'count'];
    const pages = await Promise.all(names.map((n) => c.getComponentPage(SYNTHETIC_WORD_COUNT_ID, n)));
    const structure = buildStormStructure({
      topologyPage,
      componentPages: Object.fromEntries(pages.map((p) => [p.id, p])),
      visualization: await c.getVisualization(SYNTHETIC_WORD_COUNT_ID),
    });
    expect(structure.name).toBe('synthetic-word-count');
    expect(structure.id).toBe(SYNTHETIC_WORD_COUNT_ID);
    expect(structure.components.split).toEqual({
      name: 'split',
      kind: 'bolt',
      outputStreams: ['default'],
      inputs: [{ component: 'sentence', stream: 'default', grouping: 'SHUFFLE' }],
      instances: ['split:[5-6]', 'split:[7-8]', 'split:[9-10]'],
    });
    expect(structure.components.count?.inputs).toEqual([
      { component: 'split', stream: 'default', grouping: 'FIELDS' },
    ]);
    expect(structure.components.sentence?.inputs).toEqual([]);
    expect(Object.keys(structure.instances)).toHaveLength(9);
    expect(structure.instances['split:[7-8]']).toEqual({
      id: 'split:[7-8]',
      component: 'split',
      taskId: 7,
      lastTaskId: 8,
      container: 'supervisor-a:6700',
    });
    expect(structure.instances['split:[9-10]']?.container).toBe('supervisor-a:6701');
    expect(structure.instances['split:[5-6]']?.container).toBe('supervisor-b:6700');
    expect(structure.instances['sentence:[1-2]']?.container).toBe('supervisor-a:6700');
    expect(structure.instances['count:[14-14]']?.container).toBe('supervisor-b:6700');

    // Without the visualization the groupings are unknown, the inputs still come from inputStats.
    const bare = buildStormStructure({
      topologyPage,
      componentPages: Object.fromEntries(pages.map((p) => [p.id, p])),
    });
    expect(bare.components.count?.inputs).toEqual([
      { component: 'split', stream: 'default', grouping: 'CUSTOM' },
    ]);
  });

  it('rejects overlapping executors across components', async () => {
    const c = client();
    const topologyPage = await c.getTopologyPage(SYNTHETIC_WORD_COUNT_ID);
    const pages = await Promise.all(
      ['sentence', 'split', 'count'].map((n) => c.getComponentPage(SYNTHETIC_WORD_COUNT_ID, n)),
    );
    const count = pages[2];
    if (!count?.executors[0]) throw new Error('fixture');
    count.executors[0].range = { startTask: 9, endTask: 11 };
    expect(() =>
      buildStormStructure({ topologyPage, componentPages: Object.fromEntries(pages.map((p) => [p.id, p])) }),
    ).toThrow(
      expect.objectContaining({
        code: 'METRICS_BAD_RESPONSE',
        message: expect.stringContaining('split:[9-10] and count:[9-11] share tasks'),
      }),
    );
  });

  it.each(['storm1', 'storm2'] as const)(
    'maps an unknown topology id (%s style) to TOPOLOGY_NOT_FOUND without retrying',
    async (style) => {
      ui.notFoundStyle = style;
      await expect(client().getTopologyPage('nope-1-1')).rejects.toMatchObject({
        code: 'TOPOLOGY_NOT_FOUND',
      });
      expect(ui.requests).toHaveLength(1);
      await expect(client().findTopology('nope')).rejects.toMatchObject({ code: 'TOPOLOGY_NOT_FOUND' });
    },
  );

  it('retries 5xx answers, then reports METRICS_UNAVAILABLE', async () => {
    ui.failNext(2);
    expect(await client().getTopologySummary()).toHaveLength(3);
    expect(ui.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    ui.failNext(3);
    await expect(client().getTopologySummary()).rejects.toMatchObject({
      code: 'METRICS_UNAVAILABLE',
      retryable: true,
    });
  });

  it('reports an unreachable UI as METRICS_UNAVAILABLE and a garbage body as METRICS_BAD_RESPONSE', async () => {
    const url = ui.url;
    await ui.close();
    const dead = new StormUiClient({ url, retries: 1, retryDelayMs: 1, timeoutMs: 500 });
    await expect(dead.getTopologySummary()).rejects.toMatchObject({
      code: 'METRICS_UNAVAILABLE',
      message: expect.stringContaining('after 2 attempt(s)'),
    });
    ui = await startFakeStormUi();
    ui.respondNext(1, '<html>oops</html>');
    await expect(client().getTopologySummary()).rejects.toMatchObject({ code: 'METRICS_BAD_RESPONSE' });
    ui.respondNext(1, '{"topologies": [{"id": 5}]}');
    await expect(client().getTopologySummary()).rejects.toMatchObject({
      code: 'METRICS_BAD_RESPONSE',
      message: expect.stringContaining('topologies.0.id'),
    });
  });
});

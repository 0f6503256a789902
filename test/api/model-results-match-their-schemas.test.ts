import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResultSchemaOf, resultSchemaOfModel } from '../../src/api/schemas/result-schemas.js';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

// biome-ignore lint/suspicious/noExplicitAny: result documents are JSON read by the assertions
type Json = any;

/** A real result of every model on the shipped examples, checked against the schema the OpenAPI publishes. */
describe('model results match their OpenAPI schemas', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      model: {
        traffic: { heron: ['summary', 'forecast'], storm: ['summary', 'forecast'] },
        topology: {
          heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] },
          storm: { current: ['queueing-theory'], proposed: ['queueing-theory'] },
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['traffic', 'GET', '/model/traffic/heron/WordCountTopology?duration=2&units=h', ['summary', 'forecast']],
    ['traffic', 'GET', '/model/traffic/storm/storm-word-count?duration=30', ['summary', 'forecast']],
    ['traffic', 'GET', '/model/traffic/heron/WordCountTopology/backtest?horizon=30', ['summary', 'forecast']],
    ['topology', 'GET', '/model/topology/heron/current/WordCountTopology?sentence=150', ['queueing-theory']],
    ['topology', 'GET', '/model/topology/storm/current/storm-word-count?sentence=150', ['queueing-theory']],
    [
      'topology',
      'POST',
      '/model/topology/heron/proposed/WordCountTopology?sentence=150',
      ['queueing-theory'],
    ],
    ['topology', 'POST', '/model/topology/storm/proposed/storm-word-count?sentence=150', ['queueing-theory']],
    [
      'topology',
      'GET',
      '/model/topology/heron/current/WordCountTopology?sentence=90000',
      ['queueing-theory'],
    ],
    ['scaling', 'GET', '/model/scaling/heron/WordCountTopology?traffic=forecast&duration=2&units=h', null],
    ['scaling', 'GET', '/model/scaling/storm/storm-word-count?sentence=600', null],
    ['graph', 'GET', '/model/graph/heron/WordCountTopology?sentence=150', null],
    ['graph', 'POST', '/model/graph/storm/storm-word-count/proposed?sentence=150', null],
  ] as const)('%s %s %s', async (aspect, method, url, _models) => {
    const dsps = url.includes('/storm/') ? 'storm' : 'heron';
    const payload =
      method === 'POST'
        ? await import('node:fs').then((fs) =>
            JSON.parse(
              fs.readFileSync(
                dsps === 'storm' ? 'examples/plans/storm-word-count.json' : 'examples/plans/word-count.json',
                'utf8',
              ),
            ),
          )
        : undefined;
    const accepted = await t.app.inject({ method, url, ...(payload ? { payload } : {}) });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const result: Json = (await pollUntilDone(t.app, accepted.json().status_url, 60_000)).json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');

    const envelope = completeResultSchemaOf(aspect).safeParse(result);
    expect(envelope.error?.issues ?? []).toEqual([]);
    // loose: nothing a model wrote is dropped on the way out
    expect(envelope.data).toEqual(result);
    expect(result.model_results.length).toBeGreaterThan(0);
    for (const { model_name: name, results } of result.model_results) {
      const parsed = resultSchemaOfModel(aspect, url.includes('/backtest') ? 'backtest' : name).safeParse(
        results,
      );
      expect(parsed.error?.issues ?? [], name).toEqual([]);
    }
  });

  it('a field a model adds later still passes, and is kept', () => {
    const result = {
      model_id: 'topology-AAAAAAAAAAAAAAAAAAAAAA',
      status: 'complete',
      aspect: 'topology',
      dsps: 'heron',
      topology_id: 'WordCountTopology',
      cluster: 'local',
      environ: 'default',
      request: {},
      created_at: '2026-11-02T12:00:00.000Z',
      completed_at: '2026-11-02T12:00:01.000Z',
      model_results: [
        {
          model_name: 'queueing-theory',
          calculation_time: 0.01,
          results: {
            status: 'solved',
            new_section: { nested: [1, 2] },
            latency: { units: 'ms', mean: 1, max: 2, min: 0, p99: 3 },
          },
        },
      ],
      new_top_level: true,
    };
    expect(completeResultSchemaOf('topology').parse(result)).toEqual(result);
  });
});

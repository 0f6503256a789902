import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StormUiMetricsSource } from '../../src/metrics/storm-ui-source.js';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';
import { type FakeStormUi, startFakeStormUi, syntheticWordCount } from '../support/fake-storm-ui.js';

/** The fake Storm UI's synthetic word count: sentence [1-2],[3-4]; split [5-6],[7-8],[9-10]; count [11]…[14]. */
const TOPOLOGY = 'synthetic-word-count';
const CURRENT = `/model/topology/storm/current/${TOPOLOGY}`;
const PROPOSED = `/model/topology/storm/proposed/${TOPOLOGY}`;

/** Today's assignment of the synthetic topology, as a Storm scheduler would send it back. */
const TODAY = {
  workers: [
    {
      node_id: 'supervisor-a',
      port: 6700,
      executors: [
        [1, 2],
        [7, 8],
        [12, 12],
      ],
      mem_on_heap: 768,
      cpu: 100,
    },
    {
      node_id: 'supervisor-a',
      port: 6701,
      executors: [
        [3, 4],
        [9, 10],
        [13, 13],
      ],
      mem_on_heap: 768,
      cpu: 100,
    },
    {
      node_id: 'supervisor-b',
      port: 6700,
      executors: [
        [5, 6],
        [11, 11],
        [14, 14],
      ],
      mem_on_heap: 768,
      cpu: 100,
    },
  ],
};

/** split re-partitioned into 6 one-task executors on a fourth worker slot. */
const MORE_SPLITS = {
  workers: [
    {
      node_id: 'supervisor-a',
      port: 6700,
      executors: [
        [1, 2],
        [12, 12],
      ],
      mem_on_heap: 768,
      cpu: 100,
    },
    {
      node_id: 'supervisor-a',
      port: 6701,
      executors: [
        [3, 4],
        [13, 13],
      ],
      mem_on_heap: 768,
      cpu: 100,
    },
    {
      node_id: 'supervisor-b',
      port: 6700,
      executors: [
        [11, 11],
        [14, 14],
      ],
      mem_on_heap: 768,
      cpu: 100,
    },
    {
      node_id: 'supervisor-b',
      port: 6701,
      executors: [
        [5, 5],
        [6, 6],
        [7, 7],
        [8, 8],
        [9, 9],
        [10, 10],
      ],
      mem_on_heap: 1024,
      cpu: 200,
    },
  ],
};

// biome-ignore lint/suspicious/noExplicitAny: result documents are JSON read by the assertions
type Json = any;

describe('Storm topology routes (fake Storm UI, embedded queue)', () => {
  let ui: FakeStormUi;
  let t: TestApp;
  beforeAll(async () => {
    ui = await startFakeStormUi({ topologies: [syntheticWordCount()] });
    t = await buildTestApp(
      {
        model: {
          traffic: { storm: ['summary'] },
          topology: { storm: { current: ['queueing-theory'], proposed: ['queueing-theory'] } },
        },
      },
      { stormSource: new StormUiMetricsSource({ url: ui.url, retries: 0, cluster: 'local' }) },
    );
  });
  afterAll(async () => {
    await t?.close();
    await ui?.close();
  });

  async function run(url: string, body?: unknown) {
    const accepted = await t.app.inject({
      method: body === undefined ? 'GET' : 'POST',
      url,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await pollUntilDone(t.app, accepted.json().status_url);
    const result = done.json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    return { id: accepted.json().model_id as string, result };
  }
  const qt = (result: Json): Json =>
    result.model_results.find((m: Json) => m.model_name === 'queueing-theory').results;

  it('lists the Storm UI topologies under the configured cluster and environ', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/topologies/storm' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ cluster: 'local', environ: 'default', name: TOPOLOGY }]);
  });

  it('models the running assignment at a rate per executor, with Storm executor and slot ids', async () => {
    const { result } = await run(`${CURRENT}?sentence=150`);
    expect(result).toMatchObject({
      dsps: 'storm',
      request: { spout_rates: { 1: 150, 3: 150 } },
      traffic: { spout_rates: { 'sentence:[1-2]': 150, 'sentence:[3-4]': 150 } },
      plan: {
        kind: 'current',
        parallelism: { sentence: 2, split: 3, count: 4 },
        container_capacity: 'packing-plan',
      },
      metrics: { source: 'storm-ui' },
    });
    const r = qt(result);
    expect(r.status).toBe('solved');
    expect(Object.keys(r.instances).sort()).toEqual(
      [
        'count:[11-11]',
        'count:[12-12]',
        'count:[13-13]',
        'count:[14-14]',
        'sentence:[1-2]',
        'sentence:[3-4]',
        'split:[5-6]',
        'split:[7-8]',
        'split:[9-10]',
      ].sort(),
    );
    // 300 sentences/s shuffled over 3 split executors at 0.05 ms each: ρ = 100 × 0.05 / 1000 = 0.005
    expect(r.instances['split:[5-6]'].utilisation).toBeCloseTo(0.005, 6);
    expect(r.throughput.total).toBeCloseTo(300, 6);
  });

  it('takes rates per executor task range, exactly matching the executors', async () => {
    const { result } = await run(`${CURRENT}?1-2=141&%5B3-4%5D=154`);
    expect(result.traffic.spout_rates).toEqual({ 'sentence:[1-2]': 141, 'sentence:[3-4]': 154 });
    expect(qt(result).throughput.total).toBeCloseTo(295, 6);
  });

  it.each([
    ['an executor left out', '1-2=141', /query\.3-4: no rate for spout executor 3-4 \(sentence:\[3-4\]\)/],
    ['overlapping ranges', '1-2=1&2-4=1', /query\.1-2: task ranges overlap: 1-2 and 2-4 share tasks/],
    [
      'a range cutting an executor',
      '1-2=1&3-3=1',
      /query\.3-3: unknown task range: .*sentence:\[3-4\] runs tasks 3-4/,
    ],
    ['a bolt executor', '1-2=1&5-6=1', /query\.5-6: unknown task range: no spout executor runs tasks 5-6/],
    ['a reversed range', '1-2=1&4-3=1', /query\.4-3: malformed task range: .*starts after it ends/],
    ['a half range', '1-2=1&3-=1', /query\.3-: malformed task range/],
    ['an unclosed bracket', '%5B1-2=1&3-4=1', /query\.\[1-2: malformed task range/],
    ['a bolt by name', 'split=5', /query\.split: "split" is a bolt/],
    [
      'mixed styles',
      'sentence=5&1-2=3',
      /by spout component \(sentence\) or by task range \(1-2\), not both/,
    ],
  ])('%s → 400 naming it', async (_what, query, message) => {
    const res = await t.app.inject({ method: 'GET', url: `${CURRENT}?${query}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('models a proposed assignment; split over six one-task executors halves its utilisation', async () => {
    const today = qt((await run(`${PROPOSED}?sentence=150`, TODAY)).result);
    const { result } = await run(`${PROPOSED}?sentence=150`, MORE_SPLITS);
    expect(result.plan).toMatchObject({
      kind: 'proposed',
      parallelism: { sentence: 2, split: 6, count: 4 },
      container_capacity: 'plan',
    });
    const r = qt(result);
    expect(r.instances['split:[5-5]'].utilisation).toBeCloseTo(
      today.instances['split:[5-6]'].utilisation / 2,
      9,
    );
    expect(r.instances['split:[5-5]'].container).toBe('supervisor-b:6701');
  });

  it('gives an equivalent assignment (slots and executors reordered) the same model_id', async () => {
    const shuffled = {
      workers: [...TODAY.workers].reverse().map((w) => ({ ...w, executors: [...w.executors].reverse() })),
    };
    const a = await t.app.inject({ method: 'POST', url: `${PROPOSED}?sentence=150`, payload: TODAY });
    const b = await t.app.inject({ method: 'POST', url: `${PROPOSED}?sentence=150`, payload: shuffled });
    expect(a.statusCode).toBe(202);
    expect(b.json().model_id).toBe(a.json().model_id);
    const c = await t.app.inject({ method: 'POST', url: `${PROPOSED}?sentence=150`, payload: MORE_SPLITS });
    expect(c.json().model_id).not.toBe(a.json().model_id);
  });

  it.each([
    ['tasks left out', { workers: [{ node_id: 'n', port: 1, executors: [[1, 4]] }] }, /split.*5/],
    [
      'overlapping executors',
      {
        workers: [
          {
            node_id: 'n',
            port: 1,
            executors: [
              [1, 4],
              [4, 14],
            ],
          },
        ],
      },
      /share tasks|span|two components/,
    ],
    ['an unknown task', { workers: [{ node_id: 'n', port: 1, executors: [[1, 99]] }] }, /99|unknown task/],
    ['a missing port', { workers: [{ node_id: 'n', executors: [[1, 14]] }] }, /body\.workers\[0\]\.port/],
  ])('a proposed assignment with %s → 400 naming it', async (_what, body, message) => {
    const res = await t.app.inject({ method: 'POST', url: `${PROPOSED}?sentence=1`, payload: body });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('refuses protobuf bytes for a Storm assignment (it is JSON)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${PROPOSED}?sentence=1`,
      payload: Buffer.from([1, 2, 3]),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/content-type: a Storm assignment is JSON/);
  });
});

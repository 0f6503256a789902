import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsSource } from '../../src/metrics/metrics-source.js';
import { StormSnapshotSource } from '../../src/metrics/storm-snapshot-source.js';
import type { MetricSeries, MetricSeriesQuery } from '../../src/topology/metric-series.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';
import type { InstanceSpec, TopologyStructure } from '../../src/topology/topology-structure.js';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

/**
 * Storm groupings pick a task, not an executor: an executor running tasks [11-12] gets the traffic of two
 * tasks. On the shipped example (examples/snapshots/storm-word-count: split [5-6],[7-8],[9-10] →shuffle;
 * count [11-11]…[14-14] →fields(word)), through the real app.
 */
const TOPOLOGY = 'storm-word-count';
const EXAMPLE = join(import.meta.dirname, '../../examples/snapshots/storm-word-count');
const COMPONENT_PAGES = join(EXAMPLE, 'api/v1/topology/storm-word-count-1-1793600000/component');

/**
 * Relative tolerance of λ ratios: the model's λ comes from the spouts' rates through the split's measured
 * output ratio, a shares ratio from the same counts, so only float rounding separates them.
 */
const RATIO_DIGITS = 9;

// biome-ignore lint/suspicious/noExplicitAny: result documents are JSON read by the assertions
type Json = any;

/** The example's measured `executed` per executor of a component (the UI page's `executorStats`). */
function executedByExecutor(component: string): Record<string, number> {
  const page = JSON.parse(readFileSync(join(COMPONENT_PAGES, `${component}.json`), 'utf8')) as {
    executorStats: Array<{ id: string; executed: number }>;
  };
  return Object.fromEntries(page.executorStats.map((e) => [e.id, e.executed]));
}

/** One worker slot of a JSON assignment. */
const worker = (node_id: string, port: number, executors: Array<[number, number]>) => ({
  node_id,
  port,
  executors,
  mem_on_heap: 768,
  cpu: 100,
});

/** An assignment of the example with the given split and count executors; sentence as today. */
function assignment(split: Array<[number, number]>, count: Array<[number, number]>) {
  const all: Array<[number, number]> = [[1, 2], [3, 4], ...split, ...count];
  const slots: Array<[string, number]> = [
    ['supervisor-1', 6700],
    ['supervisor-1', 6701],
    ['supervisor-2', 6700],
  ];
  return {
    workers: slots.map(([node, port], k) =>
      worker(
        node,
        port,
        all.filter((_, i) => i % 3 === k),
      ),
    ),
  };
}

describe('Storm executors running unequal numbers of tasks (shipped example)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      model: { topology: { storm: { current: ['queueing-theory'], proposed: ['queueing-theory'] } } },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function run(url: string, body?: unknown): Promise<Json> {
    const accepted = await t.app.inject({
      method: body === undefined ? 'GET' : 'POST',
      url,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await pollUntilDone(t.app, accepted.json().status_url, 30_000);
    const result = done.json();
    expect(result.status, JSON.stringify(result.error)).toBe('complete');
    const qt = result.model_results.find((m: Json) => m.model_name === 'queueing-theory').results;
    expect(qt.status).toBe('solved');
    return qt;
  }
  const propose = (split: Array<[number, number]>, count: Array<[number, number]>) =>
    run(`/model/topology/storm/proposed/${TOPOLOGY}`, assignment(split, count));
  /** Each executor's share of its component's arrivals, by executor id. */
  const arrivalShares = (r: Json, ids: string[]): number[] => {
    const lambdas = ids.map((id) => r.instances[id].arrival_rate as number);
    const total = lambdas.reduce((a, b) => a + b, 0);
    return lambdas.map((l) => l / total);
  };

  it('gives a fields-grouped executor running tasks 11 and 12 the sum of their measured shares', async () => {
    const executed = executedByExecutor('count');
    const total = Object.values(executed).reduce((a, b) => a + b, 0);
    const share = (id: string) => (executed[id] as number) / total;
    const r = await propose(
      [
        [5, 6],
        [7, 8],
        [9, 10],
      ],
      [
        [11, 12],
        [13, 13],
        [14, 14],
      ],
    );
    const ids = ['count:[11-12]', 'count:[13-13]', 'count:[14-14]'];
    const expected = [share('[11-11]') + share('[12-12]'), share('[13-13]'), share('[14-14]')];
    // 269 220 + 250 700 of 963 240 executed: 54 %, not the 35 % a re-hash of 4 executors onto 3 gives
    expect(expected[0]).toBeCloseTo(0.5398, 4);
    arrivalShares(r, ids).forEach((s, i) => {
      expect(s).toBeCloseTo(expected[i] as number, RATIO_DIGITS);
    });
    // the same service time for every executor of a proposed plan, so ρ follows λ
    const rho = ids.map((id) => r.instances[id].utilisation as number);
    expect((rho[0] as number) / (rho[1] as number)).toBeCloseTo(
      (expected[0] as number) / (expected[1] as number),
      RATIO_DIGITS,
    );
  });

  it.each([
    [
      '[5-7],[8-10]',
      [
        [5, 7],
        [8, 10],
      ],
      ['split:[5-7]', 'split:[8-10]'],
      [3 / 6, 3 / 6],
    ],
    [
      '[5-8],[9-10]',
      [
        [5, 8],
        [9, 10],
      ],
      ['split:[5-8]', 'split:[9-10]'],
      [4 / 6, 2 / 6],
    ],
  ] as Array<[string, Array<[number, number]>, string[], number[]]>)(
    'shuffles over split executors %s in proportion to their tasks',
    async (_ranges, split, ids, expected) => {
      const r = await propose(split, [
        [11, 11],
        [12, 12],
        [13, 13],
        [14, 14],
      ]);
      arrivalShares(r, ids).forEach((s, i) => {
        expect(s).toBeCloseTo(expected[i] as number, RATIO_DIGITS);
      });
    },
  );

  it('keeps a proposed assignment equal to today’s at today’s measured fields shares', async () => {
    const executed = executedByExecutor('count');
    const total = Object.values(executed).reduce((a, b) => a + b, 0);
    const ids = ['[11-11]', '[12-12]', '[13-13]', '[14-14]'];
    const r = await propose(
      [
        [5, 6],
        [7, 8],
        [9, 10],
      ],
      [
        [11, 11],
        [12, 12],
        [13, 13],
        [14, 14],
      ],
    );
    arrivalShares(
      r,
      ids.map((id) => `count:${id}`),
    ).forEach((s, i) => {
      expect(s).toBeCloseTo((executed[ids[i] as string] as number) / total, RATIO_DIGITS);
    });
  });
});

/**
 * The example as if split ran its six tasks in executors [5-8],[9-9],[10-10] (today's [5-6],[7-8],[9-10]
 * relabelled, their metrics kept): a running topology with unequal executors, which no shipped data has.
 */
class RelabelledSplitSource implements MetricsSource {
  readonly kind = 'storm-snapshot';
  private static readonly RANGES: Record<string, [string, number, number]> = {
    'split:[5-6]': ['split:[5-8]', 5, 8],
    'split:[7-8]': ['split:[9-9]', 9, 9],
    'split:[9-10]': ['split:[10-10]', 10, 10],
  };
  private readonly back = new Map(
    Object.entries(RelabelledSplitSource.RANGES).map(([old, [id]]) => [id, old]),
  );
  constructor(private readonly inner: MetricsSource) {}
  listTopologies() {
    return this.inner.listTopologies();
  }
  windowEndSec(requestedAtSec: number) {
    return this.inner.windowEndSec(requestedAtSec);
  }
  ping() {
    return this.inner.ping();
  }
  async getStructure(ref: TopologyRef): Promise<TopologyStructure> {
    const s = await this.inner.getStructure(ref);
    const rename = (id: string) => RelabelledSplitSource.RANGES[id]?.[0] ?? id;
    const instances: Record<string, InstanceSpec> = {};
    for (const [id, spec] of Object.entries(s.instances)) {
      const range = RelabelledSplitSource.RANGES[id];
      instances[rename(id)] = range
        ? { ...spec, id: range[0], taskId: range[1], lastTaskId: range[2] }
        : spec;
    }
    const components = Object.fromEntries(
      Object.entries(s.components).map(([name, c]) => [name, { ...c, instances: c.instances.map(rename) }]),
    );
    return { ...s, components, instances };
  }
  async getMetricSeries(ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> {
    const series = await this.inner.getMetricSeries(ref, {
      ...query,
      ...(query.instances ? { instances: query.instances.map((id) => this.back.get(id) ?? id) } : {}),
    });
    return Object.fromEntries(
      Object.entries(series).map(([metric, byId]) => [
        metric,
        Object.fromEntries(
          Object.entries(byId).map(([id, points]) => [RelabelledSplitSource.RANGES[id]?.[0] ?? id, points]),
        ),
      ]),
    );
  }
}

describe('a running Storm topology with unequal executors (example relabelled)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(
      { model: { topology: { storm: { current: ['queueing-theory'], proposed: ['queueing-theory'] } } } },
      { stormSource: new RelabelledSplitSource(new StormSnapshotSource(EXAMPLE)) },
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shuffles over today’s executors by their task counts, 4 : 1 : 1', async () => {
    const accepted = await t.app.inject({ method: 'GET', url: `/model/topology/storm/current/${TOPOLOGY}` });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = (await pollUntilDone(t.app, accepted.json().status_url, 30_000)).json();
    expect(done.status, JSON.stringify(done.error)).toBe('complete');
    const r = done.model_results.find((m: Json) => m.model_name === 'queueing-theory').results;
    const ids = ['split:[5-8]', 'split:[9-9]', 'split:[10-10]'];
    const lambdas = ids.map((id) => r.instances[id].arrival_rate as number);
    const total = lambdas.reduce((a, b) => a + b, 0);
    expect(lambdas.map((l) => l / total)).toEqual([4 / 6, 1 / 6, 1 / 6].map((p) => expect.closeTo(p, 9)));
  });
});

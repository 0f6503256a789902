import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { protobufBytes, withMoreSplits, wordCountPlanJson } from './fixtures/word-count-plan.js';

const TOPOLOGY = 'WordCountTopology';
const SCALING = `/model/scaling/heron/${TOPOLOGY}`;
const PROPOSED = `/model/topology/heron/proposed/${TOPOLOGY}`;
const GRAPH_PROPOSED = `/model/graph/heron/${TOPOLOGY}/proposed`;

describe('requests over a cost cap are refused before anything is queued', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No worker: a request that got past the caps would stay pending, and depth() would show it.
    t = await buildTestApp(
      {
        limits: { maxPlanInstances: 200, jsonPlanBytes: 64 * 1024, jsonMaxDepth: 16 },
        model: {
          traffic: { heron: ['summary'] },
          topology: { heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] } },
        },
      },
      { worker: false },
    );
  });
  afterAll(async () => t.close());

  const expectCap = (res: { statusCode: number; json(): unknown }, limit: string, field: string) => {
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; message: string; details: Record<string, unknown> };
    expect(body.code).toBe('BAD_REQUEST');
    expect(body.message).toContain(limit);
    expect(body.details).toMatchObject({ field, limit });
  };

  it('refuses the scaling GET that took every worker down, naming limits.maxComponentParallelism', async () => {
    const res = await t.app.inject(
      `${SCALING}?traffic=current&min_parallelism=split:10000,count:10000&max_parallelism=split:10000,count:10000&max_scale_up=1000`,
    );
    expectCap(res, 'limits.maxComponentParallelism', 'query.min_parallelism');
    expect(await t.queue.depth()).toEqual({ waiting: 0, running: 0 });
  });

  it.each([
    ['max_parallelism=split:1001', 'limits.maxComponentParallelism', 'query.max_parallelism'],
    ['max_scale_up=101', 'limits.maxScaleUpFactor', 'query.max_scale_up'],
  ])('scaling: %s → 400 naming %s', async (query, limit, field) => {
    expectCap(await t.app.inject(`${SCALING}?${query}`), limit, field);
  });

  it('accepts parallelism at the cap', async () => {
    const res = await t.app.inject(`${SCALING}?max_parallelism=split:1000&max_scale_up=100`);
    expect(res.statusCode).toBe(202);
  });

  it.each([
    // 30 days ahead on 14 days of history: 43 200 × 20 160 points.
    [`/model/traffic/heron/${TOPOLOGY}?duration=720&units=h&source_hours=336`, 'query.duration'],
    [
      `/model/topology/heron/current/${TOPOLOGY}?traffic=forecast&duration=720&units=h&source_hours=336`,
      'query.duration',
    ],
    [`${SCALING}?traffic=forecast&duration=300&units=h&source_hours=336`, 'query.duration'],
  ])('forecast: %s → 400 naming limits.maxForecastPoints', async (url, field) => {
    expectCap(await t.app.inject(url), 'limits.maxForecastPoints', field);
  });

  it('accepts a forecast under the cap (7 days ahead on 14 days of history)', async () => {
    const res = await t.app.inject(`/model/traffic/heron/${TOPOLOGY}?duration=168&units=h&source_hours=336`);
    expect(res.statusCode).toBe(202);
  });

  it.each([
    ['application/json', (extra: number) => JSON.stringify(withMoreSplits(wordCountPlanJson(), extra))],
    ['application/x-protobuf', (extra: number) => protobufBytes(withMoreSplits(wordCountPlanJson(), extra))],
  ])('proposed plan as %s: more instances than limits.maxPlanInstances → 400', async (type, body) => {
    for (const url of [PROPOSED, GRAPH_PROPOSED]) {
      const over = await t.app.inject({
        method: 'POST',
        url,
        payload: body(200),
        headers: { 'content-type': type },
      });
      expectCap(over, 'limits.maxPlanInstances', 'body');
    }
    const under = await t.app.inject({
      method: 'POST',
      url: PROPOSED,
      payload: body(100),
      headers: { 'content-type': type },
    });
    expect(under.statusCode).toBe(202);
  });

  it('refuses a JSON plan over limits.jsonPlanBytes with 413, and protobuf by its own, larger limit', async () => {
    const padded = JSON.stringify({ ...wordCountPlanJson(), padding: 'x'.repeat(70 * 1024) });
    const json = await t.app.inject({
      method: 'POST',
      url: PROPOSED,
      payload: padded,
      headers: { 'content-type': 'application/json' },
    });
    expect(json.statusCode).toBe(413);
    expect(json.json().code).toBe('PAYLOAD_TOO_LARGE');
    // 200 instances × 256 B + 64 KiB: a 70 KiB body is under the protobuf limit (and garbage: a 400, not a 413).
    const bytes = await t.app.inject({
      method: 'POST',
      url: PROPOSED,
      payload: Buffer.alloc(70 * 1024, 0xff),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(bytes.statusCode).toBe(400);
    const tooBig = await t.app.inject({
      method: 'POST',
      url: PROPOSED,
      payload: Buffer.alloc(200 * 256 + 64 * 1024 + 1),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(tooBig.statusCode).toBe(413);
  });

  it('refuses JSON nested deeper than limits.jsonMaxDepth, before parsing it', async () => {
    const deep = `${'['.repeat(17)}${']'.repeat(17)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: PROPOSED,
      payload: `{"id":"x","container_plans":${deep}}`,
      headers: { 'content-type': 'application/json' },
    });
    expectCap(res, 'limits.jsonMaxDepth', 'body');
    // Brackets inside strings are text, not nesting.
    const quoted = await t.app.inject({
      method: 'POST',
      url: PROPOSED,
      payload: JSON.stringify({ ...wordCountPlanJson(), note: deep }),
      headers: { 'content-type': 'application/json' },
    });
    expect(quoted.json().details?.limit).not.toBe('limits.jsonMaxDepth');
  });
});

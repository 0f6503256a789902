import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { observedProcessor } from '../../src/jobs/observed-processor.js';
import { buildTestApp, pollUntilDone, type TestApp } from '../support/build-test-app.js';

const TRAFFIC = '/model/traffic/heron/WordCountTopology';

describe('request ids and /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it("honours a caller's x-request-id and echoes it; makes one up otherwise", async () => {
    const given = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'deploy-42.a' },
    });
    expect(given.headers['x-request-id']).toBe('deploy-42.a');
    const unsafe = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'a b\nc' },
    });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await t.app.inject({ method: 'GET', url: '/health' });
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts requests by route pattern and code, jobs by aspect and outcome, and the queue depth', async () => {
    const accepted = await t.app.inject({ method: 'GET', url: TRAFFIC });
    expect(accepted.statusCode).toBe(202);
    await pollUntilDone(t.app, `${TRAFFIC}?model_id=${accepted.json().model_id}`);
    await t.app.inject({ method: 'GET', url: '/model/traffic/heron/NoSuchTopology' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toMatch(
      /augur_http_requests_total\{route="\/model\/traffic\/:dsps\/:topology",method="GET",status_code="202"\} [1-9]/,
    );
    expect(text).toMatch(
      /augur_http_requests_total\{route="\/model\/traffic\/:dsps\/:topology",method="GET",status_code="404"\} [1-9]/,
    );
    expect(text).toMatch(/augur_jobs_total\{aspect="traffic",outcome="complete",code=""\} [1-9]/);
    expect(text).toMatch(/augur_job_duration_seconds_count\{aspect="traffic",models="summary"\} [1-9]/);
    expect(text).toMatch(/augur_queue_jobs\{state="waiting"\} 0/);
    expect(text).toMatch(/augur_process_resident_memory_bytes \d+/);
  });
});

describe('job log lines', () => {
  it('says when a job starts, completes and fails, with its model id, aspect, topology, duration and code', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    const job = {
      modelId: 'traffic-abc',
      aspect: 'traffic',
      ref: { dsps: 'heron', cluster: 'local', environ: 'default', topology: 'WordCountTopology' },
      models: ['summary'],
    } as never;
    const ctx = { attempt: 1 } as never;
    await observedProcessor(async () => ({}) as never, log)(job, ctx);
    const failing = observedProcessor(async () => {
      throw new AppError('TOPOLOGY_NOT_FOUND', 'no such topology');
    }, log);
    await expect(failing(job, ctx)).rejects.toThrow('no such topology');
    expect(lines.map((l) => l.msg)).toEqual(['job started', 'job completed', 'job started', 'job failed']);
    expect(lines[1]).toMatchObject({
      model_id: 'traffic-abc',
      aspect: 'traffic',
      dsps: 'heron',
      topology: 'WordCountTopology',
    });
    expect(lines[1]?.duration_ms).toEqual(expect.any(Number));
    expect(lines[3]).toMatchObject({
      level: 40,
      code: 'TOPOLOGY_NOT_FOUND',
      error: 'no such topology',
      attempt: 1,
    });
  });
});

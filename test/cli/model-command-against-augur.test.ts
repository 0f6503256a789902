import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { type ModelCommandOptions, modelCommand } from '../../src/cli/model-command.js';
import { reportCommand } from '../../src/cli/report-command.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { capturedOutput } from './support/captured-output.js';

const HERON = 'WordCountTopology';
const STORM = 'storm-word-count';
/** Tuples/s per `sentence` instance: 150 is light; 7000 puts the hottest `count` at ρ ≈ 0.83; 10 000 backpressures. */
const LIGHT = 'sentence=150';
const WARM = 'sentence=7000';
const OVERLOAD = 'sentence=10000';
const TRACKER_PLAN = 'examples/snapshots/word-count/local/default/WordCountTopology/packingplan.json';

let t: TestApp;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'augur-cli-'));

beforeAll(async () => {
  // The models the shipped config runs (config/heron.yaml, config/storm.yaml), as `npm start` does.
  const topology = { current: ['queueing-theory'], proposed: ['queueing-theory'] };
  t = await buildTestApp({
    model: {
      traffic: { heron: ['summary', 'forecast'], storm: ['summary'] },
      topology: { heron: topology, storm: topology },
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t?.close());

/** Runs `augur model …` in-process against the app, with what it wrote to stdout and stderr. */
async function model(
  aspect: ModelCommandOptions['aspect'],
  topology: string,
  params: string[],
  options: Partial<ModelCommandOptions> = {},
) {
  const { io, written } = capturedOutput();
  const code = await modelCommand(
    { aspect, dsps: topology === STORM ? 'storm' : 'heron', topology, params, url, ...options },
    io,
  );
  return { code, ...written };
}

/** The value cells of a `label  value…` summary line. */
const row = (table: string, label: string) =>
  table
    .split('\n')
    .find((line) => line.trimStart().startsWith(label))
    ?.slice(label.length + 2)
    .trim();

describe('augur model current', () => {
  it('prints the summary and the busiest instances of the running plan', async () => {
    const { code, stdout, stderr } = await model('current', HERON, [LIGHT]);
    expect(code, stderr).toBe(EXIT_CODES.ok);
    expect(stdout).toMatch(/^WordCountTopology \(heron\) · current plan · topology-/);
    expect(stdout).toContain('spout rates: requested, tuples/s per instance (5=150 6=150 7=150)');
    expect(row(stdout, 'latency, mean')).toMatch(/^[\d.]+ ms$/);
    expect(row(stdout, 'throughput (spouts)')).toBe('450 tuples/s');
    expect(row(stdout, 'backpressure')).toBe('no');
    expect(row(stdout, 'instances')).toBe('11');
    expect(stdout).toMatch(/^ {2}container_1_count_1\s+count\s+container_1\s/m);
    expect(stderr).toMatch(/^augur: current topology-\S+ accepted/);
  });

  it('--json prints the result document', async () => {
    const { code, stdout } = await model('current', HERON, [LIGHT], { json: true });
    expect(code).toBe(EXIT_CODES.ok);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ status: 'complete', aspect: 'topology', topology_id: HERON });
    expect(doc.model_results[0].model_name).toBe('queueing-theory');
  });

  it.each([
    ['backpressure', OVERLOAD, EXIT_CODES.failOn, /fail-on: backpressure predicted at container_1_count_1/],
    ['backpressure', WARM, EXIT_CODES.ok, /^augur: current \S+ accepted[^\n]*\n$/],
    [
      'utilisation>0.8',
      WARM,
      EXIT_CODES.failOn,
      /fail-on: utilisation 0\.83\d* at container_1_count_1 is above 0\.8/,
    ],
    ['utilisation>0.8', LIGHT, EXIT_CODES.ok, /^augur: current \S+ accepted[^\n]*\n$/],
    ['latency>0.05ms', LIGHT, EXIT_CODES.failOn, /fail-on: mean latency [\d.]+ ms is above 0\.05 ms/],
    ['latency>100ms', OVERLOAD, EXIT_CODES.failOn, /fail-on: mean latency unbounded/],
  ])('--fail-on %s at %s → exit %i', async (condition, rates, exit, stderr) => {
    const result = await model('current', HERON, [rates], { failOn: [condition] });
    expect(result.code, result.stderr).toBe(exit);
    expect(result.stderr).toMatch(stderr);
  });

  it('shows the backpressured instances first and says the spouts are throttled', async () => {
    const { stdout } = await model('current', HERON, [OVERLOAD]);
    expect(row(stdout, 'backpressure')).toBe('yes: container_1_count_1, container_2_count_2');
    expect(stdout).toMatch(/^spouts throttled by backpressure to [\d.]+ % of the offered rate$/m);
    const instances = stdout.split('instances of note')[1] ?? '';
    expect(instances).toMatch(
      /container_1_count_1 .* backpressure\n {2}container_2_count_2 .* backpressure\n/,
    );
  });

  it('exits 2 with the API code and message for an unknown topology', async () => {
    const { code, stdout, stderr } = await model('current', 'NoSuchTopology', [LIGHT]);
    expect(code).toBe(EXIT_CODES.refused);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^augur: TOPOLOGY_NOT_FOUND \(HTTP 404\): .*does not know topology "NoSuchTopology"/,
    );
  });

  it('exits 2 for a rate the API refuses, 3 when augur does not answer, 1 for arguments it never sends', async () => {
    expect((await model('current', HERON, ['sentence=-1'])).stderr).toMatch(
      /BAD_REQUEST \(HTTP 400\): query\.sentence/,
    );
    expect((await model('current', HERON, ['sentence=-1'])).code).toBe(EXIT_CODES.refused);
    const closed = await model('current', HERON, [LIGHT], { url: 'http://127.0.0.1:1' });
    expect(closed).toMatchObject({
      code: EXIT_CODES.unavailable,
      stderr: expect.stringMatching(/UNREACHABLE/),
    });
    expect((await model('current', HERON, ['150'])).code).toBe(EXIT_CODES.usage);
    expect((await model('traffic', HERON, [], { failOn: ['backpressure'] })).code).toBe(EXIT_CODES.usage);
    expect((await model('proposed', HERON, [LIGHT])).stderr).toMatch(/proposed needs --plan FILE/);
  });
});

describe('augur model scaling and proposed', () => {
  it('advises more count instances for the overload, prints the heron update command and saves the plan', async () => {
    const plan = join(dir, 'advised.pb');
    const { code, stdout, stderr } = await model('scaling', HERON, [OVERLOAD, 'role=augur'], {
      savePlan: plan,
      failOn: ['backpressure'],
    });
    // --fail-on judges the recommended plan, which does not backpressure.
    expect(code, stderr).toBe(EXIT_CODES.ok);
    expect(stdout).toMatch(/^ {2}count\s+bolt\s+4 → (\d+)\s/m);
    expect(stdout).toMatch(/^ {2}sentence\s+spout\s+3 → 3\s.*not_scaled$/m);
    expect(stdout).toMatch(
      /^apply: heron update local\/augur\/default WordCountTopology --component-parallelism=count:\d+ /m,
    );
    const [today, recommended] = (row(stdout, 'backpressure') ?? '').split(/\s{2,}/);
    expect(today).toMatch(/^yes: /);
    expect(recommended).toBe('no');
    expect(stderr).toContain(`recommended plan written to ${plan} (Heron PackingPlan (protobuf))`);

    // The saved plan, posted back, is predicted as the advice said.
    const proposed = await model('proposed', HERON, [OVERLOAD], { plan, failOn: ['backpressure'] });
    expect(proposed.code, proposed.stderr).toBe(EXIT_CODES.ok);
    expect(proposed.stdout).toMatch(/· proposed plan ·/);
    expect(row(proposed.stdout, 'backpressure')).toBe('no');
    const [, recommendedInstances] = (row(stdout, 'instances') ?? '').split(/\s+/);
    expect(row(proposed.stdout, 'instances')).toBe(recommendedInstances);
  });

  it('models a proposed plan from a JSON file (the Tracker form), failing on the backpressure it predicts', async () => {
    const result = await model('proposed', HERON, [OVERLOAD], {
      plan: TRACKER_PLAN,
      failOn: ['backpressure'],
    });
    expect(result.code).toBe(EXIT_CODES.failOn);
    expect(result.stdout).toMatch(/· proposed plan ·/);
    expect(row(result.stdout, 'instances')).toBe('11');
  });

  it('saves a JSON plan with a .json name, and a Storm assignment, each accepted as --plan', async () => {
    const heronJson = join(dir, 'advised.json');
    await model('scaling', HERON, [OVERLOAD], { savePlan: heronJson });
    expect(JSON.parse(readFileSync(heronJson, 'utf8')).container_plans.length).toBeGreaterThan(0);
    expect((await model('proposed', HERON, [OVERLOAD], { plan: heronJson })).code).toBe(EXIT_CODES.ok);

    const storm = join(dir, 'storm.json');
    const advice = await model('scaling', STORM, ['sentence=300'], { savePlan: storm });
    expect(advice.code, advice.stderr).toBe(EXIT_CODES.ok);
    expect(advice.stdout).toMatch(/^apply: (storm rebalance storm-word-count|nothing to change)/m);
    const proposed = await model('proposed', STORM, ['sentence=300'], { plan: storm });
    expect(proposed.code, proposed.stderr).toBe(EXIT_CODES.ok);
    expect(proposed.stdout).toMatch(/^storm-word-count \(storm\) · proposed plan ·/);
  });

  it('refuses a plan file that is neither JSON nor a PackingPlan with the API code', async () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'certainly not protobuf');
    const { code, stderr } = await model('proposed', HERON, [LIGHT], { plan: junk });
    expect(code).toBe(EXIT_CODES.refused);
    expect(stderr).toMatch(/^augur: BAD_REQUEST \(HTTP 400\)/);
  });
});

describe('augur model traffic and graph', () => {
  it('prints the measured summary and the forecast per spout stream', async () => {
    const { code, stdout, stderr } = await model('traffic', HERON, ['duration=2', 'units=h']);
    expect(code, stderr).toBe(EXIT_CODES.ok);
    expect(stdout).toMatch(/traffic over the next 120 min, from 3 h of history · traffic-/);
    expect(stdout).toMatch(/^ {2}summary\s+sentence\s+default\s+[\d,.]+\s+[\d,.]+\s+[\d,.]+\s+—$/m);
    expect(stdout).toMatch(/^ {2}forecast\s+sentence\s+default(\s+[\d,.]+){4}\s+\S/m);
  });

  it('prints the critical path and fan-in/out per component, for the running plan and a proposed one', async () => {
    const { code, stdout } = await model('graph', HERON, [LIGHT]);
    expect(code).toBe(EXIT_CODES.ok);
    expect(stdout).toMatch(/^critical path: sentence → split → count \([\d.]+ ms\)$/m);
    expect(stdout).toMatch(/^ {2}sentence\s+spout\s+3\s+0\s+4\s/m);
    expect(stdout).toMatch(/^ {2}count\s+bolt\s+4\s+4\s+0\s/m);

    const plan = join(dir, 'graph-plan.pb');
    await model('scaling', HERON, [OVERLOAD], { savePlan: plan });
    const proposed = await model('graph', HERON, [OVERLOAD], { plan });
    expect(proposed.code, proposed.stderr).toBe(EXIT_CODES.ok);
    expect(proposed.stdout).not.toMatch(/^ {2}count\s+bolt\s+4\s/m);
  });
});

describe('augur report', () => {
  it('exits 2 with MODEL_NOT_FOUND for an id augur never made', async () => {
    const { io, written } = capturedOutput();
    const code = await reportCommand(
      { modelId: 'topology-AAAAAAAAAAAAAAAAAAAAAA', dsps: 'heron', topology: HERON, url },
      io,
    );
    expect(code).toBe(EXIT_CODES.refused);
    expect(written.stdout).toBe('');
    expect(written.stderr).toMatch(/^augur: MODEL_NOT_FOUND \(HTTP 404\)/);
  });
});

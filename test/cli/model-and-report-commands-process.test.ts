import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { buildUi, CONSOLE_OUT_DIR } from '../../web/build-ui.js';
import { startAugur } from '../support/augur-process.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

let t: TestApp;
let url: string;

beforeAll(async () => {
  // The report route serves the console's bundle; build it once if no run has yet.
  if (!existsSync(join(CONSOLE_OUT_DIR, 'report.js'))) await buildUi();
  const topology = { current: ['queueing-theory'], proposed: ['queueing-theory'] };
  t = await buildTestApp({ model: { traffic: { heron: ['summary'] }, topology: { heron: topology } } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t?.close());

/** The real `augur` process, as a deploy script runs it. */
async function augur(args: string[], env: Record<string, string> = {}) {
  const proc = startAugur(args, env);
  const code = await proc.exited;
  return { code, output: proc.output() };
}

describe('augur model / augur report as processes', () => {
  it('exits 4 on --fail-on backpressure for an overload, finding augur through $AUGUR_URL, then reports the result', async () => {
    const run = await augur(
      ['model', 'current', 'heron', 'WordCountTopology', 'sentence=10000', '--fail-on', 'backpressure'],
      { AUGUR_URL: url },
    );
    expect(run.code, run.output).toBe(EXIT_CODES.failOn);
    expect(run.output).toMatch(/^ {2}backpressure\s+yes: container_1_count_1/m);
    expect(run.output).toContain('augur: fail-on: backpressure predicted at container_1_count_1');

    const modelId = /augur: current (topology-\S+) accepted/.exec(run.output)?.[1] ?? '';
    expect(modelId).not.toBe('');
    const report = await augur(['report', modelId, '--topology', 'WordCountTopology', '--url', url]);
    expect(report.code, report.output.slice(0, 500)).toBe(EXIT_CODES.ok);
    expect(report.output).toMatch(/^<!doctype html>/);
    expect(report.output).toContain(`<title>augur report ${modelId} (WordCountTopology)</title>`);
  });

  it('exits 2 with the API error for an unknown topology, and 1 for an unknown aspect', async () => {
    const missing = await augur(['model', 'current', 'heron', 'NoSuchTopology', 'sentence=1', '--url', url]);
    expect(missing.code).toBe(EXIT_CODES.refused);
    expect(missing.output).toMatch(/augur: TOPOLOGY_NOT_FOUND \(HTTP 404\)/);
    const unknown = await augur(['model', 'forecast', 'heron', 'WordCountTopology', '--url', url]);
    expect(unknown.code).toBe(EXIT_CODES.usage);
    expect(unknown.output).toMatch(
      /'forecast' is invalid for argument 'aspect'\. Allowed choices are traffic, current/,
    );
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePlanFiles } from '../../scripts/generate-example-plans.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type RunningServices, startServices } from '../../src/services.js';

/**
 * The README's shell examples, run as they are written against augur started as `npm start` starts it
 * (shipped configuration, embedded queue, example topologies) on a free port: every `curl` must answer 200
 * or 202, and every poll (`model_id=` in the URL) 200 with a complete result.
 */
const README = readFileSync('README.md', 'utf8');

/** The README's ```sh blocks that talk to augur. */
const curlBlocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? '')
  .filter((block) => block.includes('localhost:3000'));

/** `curl` runs a block makes: one per `curl` word outside comments. */
const curlsIn = (block: string) =>
  block
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .reduce((n, line) => n + (line.match(/(^|[\s|(])curl\s/g)?.length ?? 0), 0);

/** Records each call: `<status> <url>` in `<file>.status`, the answer (with headers for -i) in `<file>.body`. */
const PRELUDE = `set -euo pipefail
curl() {
  local f; f=$(mktemp "$README_CALLS/call.XXXXXX")
  command curl --max-time 60 -w '%{stderr}%{http_code} %{url_effective}\\n' "$@" 2>"$f.status" | tee "$f.body"
}
`;

const run = promisify(execFile);

describe('README commands', () => {
  let services: RunningServices;
  let base: string;
  let cwd: string;
  beforeAll(async () => {
    const config = loadConfig({ dir: 'config', env: { PORT: '0' } });
    // No shedding on event-loop lag: the test run oversubscribes the cores (shedding is tested on its own).
    const server = {
      ...config.server,
      logLevel: 'warn' as const,
      underPressure: { ...config.server.underPressure, maxEventLoopDelayMs: 0 },
    };
    services = await startServices({ ...config, server }, 'all');
    base = (services.url ?? '').replace(/^http:\/\//, '');
    // The commands write files (advice.json) and read examples/: run them in a scratch directory.
    cwd = mkdtempSync(join(tmpdir(), 'augur-readme-'));
    symlinkSync(resolve('examples'), join(cwd, 'examples'));
  }, 60_000);
  afterAll(async () => {
    await services?.close();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('finds the examples: topologies, traffic, topology, proposed plans, scaling, Storm', () => {
    expect(curlBlocks.length).toBeGreaterThanOrEqual(4);
    const all = curlBlocks.join('\n');
    for (const path of [
      '/topologies/heron',
      '/model/traffic/heron/',
      '/model/topology/heron/current/',
      '/model/topology/heron/proposed/',
      '/model/scaling/heron/',
      '/model/topology/storm/proposed/',
      '@examples/plans/word-count.pb',
      '@examples/plans/word-count.json',
      '@examples/plans/storm-word-count.json',
    ])
      expect(all).toContain(path);
    expect(all).not.toMatch(/…/);
  });

  it.each(curlBlocks.map((block, i) => [i + 1, block] as const))(
    'block %i runs: every curl answers 200 or 202 and every poll completes',
    async (_n, block) => {
      const calls = mkdtempSync(join(cwd, 'calls-'));
      const script = PRELUDE + block.replaceAll('localhost:3000', base);
      await run('bash', ['-c', script], {
        cwd,
        env: { ...process.env, README_CALLS: calls },
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      const answers = readdirSync(calls)
        .filter((f) => f.endsWith('.status'))
        .map((f) => {
          const [status, url] = readFileSync(join(calls, f), 'utf8').trim().split(' ');
          const raw = readFileSync(join(calls, f.replace(/\.status$/, '.body')), 'utf8');
          // `curl -i` prints the headers first
          const body = raw.startsWith('HTTP/') ? raw.slice(raw.indexOf('\r\n\r\n') + 4) : raw;
          return { status: Number(status), url: url ?? '', body };
        });
      expect(answers).toHaveLength(curlsIn(block));
      for (const answer of answers) {
        expect([200, 202], `${answer.url}: ${answer.body}`).toContain(answer.status);
        if (answer.url.includes('model_id=')) {
          expect(answer.status, answer.url).toBe(200);
          expect(JSON.parse(answer.body).status, answer.body.slice(0, 500)).toBe('complete');
        }
      }
    },
    240_000,
  );

  it('examples/plans are what `npm run example:generate-plans` writes', async () => {
    const files = await examplePlanFiles(`http://${base}`);
    expect(Object.keys(files).sort()).toEqual(
      readdirSync('examples/plans')
        .filter((f) => f !== 'README.md')
        .sort(),
    );
    for (const [name, bytes] of Object.entries(files))
      expect(Buffer.from(bytes).equals(readFileSync(join('examples/plans', name))), name).toBe(true);
  }, 120_000);
});

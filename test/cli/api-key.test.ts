import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { startAugur } from '../support/augur-process.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

const KEY = 'cli-key-7d41';
let t: TestApp;
let url: string;

beforeAll(async () => {
  // Configured as if on 0.0.0.0, so keys are required; listening on loopback for the test.
  t = await buildTestApp({
    server: {
      host: '0.0.0.0',
      auth: {
        keys: [{ name: 'deploy', sha256: createHash('sha256').update(KEY).digest('hex'), scopes: ['model'] }],
      },
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t?.close());

async function augur(args: string[], env: Record<string, string> = {}) {
  const proc = startAugur(args, env);
  return { code: await proc.exited, output: proc.output() };
}

describe('augur model against an augur that requires API keys', () => {
  it('is refused without a key (exit 2, UNAUTHORIZED)', async () => {
    const run = await augur(['model', 'traffic', 'heron', 'WordCountTopology', '--url', url]);
    expect(run.code, run.output).toBe(EXIT_CODES.refused);
    expect(run.output).toContain('UNAUTHORIZED');
  });

  it('sends the key from $AUGUR_API_KEY or --api-key', async () => {
    const fromEnv = await augur(['model', 'traffic', 'heron', 'WordCountTopology', '--url', url], {
      AUGUR_API_KEY: KEY,
    });
    expect(fromEnv.code, fromEnv.output).toBe(EXIT_CODES.ok);
    const fromFlag = await augur([
      'model',
      'traffic',
      'heron',
      'WordCountTopology',
      '--url',
      url,
      '--api-key',
      KEY,
      '--json',
    ]);
    expect(fromFlag.code, fromFlag.output).toBe(EXIT_CODES.ok);
    expect(fromFlag.output).toContain('"status": "complete"');
  });
});

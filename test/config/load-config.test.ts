import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'augur-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadConfig', () => {
  it('gives defaults with an empty directory and embedded mode without Redis', () => {
    const config = loadConfig({ dir: configDir({}), env: {} });
    expect(config.server.port).toBe(3000);
    expect(config.redis.url).toBeUndefined();
    expect(config.queue.resultTtlSec).toBe(7 * 24 * 3600);
    expect(Object.isFrozen(config.queue)).toBe(true);
  });

  it('merges files in order (default, heron, storm, then the rest) and env last', () => {
    const dir = configDir({
      'default.yaml': 'queue: { attempts: 2, concurrency: 2 }\nserver: { port: 4000 }',
      'heron.yaml': 'queue: { attempts: 4 }',
      'zz-local.yaml': 'queue: { concurrency: 8 }',
    });
    const config = loadConfig({
      dir,
      env: {
        PORT: '5000',
        REDIS_URL: 'redis://r:6379',
        AUGUR_QUEUE__JOB_TIMEOUT_MS: '9000',
        AUGUR_MODEL__TRAFFIC__HERON: '[summary]',
      },
    });
    expect(config.queue).toMatchObject({ attempts: 4, concurrency: 8, jobTimeoutMs: 9000 });
    expect(config.server.port).toBe(5000);
    expect(config.redis.url).toBe('redis://r:6379');
    expect(config.model.traffic.heron).toEqual(['summary']);
  });

  it.each([
    ['an unknown key', 'queue: { atempts: 3 }', /queue: Unrecognized key.*atempts/],
    ['a wrong type', 'server: { port: eighty }', /server\.port: .*expected number/],
    ['an out-of-range value', 'queue: { attempts: 0 }', /queue\.attempts: /],
    [
      'a tracker source without a URL',
      'metrics: { heron: { source: tracker } }',
      /metrics\.heron\.tracker: .*url is required/,
    ],
    ['a malformed Redis URL', 'redis: { url: "localhost:6379" }', /redis\.url: must start with redis:\/\//],
  ])('stops on %s, naming the key', (_what, yaml, message) => {
    expect(() => loadConfig({ dir: configDir({ 'default.yaml': yaml }), env: {} })).toThrow(message);
  });

  it('names the environment override that is wrong', () => {
    expect(() => loadConfig({ dir: configDir({}), env: { AUGUR_QUEUE__CONCURENCY: '3' } })).toThrow(
      /concurency/,
    );
  });

  it('reports a file that is not YAML', () => {
    expect(() => loadConfig({ dir: configDir({ 'default.yaml': 'a: [1,' }), env: {} })).toThrow(
      /default\.yaml/,
    );
  });

  it('loads the shipped configuration', () => {
    const config = loadConfig({ dir: 'config', env: {} });
    expect(config.model.traffic.heron).toEqual(['summary', 'forecast']);
    expect(config.metrics.heron.source).toBe('snapshot');
  });
});

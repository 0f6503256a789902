import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
};
const ours = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } })
  .engines.node;

describe('Node versions', () => {
  it('every installed package accepts the oldest Node the package.json promises (npm ci warns of none)', () => {
    const oldest = semver.minVersion(ours)?.version ?? '';
    expect(semver.major(oldest)).toBe(20);
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => {
        const range = (p.engines as { node: string }).node;
        return !semver.satisfies(oldest, range);
      })
      .map(([path, p]) => `${path}: node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});

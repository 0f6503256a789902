import { describe, expect, it } from 'vitest';
import { snapshotFingerprint } from '../../src/topology/snapshot-fingerprint.js';
import { syntheticSnapshot } from '../graph/support/synthetic-topology.js';

const spec = {
  name: 'T',
  containers: 2,
  components: [
    { name: 's', kind: 'spout' as const, parallelism: 2 },
    { name: 'b', kind: 'bolt' as const, parallelism: 2 },
  ],
  streams: [{ source: 's', target: 'b', grouping: 'SHUFFLE' as const }],
};

describe('snapshotFingerprint', () => {
  it('is the same for two builds of the same plans, whatever the key order', () => {
    const reversedKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversedKeys)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversedKeys(v)]),
            )
          : value;
    const a = syntheticSnapshot(spec);
    expect(snapshotFingerprint(a)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(snapshotFingerprint(syntheticSnapshot(spec))).toBe(snapshotFingerprint(a));
    expect(snapshotFingerprint(reversedKeys(a) as typeof a)).toBe(snapshotFingerprint(a));
  });

  it('changes when the container numbering changes, though the canonical plan hash does not', () => {
    const a = syntheticSnapshot(spec);
    const renumbered = syntheticSnapshot({ ...spec });
    // Swap the containers' numbers: container_1 ↔ container_2 everywhere.
    const swap = (text: string) =>
      text
        .replace(/container_([12])/g, (_, n: string) => `container_${n === '1' ? '2' : '1'}`)
        .replace(/stmgr-([12])/g, (_, n: string) => `stmgr-${n === '1' ? '2' : '1'}`);
    const swapped = JSON.parse(swap(JSON.stringify(renumbered)));
    expect(swapped.planHash).toBe(a.planHash);
    expect(snapshotFingerprint(swapped)).not.toBe(snapshotFingerprint(a));
  });
});

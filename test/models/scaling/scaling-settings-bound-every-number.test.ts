import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { parseScalingSettings } from '../../../src/models/scaling/scaling-settings.js';

/** `{ a: { b: value } }` from 'a.b'. */
function at(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<
    string,
    unknown
  >;
}

function fieldRejected(settings: unknown): string | undefined {
  try {
    parseScalingSettings(settings);
  } catch (err) {
    if (err instanceof AppError && err.code === 'BAD_REQUEST') return err.details?.field as string;
    throw err;
  }
  return undefined;
}

const GIB = 1024 ** 3;
// Each number of the settings with its largest accepted value; one more is refused, and so are
// ±∞ and NaN (zod 4's z.number() refuses them without `.finite()`).
const BOUNDED: Array<{ path: string; most: number; tooBig: number }> = [
  { path: 'targetUtilisation', most: 1, tooBig: 1.01 },
  { path: 'tolerance', most: 1, tooBig: 1.01 },
  { path: 'maxScaleUpFactor', most: 1000, tooBig: 1000.5 },
  { path: 'maxScaleDownFactor', most: 1, tooBig: 1.01 },
  { path: 'components.bolt.min', most: 10_000, tooBig: 10_001 },
  { path: 'components.bolt.max', most: Number.MAX_SAFE_INTEGER, tooBig: 2 ** 53 },
  { path: 'components.bolt.maxParallelism', most: 32_768, tooBig: 32_769 },
  { path: 'packing.cpuCoresPerContainer', most: 100_000, tooBig: 100_001 },
  { path: 'packing.ramBytesPerContainer', most: 2 ** 50, tooBig: 2 ** 50 + 1024 },
  { path: 'packing.diskBytesPerContainer', most: 2 ** 53, tooBig: 2 ** 54 },
  { path: 'packing.minContainers', most: 100_000, tooBig: 100_001 },
  { path: 'backlog.thresholdTuplesPerInstance', most: 1e12, tooBig: 1.1e12 },
  { path: 'backlog.spawnRatio', most: 1, tooBig: 1.01 },
  { path: 'backlog.minIdleInstances', most: 1e12, tooBig: 1e12 + 1 },
  { path: 'backlog.maxInstances', most: 1e12, tooBig: 1e12 + 1 },
  { path: 'formula.queuedWeight', most: 1e12, tooBig: 1.1e12 },
  { path: 'formula.runningWeight', most: 1e12, tooBig: 1.1e12 },
  { path: 'formula.multiplier', most: 1e12, tooBig: 1.1e12 },
  { path: 'formula.excessInstances', most: 1e12, tooBig: 1.1e12 },
  { path: 'formula.drainSec', most: 1e12, tooBig: 1.1e12 },
  { path: 'formula.minInstances', most: 1e12, tooBig: 1e12 + 1 },
  { path: 'formula.maxInstances', most: 1e12, tooBig: 1e12 + 1 },
];
const INSTANCE = { cpuCores: 1, ramBytes: GIB, diskBytes: GIB };
const INSTANCE_BOUNDED: Array<{ field: keyof typeof INSTANCE; most: number; tooBig: number }> = [
  { field: 'cpuCores', most: 100_000, tooBig: 100_001 },
  { field: 'ramBytes', most: 2 ** 50, tooBig: 2 ** 51 },
  { field: 'diskBytes', most: 2 ** 53, tooBig: 2 ** 54 },
];

describe('every number of the scaling settings is finite and bounded', () => {
  it.each(BOUNDED)('$path accepts $most', ({ path, most }) => {
    expect(fieldRejected(at(path, most))).toBeUndefined();
  });

  it.each(
    BOUNDED.flatMap(({ path, tooBig }) =>
      [tooBig, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN].map((value) => ({
        path,
        value,
      })),
    ),
  )('$path refuses $value, naming the field', ({ path, value }) => {
    expect(fieldRejected(at(path, value))).toBe(path);
  });

  it.each(INSTANCE_BOUNDED)('packing.instanceResources.$field accepts $most', ({ field, most }) => {
    expect(fieldRejected({ packing: { instanceResources: { ...INSTANCE, [field]: most } } })).toBeUndefined();
  });

  it.each(
    INSTANCE_BOUNDED.flatMap(({ field, tooBig }) =>
      [tooBig, Number.POSITIVE_INFINITY, Number.NaN].map((value) => ({ field, value })),
    ),
  )('packing.instanceResources.$field refuses $value, naming the field', ({ field, value }) => {
    expect(fieldRejected({ packing: { instanceResources: { ...INSTANCE, [field]: value } } })).toBe(
      `packing.instanceResources.${field}`,
    );
  });

  it('explains the two bounds that are not self-evident', () => {
    expect(() => parseScalingSettings({ components: { b: { min: 10_001 } } })).toThrow(
      'Invalid components.b.min: must be at most 10000: augur never recommends more instances of one component',
    );
    expect(() => parseScalingSettings({ components: { b: { maxParallelism: 20_000_000_089 } } })).toThrow(
      "Invalid components.b.maxParallelism: must be at most 32768 key groups (Flink's upper bound of maxParallelism)",
    );
  });

  it('has no minContainers by default, and refuses 0 or a fraction', () => {
    expect(parseScalingSettings({}).packing.minContainers).toBeUndefined();
    expect(fieldRejected({ packing: { minContainers: 0 } })).toBe('packing.minContainers');
    expect(fieldRejected({ packing: { minContainers: 1.5 } })).toBe('packing.minContainers');
  });
});

import { describe, expect, it } from 'vitest';
import { MODEL_ID_PATTERN, modelIdOf, wholeMinuteSec } from '../../src/jobs/model-id.js';

const base = {
  aspect: 'traffic' as const,
  ref: { dsps: 'heron' as const, cluster: 'local', environ: 'default', topology: 'WordCount' },
  params: { duration: 2, units: 'h', duration_minutes: 120, source_hours: 3 },
  models: ['summary'],
  requestedAtSec: 1_700_000_040,
};

describe('modelIdOf', () => {
  it('is deterministic and ignores key order', () => {
    const reordered = {
      ...base,
      params: { source_hours: 3, duration_minutes: 120, units: 'h', duration: 2 },
    };
    expect(modelIdOf(base)).toBe(modelIdOf(reordered));
  });

  it.each([
    ['topology', { ref: { ...base.ref, topology: 'Other' } }],
    ['cluster', { ref: { ...base.ref, cluster: 'prod' } }],
    ['role', { ref: { ...base.ref, role: 'ads' } }],
    ['aspect', { aspect: 'topology' as const }],
    ['parameters', { params: { ...base.params, source_hours: 4 } }],
    ['models', { models: ['summary', 'forecast'] }],
    ['minute', { requestedAtSec: base.requestedAtSec + 60 }],
  ])('changes with the %s', (_what, change) => {
    expect(modelIdOf({ ...base, ...change })).not.toBe(modelIdOf(base));
  });

  it('is URL-safe, has no colon and is never all digits', () => {
    for (let minute = 0; minute < 500; minute++) {
      const id = modelIdOf({ ...base, requestedAtSec: base.requestedAtSec + minute * 60 });
      expect(id).toMatch(MODEL_ID_PATTERN);
      expect(id).not.toMatch(/^\d+$/);
      expect(encodeURIComponent(id)).toBe(id);
    }
  });

  it('puts requests made within the same minute in one bucket', () => {
    expect(wholeMinuteSec(1_700_000_040_000)).toBe(1_700_000_040);
    expect(wholeMinuteSec(1_700_000_099_999)).toBe(1_700_000_040);
    expect(wholeMinuteSec(1_700_000_100_000)).toBe(1_700_000_100);
  });
});

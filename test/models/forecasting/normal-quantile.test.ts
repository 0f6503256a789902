import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../src/models/forecasting/normal-quantile.js';

/** scipy.stats.norm.ppf values, from scripts/generate-forecast-fixtures.py. */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/normal-scipy.json', import.meta.url), 'utf8'),
) as {
  cases: Array<{ p: number; z: number }>;
};

describe('normalQuantile (AS 241)', () => {
  it.each(fixture.cases)('Φ⁻¹($p) = $z', ({ p, z }) => {
    // AS 241 is accurate to about 1e-16 relative; 1e-14 allows for SciPy's own rounding.
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(z)));
  });

  it('is ±∞ at 0 and 1 and rejects probabilities outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});

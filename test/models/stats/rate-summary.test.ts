import { describe, expect, it } from 'vitest';
import { summariseRates } from '../../../src/models/stats/rate-summary.js';

describe('summariseRates', () => {
  it('matches Python statistics.quantiles(method="inclusive"), i.e. R type 7', () => {
    // python3 -c "import statistics as st; r=[v/60 for v in [120,180,150,90,210,60,300,240,30,270]];
    //   q=st.quantiles(r, n=100, method='inclusive'); print(st.mean(r), st.median(r), q[9], q[89], q[94], q[98])"
    // → 2.75 2.75 0.95 4.55 4.775 4.955
    const rates = [120, 180, 150, 90, 210, 60, 300, 240, 30, 270].map((c) => c / 60);
    const s = summariseRates(rates);
    expect(s.mean).toBeCloseTo(2.75, 12);
    expect(s.median).toBeCloseTo(2.75, 12);
    expect(s.quantiles.p10).toBeCloseTo(0.95, 12);
    expect(s.quantiles.p90).toBeCloseTo(4.55, 12);
    expect(s.quantiles.p95).toBeCloseTo(4.775, 12);
    expect(s.quantiles.p99).toBeCloseTo(4.955, 12);
    expect(s.min).toBe(0.5);
    expect(s.max).toBe(5);
    expect(s.samples).toBe(10);
    expect(s.units).toBe('tuples/s');
  });

  it('summarises a single observation as itself', () => {
    const s = summariseRates([7]);
    expect([s.mean, s.median, s.min, s.max, s.quantiles.p99]).toEqual([7, 7, 7, 7, 7]);
  });

  it('refuses an empty series rather than inventing numbers', () => {
    expect(() => summariseRates([])).toThrow(RangeError);
  });
});

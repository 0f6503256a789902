import { describe, expect, it } from 'vitest';
import { sumAlignedSeries } from '../../../src/models/stats/sum-aligned-series.js';

describe('sumAlignedSeries', () => {
  it.each([
    { name: 'no series', series: [], expected: [] },
    {
      name: 'one series',
      series: [
        [
          [0, 1],
          [60, 2],
        ],
      ],
      expected: [
        [0, 1],
        [60, 2],
      ],
    },
    {
      name: 'a bucket one series lacks is left out, not summed as zero',
      series: [
        [
          [0, 1],
          [60, 2],
          [120, 4],
        ],
        [
          [0, 10],
          [120, 40],
        ],
      ],
      expected: [
        [0, 11],
        [120, 44],
      ],
    },
    {
      name: 'unordered input gives ordered output',
      series: [
        [
          [120, 1],
          [60, 2],
        ],
        [
          [60, 3],
          [120, 4],
        ],
      ],
      expected: [
        [60, 5],
        [120, 5],
      ],
    },
  ] as const)('$name', ({ series, expected }) => {
    expect(sumAlignedSeries(series as never)).toEqual(expected);
  });
});

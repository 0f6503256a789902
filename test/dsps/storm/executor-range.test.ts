import { describe, expect, it } from 'vitest';
import {
  assertDisjointRanges,
  findRangeOverlaps,
  formatExecutorRange,
  parseExecutorRange,
  readExecutorRange,
} from '../../../src/dsps/storm/executor-range.js';
import { AppError } from '../../../src/errors.js';

describe('executor task ranges', () => {
  it.each([
    ['[10-12]', 10, 12],
    ['[2, 2]', 2, 2],
    ['10-12', 10, 12],
    [' [ 3 - 4 ] ', 3, 4],
    ['[-1--1]', -1, -1],
  ])('reads %j', (text, startTask, endTask) => {
    expect(parseExecutorRange(text)).toEqual({ startTask, endTask });
  });

  it.each([
    ['[12-10]', /starts after it ends/],
    ['[10-12', /not an executor task range/],
    ['10-12]', /not an executor task range/],
    ['[a-b]', /not an executor task range/],
    ['[10]', /not an executor task range/],
    ['', /not an executor task range/],
    ['[1.5-2]', /not an executor task range/],
  ])('rejects %j', (text, reason) => {
    const result = readExecutorRange(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('throws the code the caller names', () => {
    expect(() => parseExecutorRange('[x]')).toThrow(
      expect.objectContaining({ code: 'METRICS_BAD_RESPONSE' }),
    );
    expect(() => parseExecutorRange('[x]', 'BAD_REQUEST')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
  });

  it("formats Storm's own spelling", () => {
    expect(formatExecutorRange({ startTask: 4, endTask: 6 })).toBe('[4-6]');
  });

  it('finds every overlapping pair and names them', () => {
    const r = (label: string) => ({ label, range: parseExecutorRange(label) });
    expect(findRangeOverlaps([r('[1-2]'), r('[3-4]'), r('[5-5]')])).toEqual([]);
    expect(findRangeOverlaps([r('[3-6]'), r('[1-3]'), r('[5-5]'), r('[7-8]')])).toEqual([
      { first: '[1-3]', second: '[3-6]' },
      { first: '[3-6]', second: '[5-5]' },
    ]);
    let err: unknown;
    try {
      assertDisjointRanges([r('[1-3]'), r('[2-4]')], 'BAD_REQUEST');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_REQUEST');
    expect((err as AppError).message).toContain('[1-3] and [2-4] share tasks');
  });
});

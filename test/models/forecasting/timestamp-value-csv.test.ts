import { describe, expect, it } from 'vitest';
import {
  parseTimestampSec,
  parseTimestampValueCsv,
} from '../../../src/models/forecasting/timestamp-value-csv.js';

describe('parseTimestampValueCsv', () => {
  it('reads NAB-style "YYYY-MM-DD HH:MM:SS" as UTC and skips the header', () => {
    expect(
      parseTimestampValueCsv('timestamp,value\n2015-02-26 21:42:53,104\n2015-02-26 21:47:53,100.5\n'),
    ).toEqual([
      [1424986973, 104],
      [1424987273, 100.5],
    ]);
  });

  it('reads ISO-8601 and Unix seconds, and leaves empty values out (gaps, not zeros)', () => {
    expect(parseTimestampValueCsv('2015-02-26T21:42:53Z,1\n1424987273,\n1424987573,3')).toEqual([
      [1424986973, 1],
      [1424987573, 3],
    ]);
  });

  it('says which line it cannot read', () => {
    expect(() => parseTimestampValueCsv('t,v\n2015-01-01 00:00:00,1\nyesterday,2')).toThrow(/line 3/);
  });

  it('parseTimestampSec returns null for unreadable text', () => {
    expect(parseTimestampSec('1970-01-01 00:01:00')).toBe(60);
    expect(parseTimestampSec('nope')).toBeNull();
  });
});

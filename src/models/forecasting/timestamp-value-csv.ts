/**
 * Reads a `timestamp,value` CSV (a header line is skipped when its value column is not numeric).
 * Timestamps may be `YYYY-MM-DD HH:MM:SS` (read as UTC), ISO-8601, or Unix seconds. Empty or
 * non-numeric values are skipped (they become gaps, not zeros).
 *
 * @param text the file's contents
 * @returns `[timestampSec, value]` in file order
 * @example parseTimestampValueCsv('timestamp,value\n2015-02-26 21:42:53,104') // [[1424986973, 104]]
 */
export function parseTimestampValueCsv(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const comma = line.indexOf(',');
    if (comma < 0) throw new SyntaxError(`line ${index + 1}: expected "timestamp,value"`);
    const stamp = line.slice(0, comma).trim().replace(/^"|"$/g, '');
    const valueText = line
      .slice(comma + 1)
      .trim()
      .replace(/^"|"$/g, '');
    const t = parseTimestampSec(stamp);
    if (t === null) {
      if (out.length === 0 && index === 0) continue;
      throw new SyntaxError(`line ${index + 1}: unreadable timestamp "${stamp}"`);
    }
    const value = valueText === '' ? Number.NaN : Number(valueText);
    if (Number.isFinite(value)) out.push([t, value]);
  }
  return out;
}

/**
 * A timestamp in Unix seconds: a number is taken as seconds, `YYYY-MM-DD HH:MM:SS` as UTC, anything
 * else through ISO-8601 parsing. Null when unreadable.
 *
 * @example parseTimestampSec('1970-01-01 00:01:00') // 60
 */
export function parseTimestampSec(text: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const plain = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(text);
  if (plain) {
    const [, y, mo, d, h, mi, s] = plain;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), 0) / 1000 + Number(s ?? 0);
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms / 1000;
}

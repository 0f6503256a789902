/** Plain-text tables for a terminal: columns padded to their widest cell, numbers right-aligned. */

/** A cell that reads as a number: digits with an optional unit, or the `—` of "no value". */
const NUMERIC = /^([-+]?[\d,.]+(e[-+]?\d+)?( ?(%|ms|×|cores|tuples\/s))?|—)$/;

/** Width in columns: ρ, λ, → and — take one each (no wide characters in these tables). */
const widthOf = (s: string) => [...s].length;

/**
 * The header and rows as aligned lines, two spaces between columns, no trailing spaces. A column whose
 * every body cell reads as a number is right-aligned, its header too.
 */
export function textTable(header: string[], rows: string[][], indent = '  '): string {
  const all = [header, ...rows];
  const columns = Math.max(...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...all.map((r) => widthOf(r[c] ?? ''))));
  const right = widths.map((_, c) => rows.length > 0 && rows.every((r) => NUMERIC.test(r[c] ?? '—')));
  const line = (row: string[]) =>
    `${indent}${widths
      .map((width, c) => {
        const cell = row[c] ?? '';
        const pad = ' '.repeat(width - widthOf(cell));
        return right[c] ? pad + cell : cell + pad;
      })
      .join('  ')}`.trimEnd();
  return all.map(line).join('\n');
}

/** `label  value` lines, the labels padded to one width, the values left as they are. */
export function keyValues(pairs: Array<[string, string]>, indent = '  '): string {
  const width = Math.max(...pairs.map(([label]) => widthOf(label)));
  return pairs
    .map(([label, value]) => `${indent}${label}${' '.repeat(width - widthOf(label))}  ${value}`.trimEnd())
    .join('\n');
}

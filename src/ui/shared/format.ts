/** Number formatting with units, for tables a person reads (console, CLI, report). */

/** A number with at most `digits` significant digits, or `—` when there is none. */
export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export const withUnit = (value: number | null | undefined, unit: string, digits = 3) =>
  value === null || value === undefined ? '—' : `${num(value, digits)} ${unit}`;

export const percent = (fraction: number | null | undefined) =>
  fraction === null || fraction === undefined ? '—' : `${num(fraction * 100, 3)} %`;

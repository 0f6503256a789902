/**
 * A number as the reasons of a scaling advice print it: integers as they are, others to three significant
 * digits (no decimals from 100 on), so a reason reads "ρ = 0.686", "1.43 tuples/s" or "2857".
 *
 * @param x a finite number (others print as `∞` or `NaN`)
 * @example formatQuantity(2.857142) // '2.86'
 */
export function formatQuantity(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '-∞';
  if (Number.isInteger(x)) return String(x);
  const magnitude = Math.abs(x);
  if (magnitude < 1) return String(Number(x.toPrecision(3)));
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return String(Number(x.toFixed(digits)));
}

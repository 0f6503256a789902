/**
 * The fixed development/validation split of the NAB traffic series in bench/data/traffic (MIT, see
 * LICENSE-NAB.txt): within each NAB category, series sorted by name alternate dev, validation, dev, …
 * Tuning looks only at the development half; the validation half is reported, never tuned on.
 */

/** NAB category of a series, from its file name. */
export function nabCategory(name: string): string {
  if (name.startsWith('Twitter_volume_')) return 'tweets';
  if (name.startsWith('exchange-')) return 'ad-exchange';
  if (/^(TravelTime|occupancy|speed)_/.test(name)) return 'road-traffic';
  if (
    /^(ambient_temperature|cpu_utilization_asg|ec2_request_latency|machine_temperature|nyc_taxi|rogue_agent)/.test(
      name,
    )
  )
    return 'known-cause';
  return 'aws-cloudwatch';
}

export type SplitHalf = 'dev' | 'validation';

/** Assigns every series to a half: per category, sorted by name, even positions dev, odd validation. */
export function splitSeries(names: readonly string[]): Map<string, SplitHalf> {
  const byCategory = new Map<string, string[]>();
  for (const name of [...names].sort()) {
    const c = nabCategory(name);
    byCategory.set(c, [...(byCategory.get(c) ?? []), name]);
  }
  const out = new Map<string, SplitHalf>();
  for (const list of byCategory.values()) {
    for (const [i, n] of list.entries()) out.set(n, i % 2 === 0 ? 'dev' : 'validation');
  }
  return out;
}

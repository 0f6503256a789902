import { num } from '../ui/shared/format.js';
import type { TopologyModelResults } from '../ui/shared/topology-summary.js';

/**
 * A `--fail-on` condition on a predicted topology result: `backpressure` (any instance at ρ ≥ 1),
 * `utilisation>X` (the bottleneck instance's offered ρ above X), `latency>X` (mean end-to-end latency above X ms)
 * or `cpu` (a container's predicted load above its cores).
 */
export type FailOnCondition =
  | { kind: 'backpressure' }
  | { kind: 'utilisation'; above: number }
  | { kind: 'latency'; aboveMs: number }
  | { kind: 'cpu' };

export const FAIL_ON_FORMS = 'backpressure, utilisation>X, latency>MS or cpu';

/** Parses one `--fail-on` value (comma-separated conditions allowed); throws a usage error. */
export function parseFailOn(value: string): FailOnCondition[] {
  return value.split(',').map((raw) => {
    const text = raw.trim().replaceAll(' ', '');
    if (text === 'backpressure') return { kind: 'backpressure' };
    if (text === 'cpu') return { kind: 'cpu' };
    const match = /^(utilisation|utilization|rho|latency)>(\d+(?:\.\d+)?)(ms)?$/.exec(text);
    const bound = Number(match?.[2]);
    if (!match || !Number.isFinite(bound) || bound <= 0) {
      throw new Error(`--fail-on takes ${FAIL_ON_FORMS}, got "${raw}"`);
    }
    if (match[1] === 'latency') return { kind: 'latency', aboveMs: bound };
    if (match[3]) throw new Error(`--fail-on: utilisation is a fraction (e.g. 0.8), got "${raw}"`);
    return { kind: 'utilisation', above: bound };
  });
}

/** What each violated condition found, one line each; empty when the prediction passes them all. */
export function violationsOf(results: TopologyModelResults, conditions: FailOnCondition[]): string[] {
  const found: string[] = [];
  for (const condition of conditions) {
    if (condition.kind === 'backpressure' && results.backpressure.active) {
      const at = results.backpressure.instances.map((i) => `${i.instance} (ρ ${num(i.utilisation)})`);
      found.push(`backpressure predicted at ${at.join(', ')}`);
    }
    if (condition.kind === 'utilisation') {
      // The bottleneck's offered ρ: what the traffic asks of it, above 1 when it backpressures.
      const bottleneck = results.backpressure.bottleneck;
      if (bottleneck && bottleneck.utilisation > condition.above) {
        found.push(
          `utilisation ${num(bottleneck.utilisation)} at ${bottleneck.instance} is above ${condition.above}`,
        );
      }
    }
    if (condition.kind === 'latency') {
      const mean = results.latency.mean;
      // An unbounded latency (a queue that grows without end) violates any bound.
      if (mean === null ? !results.latency.bounded : mean > condition.aboveMs) {
        found.push(
          `mean latency ${mean === null ? 'unbounded' : `${num(mean)} ms`} is above ${condition.aboveMs} ms`,
        );
      }
    }
    if (condition.kind === 'cpu' && results.cpu.over_capacity.length > 0) {
      found.push(`CPU over capacity in ${results.cpu.over_capacity.join(', ')}`);
    }
  }
  return found;
}

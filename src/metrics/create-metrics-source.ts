import type { Config } from '../config/config-schema.js';
import { AppError } from '../errors.js';
import type { MetricsSource } from './metrics-source.js';
import { SnapshotMetricsSource } from './snapshot-source.js';
import { TrackerMetricsSource } from './tracker-source.js';

/**
 * The Heron metrics source the configuration asks for (`metrics.heron`): a live Tracker (`source: tracker`,
 * with its `url`, `timeoutMs`, `retries`) or an offline snapshot directory (`source: snapshot`, `snapshotDir`
 * resolved from the working directory). Does no I/O: a bad directory or an unreachable Tracker shows in
 * `ping()` and in the calls that need them.
 */
export function createMetricsSource(config: Config): MetricsSource {
  const heron = config.metrics.heron;
  if (heron.source === 'tracker') {
    const tracker = heron.tracker;
    if (!tracker) {
      throw new AppError(
        'CONFIG_INVALID',
        'metrics.heron.tracker.url is required when metrics.heron.source is "tracker"',
      );
    }
    return new TrackerMetricsSource({
      url: tracker.url,
      timeoutMs: tracker.timeoutMs,
      retries: tracker.retries,
    });
  }
  return new SnapshotMetricsSource(heron.snapshotDir);
}

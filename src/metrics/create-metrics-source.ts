import type { Config } from '../config/config-schema.js';
import { AppError } from '../errors.js';
import { GraphiteMetricsSource } from './graphite-source.js';
import type { MetricsSource } from './metrics-source.js';
import { PrometheusMetricsSource } from './prometheus-source.js';
import { SnapshotMetricsSource } from './snapshot-source.js';
import { TrackerMetricsSource } from './tracker-source.js';

/**
 * The Heron metrics source the configuration asks for (`metrics.heron`): a live Tracker (`source: tracker`,
 * with its `url`, `timeoutMs`, `retries`) or an offline snapshot directory (`source: snapshot`, `snapshotDir`
 * resolved from the working directory), with metric series from Prometheus or Graphite when `seriesFrom`
 * says so. Does no I/O: a bad directory or an unreachable Tracker shows in
 * `ping()` and in the calls that need them.
 */
export function createMetricsSource(config: Config): MetricsSource {
  const heron = config.metrics.heron;
  const plans = createPlanSource(config);
  if (heron.seriesFrom === 'prometheus' && heron.prometheus) {
    return new PrometheusMetricsSource({ ...heron.prometheus, structure: plans });
  }
  if (heron.seriesFrom === 'graphite' && heron.graphite) {
    return new GraphiteMetricsSource({ ...heron.graphite, structure: plans });
  }
  return plans;
}

/** The source of topologies and plans (and, by default, metric series): a Tracker or a snapshot. */
function createPlanSource(config: Config): MetricsSource {
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

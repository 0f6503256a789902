import type { Config } from '../config/config-schema.js';
import type { Dsps } from '../topology/topology-ref.js';
import { GraphiteMetricsSource } from './graphite-source.js';
import type { MetricsSource } from './metrics-source.js';
import { PrometheusMetricsSource } from './prometheus-source.js';
import { SnapshotMetricsSource } from './snapshot-source.js';
import { StormSnapshotSource } from './storm-snapshot-source.js';
import { StormUiMetricsSource } from './storm-ui-source.js';
import { TrackerMetricsSource } from './tracker-source.js';

/**
 * The metrics source of one DSPS, as the configuration asks (`metrics.heron`, `metrics.storm`): where
 * topologies and plans come from (Heron: a live Tracker or a snapshot directory; Storm: a live Storm UI or a
 * directory of Storm UI answers), with metric series from Prometheus or Graphite when `seriesFrom` says so.
 * Does no I/O: a bad directory or an unreachable service shows in `ping()` and in the calls that need them.
 */
export function createMetricsSource(config: Config, dsps: Dsps = 'heron'): MetricsSource {
  const settings = config.metrics[dsps];
  const plans = dsps === 'heron' ? heronPlanSource(config) : stormPlanSource(config);
  if (settings.seriesFrom === 'prometheus' && settings.prometheus) {
    return new PrometheusMetricsSource({ ...settings.prometheus, structure: plans });
  }
  if (settings.seriesFrom === 'graphite' && settings.graphite) {
    return new GraphiteMetricsSource({ ...settings.graphite, structure: plans });
  }
  return plans;
}

/** Every DSPS's source, keyed by DSPS. */
export function createMetricsSources(config: Config): Record<Dsps, MetricsSource> {
  return { heron: createMetricsSource(config, 'heron'), storm: createMetricsSource(config, 'storm') };
}

/** Heron topologies and plans (and, by default, metric series): a Tracker or a snapshot. */
function heronPlanSource(config: Config): MetricsSource {
  const heron = config.metrics.heron;
  if (heron.source === 'tracker' && heron.tracker) {
    const { url, timeoutMs, retries } = heron.tracker;
    return new TrackerMetricsSource({ url, timeoutMs, retries });
  }
  return new SnapshotMetricsSource(heron.snapshotDir);
}

/**
 * Storm topologies and plans: a live Storm UI, named by `defaults.storm`'s cluster and environ (Storm has
 * neither), or a directory of Storm UI answers.
 */
function stormPlanSource(config: Config): MetricsSource {
  const storm = config.metrics.storm;
  if (storm.source === 'ui' && storm.ui) {
    const { cluster, environ } = config.defaults.storm;
    // One job reads the same pages several times (structure, assignment, metrics): reuse them for 5 s.
    return new StormUiMetricsSource({ ...storm.ui, cluster, environ, cacheMs: 5000 });
  }
  return new StormSnapshotSource(storm.snapshotDir);
}

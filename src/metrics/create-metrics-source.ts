import type { Config } from '../config/config-schema.js';
import { DSPS_ADAPTERS } from '../dsps/dsps-adapters.js';
import { DSPS_NAMES, type Dsps } from '../topology/topology-ref.js';
import { GraphiteMetricsSource } from './graphite-source.js';
import type { MetricsSource } from './metrics-source.js';
import { PrometheusMetricsSource } from './prometheus-source.js';

/**
 * The metrics source of one DSPS, as the configuration asks (`metrics.heron`, `metrics.storm`): where
 * topologies and plans come from (Heron: a live Tracker or a snapshot directory; Storm: a live Storm UI or a
 * directory of Storm UI answers), with metric series from Prometheus or Graphite when `seriesFrom` says so.
 * Does no I/O: a bad directory or an unreachable service shows in `ping()` and in the calls that need them.
 */
export function createMetricsSource(config: Config, dsps: Dsps): MetricsSource {
  const settings = config.metrics[dsps];
  const plans = DSPS_ADAPTERS[dsps].createPlanSource(config);
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
  return Object.fromEntries(DSPS_NAMES.map((dsps) => [dsps, createMetricsSource(config, dsps)])) as Record<
    Dsps,
    MetricsSource
  >;
}

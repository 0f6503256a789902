import type { Config } from '../../config/config-schema.js';
import { createTopologyGraphStore } from '../../graph/create-graph-client.js';
import { createMetricsSources } from '../../metrics/create-metrics-source.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import { RecordedHistorySource } from '../../metrics/recorded-history-source.js';
import { loadModelRegistry } from '../../models/model-registry.js';
import { HistoryStore } from '../../recorder/history-store.js';
import type { Dsps } from '../../topology/topology-ref.js';
import type { JobProcessor } from '../job-queue.js';
import { createModelJobRunner } from '../run-model-job.js';

export interface JobThreadServices {
  runner: JobProcessor;
  close(): Promise<void>;
}

/**
 * What a job thread needs, built in the thread from the configuration (plain data): the metrics sources
 * (with the recorded history behind them, as `startServices` wires them), the model registry and the graph
 * store.
 */
export async function buildJobThreadServices(config: Config): Promise<JobThreadServices> {
  const live = createMetricsSources(config);
  const { recorder, redis } = config;
  const history =
    recorder.enabled && recorder.serveHistory && redis.url
      ? new HistoryStore({ redis: redis.url, prefix: redis.prefix, retentionSec: recorder.retentionSec })
      : undefined;
  const sources: Partial<Record<Dsps, MetricsSource>> = {};
  for (const [dsps, source] of Object.entries(live) as Array<[Dsps, MetricsSource]>) {
    sources[dsps] = history ? new RecordedHistorySource(source, history) : source;
  }
  const registry = await loadModelRegistry(config);
  const graphs = await createTopologyGraphStore(config);
  return {
    runner: createModelJobRunner({ sources, registry, graphs }),
    async close() {
      await graphs.client.close();
      await history?.close();
      await Promise.all(Object.values(live).map((source) => source.close?.()));
    },
  };
}

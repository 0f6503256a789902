import type { ModelDefinition } from '../model.js';
import { modelTopology } from './model-topology.js';
import { type QueueingTheorySettings, queueingTheorySettingsSchema } from './queueing-theory-settings.js';
import type { TopologyModelResult } from './topology-model-result.js';
import type { TopologyNetwork } from './topology-network.js';

/** The `queueing-theory` topology model: see {@link modelTopology} and docs/queueing-model.md. */
export const queueingTheoryModel: ModelDefinition<
  TopologyNetwork,
  QueueingTheorySettings,
  TopologyModelResult
> = {
  name: 'queueing-theory',
  description:
    'Open queueing network of the topology (one G/G/1 queue per bolt instance, cycles allowed): per-instance ' +
    'arrival rate, utilisation, Kingman waiting time and sojourn; backpressure and the bottleneck; ' +
    'throughput after Heron throttles the spouts; saturation headroom; end-to-end latency over every exit ' +
    '(sinks and dropping bolts; sink-only beside it) with hop costs measured from the complete latency; ' +
    'container CPU load.',
  aspect: 'topology',
  settingsSchema: queueingTheorySettingsSchema,
  run: modelTopology,
};

import type { Config } from '../config/config-schema.js';
import type { GraphClient } from './graph-client.js';
import { GremlinGraphClient } from './gremlin-graph-client.js';
import { MemoryGraphClient } from './memory-graph-client.js';
import { TopologyGraphStore } from './topology-graph-store.js';

/**
 * The graph client the configuration names (`graph.backend`): the in-memory graph, or a connection to the
 * Gremlin Server at `graph.gremlin.url` (checked at once, so a wrong URL fails at start-up).
 */
export async function createGraphClient(config: Pick<Config, 'graph'>): Promise<GraphClient> {
  if (config.graph.backend === 'memory') return new MemoryGraphClient();
  return GremlinGraphClient.connect({
    url: config.graph.gremlin.url,
    traversalSource: config.graph.gremlin.traversalSource,
    batchSize: config.graph.gremlin.batchSize,
  });
}

/** The topology graph store on the configured backend, with the configured expiry. */
export async function createTopologyGraphStore(config: Pick<Config, 'graph'>): Promise<TopologyGraphStore> {
  return new TopologyGraphStore(await createGraphClient(config), {
    ttlSec: config.graph.ttlSec,
    maxPlansPerTopology: config.graph.maxPlansPerTopology,
    cachedPlans: config.graph.cachedPlans,
  });
}

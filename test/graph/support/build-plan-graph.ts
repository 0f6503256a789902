/**
 * One worker's build of a synthetic plan's graph on a Gremlin Server, as a separate OS process:
 *   tsx test/graph/support/build-plan-graph.ts <gremlin url> <topology id>
 * Prints `{"built": boolean}` when done.
 */
import { GremlinGraphClient } from '../../../src/graph/gremlin-graph-client.js';
import { TopologyGraphStore } from '../../../src/graph/topology-graph-store.js';
import { chainTopology, syntheticSnapshot } from './synthetic-topology.js';

const [url, topologyId] = process.argv.slice(2) as [string, string];
const client = await GremlinGraphClient.connect({ url, batchSize: 50 });
try {
  const { built } = await new TopologyGraphStore(client).ensure(
    syntheticSnapshot(chainTopology('Race', 6, 40, 8)),
    topologyId,
  );
  console.log(JSON.stringify({ built }));
} finally {
  await client.close();
}

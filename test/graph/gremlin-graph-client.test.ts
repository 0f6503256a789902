import { inject } from 'vitest';
import { GremlinGraphClient } from '../../src/graph/gremlin-graph-client.js';
import { graphClientContract } from './graph-client-contract.js';

// The real Gremlin Server the global setup started (or GREMLIN_URL). A small batch size makes the contract's
// 1234-element test span several mergeV/mergeE requests.
graphClientContract('Gremlin Server (TinkerGraph)', () =>
  GremlinGraphClient.connect({ url: inject('gremlinUrl'), batchSize: 100 }),
);

import { MemoryGraphClient } from '../../src/graph/memory-graph-client.js';
import { graphClientContract } from './graph-client-contract.js';

graphClientContract('in-memory graph', async () => new MemoryGraphClient());

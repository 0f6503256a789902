import type { TopologyJobParams } from './topology-params.js';

/**
 * The normalised parameters of a graph request (`GET /model/graph/…` for the running plan, `POST
 * …/proposed` for another): the same plan and traffic as a topology request, analysed as a graph.
 */
export interface GraphJobParams extends Omit<TopologyJobParams, 'kind'> {
  kind: 'graph';
}

import { AppError } from '../../errors.js';
import { type SparseRows, sparseRows } from '../queueing/sparse-rows.js';
import { type Components, stronglyConnectedComponents } from '../queueing/strongly-connected-components.js';
import { checkTopologyNetwork, type TopologyNetwork } from './topology-network.js';

/**
 * A {@link TopologyNetwork} in array form for the solvers. Nodes are numbered spouts first (0 … spouts−1),
 * then bolts; edge e carries `gain[e]` = output ratio of its stream × routing probability, i.e. tuples
 * arriving at `to` per tuple served (or, for a spout, per source event) at `from`.
 */
export interface CompiledNetwork {
  nodeCount: number;
  spoutCount: number;
  ids: string[];
  component: string[];
  container: string[];
  /** γ: offered source events per second (spouts), 0 for bolts. */
  offeredRatePerSec: Float64Array;
  /** Mean service time, ms (0 for spouts). */
  serviceMs: Float64Array;
  /** c_s² of bolts (0 for spouts), measured or the default. */
  serviceScv: Float64Array;
  serviceScvMeasured: Uint8Array;
  /** c² of each spout's emissions (0 for bolts), measured or the default. */
  spoutScv: Float64Array;
  spoutScvMeasured: Uint8Array;
  /** core·s per tuple, NaN when not measured. */
  cpuPerTuple: Float64Array;
  edgeCount: number;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeProbability: Float64Array;
  edgeRatio: Float64Array;
  edgeGain: Float64Array;
  edgeHopMs: Float64Array;
  edgesWithMeasuredHop: number;
  /** Row j: edges into j (column = source), weight = gain. */
  inRows: SparseRows;
  /** Row i: edges out of i (column = target), weight = gain. */
  outRows: SparseRows;
  /** Strongly connected components of the positive-gain graph, sources first. */
  components: Components;
  /** Σ of out-edge gains per node; 0 marks a sink (a bolt whose tuples go nowhere). */
  outGain: Float64Array;
}

/** What compiling needs from the settings. */
export interface CompileOptions {
  serviceScv: number;
  spoutArrivalScv: number;
  /** Explicit hop costs, ms: override the network's measured ones; unset and unmeasured: 0. */
  localHopMs?: number | undefined;
  remoteHopMs?: number | undefined;
}

/**
 * Validates a network and numbers it for the solvers, O(instances + edges).
 *
 * @throws AppError MODEL_FAILED naming every invalid field (see `validateTopologyNetwork`)
 */
export function compileNetwork(network: TopologyNetwork, options: CompileOptions): CompiledNetwork {
  const { problems, index } = checkTopologyNetwork(network);
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('; ');
    const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : '';
    throw new AppError('MODEL_FAILED', `Invalid topology network: ${shown}${more}`, {
      details: { problems },
    });
  }
  const { spouts, bolts, edges } = network;
  const spoutCount = spouts.length;
  const nodeCount = spoutCount + bolts.length;
  const ids: string[] = new Array(nodeCount);
  const component: string[] = new Array(nodeCount);
  const container: string[] = new Array(nodeCount);
  const offeredRatePerSec = new Float64Array(nodeCount);
  const serviceMs = new Float64Array(nodeCount);
  const serviceScv = new Float64Array(nodeCount);
  const serviceScvMeasured = new Uint8Array(nodeCount);
  const spoutScv = new Float64Array(nodeCount);
  const spoutScvMeasured = new Uint8Array(nodeCount);
  const cpuPerTuple = new Float64Array(nodeCount).fill(Number.NaN);
  const ratios = index.outputRatios;

  for (let i = 0; i < spoutCount; i++) {
    const s = spouts[i] as (typeof spouts)[number];
    ids[i] = s.id;
    component[i] = s.component;
    container[i] = s.container;
    offeredRatePerSec[i] = s.offeredRatePerSec;
    spoutScvMeasured[i] = s.arrivalScv === undefined ? 0 : 1;
    spoutScv[i] = s.arrivalScv ?? options.spoutArrivalScv;
    if (s.cpuCoreSecPerTuple !== undefined) cpuPerTuple[i] = s.cpuCoreSecPerTuple;
  }
  for (let b = 0; b < bolts.length; b++) {
    const i = spoutCount + b;
    const bolt = bolts[b] as (typeof bolts)[number];
    ids[i] = bolt.id;
    component[i] = bolt.component;
    container[i] = bolt.container;
    serviceMs[i] = bolt.serviceTimeMeanMs;
    serviceScvMeasured[i] = bolt.serviceTimeScv === undefined ? 0 : 1;
    serviceScv[i] = bolt.serviceTimeScv ?? options.serviceScv;
    if (bolt.cpuCoreSecPerTuple !== undefined) cpuPerTuple[i] = bolt.cpuCoreSecPerTuple;
  }

  const local = options.localHopMs ?? network.hopCostMs?.local ?? 0;
  const remote = options.remoteHopMs ?? network.hopCostMs?.remote ?? 0;
  const edgeCount = edges.length;
  const { edgeFrom, edgeTo } = index;
  const edgeProbability = new Float64Array(edgeCount);
  const edgeRatio = new Float64Array(edgeCount);
  const edgeGain = new Float64Array(edgeCount);
  const edgeHopMs = new Float64Array(edgeCount);
  let edgesWithMeasuredHop = 0;
  for (let e = 0; e < edgeCount; e++) {
    const edge = edges[e] as (typeof edges)[number];
    const from = edgeFrom[e] as number;
    const to = edgeTo[e] as number;
    const ratio = (ratios[from] as Record<string, number>)[edge.stream] as number;
    edgeProbability[e] = edge.probability;
    edgeRatio[e] = ratio;
    edgeGain[e] = ratio * edge.probability;
    if (edge.hopMs !== undefined) edgesWithMeasuredHop++;
    edgeHopMs[e] = edge.hopMs ?? (container[from] === container[to] ? local : remote);
  }
  const inRows = sparseRows(nodeCount, edgeTo, edgeFrom, edgeGain);
  const outRows = sparseRows(nodeCount, edgeFrom, edgeTo, edgeGain);
  const outGain = new Float64Array(nodeCount);
  for (let e = 0; e < edgeCount; e++) {
    outGain[edgeFrom[e] as number] = (outGain[edgeFrom[e] as number] as number) + (edgeGain[e] as number);
  }
  return {
    nodeCount,
    spoutCount,
    ids,
    component,
    container,
    offeredRatePerSec,
    serviceMs,
    serviceScv,
    serviceScvMeasured,
    spoutScv,
    spoutScvMeasured,
    cpuPerTuple,
    edgeCount,
    edgeFrom,
    edgeTo,
    edgeProbability,
    edgeRatio,
    edgeGain,
    edgeHopMs,
    edgesWithMeasuredHop,
    inRows,
    outRows,
    components: stronglyConnectedComponents(inRows),
    outGain,
  };
}

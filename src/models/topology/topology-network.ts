/**
 * What the queueing-theory topology model reads: a topology as an open network of single-server queues,
 * one per instance. DSPS-neutral and graph-free: an adapter builds it from a topology snapshot (Heron or
 * Storm), the logical/physical plan and measured metrics — or from a proposed packing plan — and every
 * quantity carries its unit in its name.
 */

/** A spout instance: an external source of tuples (it has no input queue in the model). */
export interface SpoutInstance {
  /** Unique across spouts and bolts (Heron: `container_1_sentence_1`). */
  id: string;
  component: string;
  /** The container (Heron) or worker slot (Storm) running it; hop costs depend on it. */
  container: string;
  /** Rate the spout is asked to emit at (its source events), tuples/s ≥ 0. */
  offeredRatePerSec: number;
  /**
   * Tuples emitted on each output stream per source event, ≥ 0 (usually 1 on its one stream). Every
   * stream an edge leaves this instance on must be listed.
   */
  outputRatios: Record<string, number>;
  /**
   * Squared coefficient of variation of the spout's inter-emission times (1 = Poisson). Estimated, for
   * instance, from the index of dispersion of per-minute emit counts. When absent the settings'
   * `spoutArrivalScv` is used and reported as an assumption.
   */
  arrivalScv?: number;
  /** Measured CPU per emitted source event, core·s/tuple (e.g. process CPU load ÷ emit rate). */
  cpuCoreSecPerTuple?: number;
}

/** A bolt instance: one FIFO single-server queue. */
export interface BoltInstance {
  /** Unique across spouts and bolts. */
  id: string;
  component: string;
  container: string;
  /** Mean service (execute) time per input tuple, ms ≥ 0 (Heron: `__execute-latency`, ns → ms). */
  serviceTimeMeanMs: number;
  /**
   * Squared coefficient of variation of the service time, Var(S)/E[S]² ≥ 0 (1 exponential, 0 constant).
   * Heron reports only means, so it is usually absent: the settings' `serviceScv` is used and reported.
   */
  serviceTimeScv?: number;
  /** Smallest and largest measured mean service time over the window (e.g. per minute), ms; reported only. */
  serviceTimeMinMs?: number;
  serviceTimeMaxMs?: number;
  /** Tuples emitted on each output stream per executed tuple, ≥ 0 (`__emit-count` ÷ `__execute-count`). */
  outputRatios: Record<string, number>;
  /** Measured CPU per executed tuple, core·s/tuple. */
  cpuCoreSecPerTuple?: number;
}

/** Tuples of one stream going from one instance to another. */
export interface NetworkEdge {
  from: string;
  to: string;
  stream: string;
  /**
   * Probability that a tuple emitted by `from` on `stream` reaches `to`, in [0, 1]: over the instances of
   * one subscribing component it sums to 1 for shuffle and fields groupings (the fields shares carry the
   * key skew), and each is 1 for an all grouping.
   */
  probability: number;
  /** Measured mean transfer time of this hop, ms; overrides the local/remote hop cost. */
  hopMs?: number;
}

/** A container's resources. */
export interface ContainerSpec {
  /** CPU the container may use, cores > 0. */
  cpuCapacityCores: number;
}

export interface TopologyNetwork {
  spouts: SpoutInstance[];
  bolts: BoltInstance[];
  edges: NetworkEdge[];
  /** Containers by id; those not listed have unknown capacity (their CPU load is reported, not flagged). */
  containers?: Record<string, ContainerSpec>;
  /**
   * Mean transfer time of a hop between instances in the same container (`local`) and in different
   * containers (`remote`), ms, for every edge without its own `hopMs`, unless the settings set one
   * explicitly. `source`: `measured` from the latency gap ({@link measuredHopCost}), `assumed` (0: no
   * evidence); absent: given by the caller.
   */
  hopCostMs?: { local: number; remote: number; source?: 'measured' | 'assumed' };
  /**
   * The running topology's measured end-to-end latency, from which the model measures the hop cost when
   * neither `hopCostMs` nor the settings give one.
   */
  measuredLatency?: MeasuredLatency;
}

/** What the running topology's spouts measured: emit → tuple tree acked. */
export interface MeasuredLatency {
  /** Acked-weighted mean complete latency over every spout instance and minute, ms. */
  completeLatencyMs: number;
  /** Tuples acked with a latency in the window. */
  tuples: number;
  /**
   * The running plan's network at its measured rates, when this network is another plan or other rates:
   * the latency was measured on it, so the hop cost is measured against its sojourns.
   */
  runningNetwork?: TopologyNetwork;
}

const isNonNegative = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** Instance ids → position (spouts first, then bolts), from {@link checkTopologyNetwork}. */
export interface NetworkIndex {
  /** Position of each id: spouts 0 … spouts−1, then bolts. */
  position: Map<string, number>;
  /** Output ratios by position. */
  outputRatios: Array<Record<string, number>>;
  /** Positions of each edge's ends. */
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
}

/**
 * Checks a network before it is modelled: unique instance ids, finite non-negative numbers, probabilities
 * in [0, 1], edges between known instances that never enter a spout, and output ratios for every stream
 * an edge leaves on. An adapter can call it to answer 400 early.
 *
 * @returns one message per problem, naming the field; empty when the network is valid
 * @example validateTopologyNetwork({ spouts: [], bolts: [], edges: [{ from: 'a', to: 'b', stream: 's', probability: 1 }] })
 *   // ['edges[0].from: unknown instance "a"', 'edges[0].to: unknown instance "b"']
 */
export function validateTopologyNetwork(network: TopologyNetwork): string[] {
  return checkTopologyNetwork(network).problems;
}

/** {@link validateTopologyNetwork}, also answering the index it built (valid only without problems). */
export function checkTopologyNetwork(network: TopologyNetwork): { problems: string[]; index: NetworkIndex } {
  const problems: string[] = [];
  const position = new Map<string, number>();
  const outputRatios: Array<Record<string, number>> = [];
  const spoutCount = network.spouts.length;
  // Messages are built only for problems: this runs over every instance and edge of large topologies.
  const checkInstance = (
    where: string,
    id: string,
    ratios: Record<string, number>,
    numbers: Array<[string, unknown, boolean]>,
  ) => {
    if (typeof id !== 'string' || id === '') problems.push(`${where}.id: must be a non-empty string`);
    else if (position.has(id)) problems.push(`${where}.id: duplicate instance id "${id}"`);
    else position.set(id, outputRatios.length);
    outputRatios.push(ratios);
    for (const [field, value, required] of numbers) {
      if ((required || value !== undefined) && !isNonNegative(value)) {
        problems.push(`${where}.${field}: must be a finite number ≥ 0`);
      }
    }
    if (typeof ratios !== 'object' || ratios === null) {
      problems.push(`${where}.outputRatios: must be an object of stream → tuples per input`);
      return;
    }
    for (const stream in ratios) {
      if (!isNonNegative(ratios[stream]))
        problems.push(`${where}.outputRatios.${stream}: must be a finite number ≥ 0`);
    }
  };
  // The fast path registers a valid instance; anything else goes to checkInstance (which registers it too).
  const validInstance = (id: string, ratios: Record<string, number>): boolean => {
    if (typeof id !== 'string' || id === '' || position.has(id)) return false;
    if (typeof ratios !== 'object' || ratios === null) return false;
    for (const stream in ratios) if (!isNonNegative(ratios[stream])) return false;
    position.set(id, outputRatios.length);
    outputRatios.push(ratios);
    return true;
  };
  for (let i = 0; i < spoutCount; i++) {
    const s = network.spouts[i] as SpoutInstance;
    const fine =
      isNonNegative(s.offeredRatePerSec) &&
      (s.arrivalScv === undefined || isNonNegative(s.arrivalScv)) &&
      (s.cpuCoreSecPerTuple === undefined || isNonNegative(s.cpuCoreSecPerTuple)) &&
      validInstance(s.id, s.outputRatios);
    if (fine) continue;
    checkInstance(`spouts[${i}]`, s.id, s.outputRatios, [
      ['offeredRatePerSec', s.offeredRatePerSec, true],
      ['arrivalScv', s.arrivalScv, false],
      ['cpuCoreSecPerTuple', s.cpuCoreSecPerTuple, false],
    ]);
  }
  for (let i = 0; i < network.bolts.length; i++) {
    const b = network.bolts[i] as BoltInstance;
    const fine =
      isNonNegative(b.serviceTimeMeanMs) &&
      (b.serviceTimeScv === undefined || isNonNegative(b.serviceTimeScv)) &&
      (b.serviceTimeMinMs === undefined || isNonNegative(b.serviceTimeMinMs)) &&
      (b.serviceTimeMaxMs === undefined || isNonNegative(b.serviceTimeMaxMs)) &&
      (b.cpuCoreSecPerTuple === undefined || isNonNegative(b.cpuCoreSecPerTuple)) &&
      validInstance(b.id, b.outputRatios);
    if (fine) continue;
    checkInstance(`bolts[${i}]`, b.id, b.outputRatios, [
      ['serviceTimeMeanMs', b.serviceTimeMeanMs, true],
      ['serviceTimeScv', b.serviceTimeScv, false],
      ['serviceTimeMinMs', b.serviceTimeMinMs, false],
      ['serviceTimeMaxMs', b.serviceTimeMaxMs, false],
      ['cpuCoreSecPerTuple', b.cpuCoreSecPerTuple, false],
    ]);
  }
  const edgeFrom = new Int32Array(network.edges.length);
  const edgeTo = new Int32Array(network.edges.length);
  for (let i = 0; i < network.edges.length; i++) {
    const e = network.edges[i] as NetworkEdge;
    const from = position.get(e.from);
    const to = position.get(e.to);
    edgeFrom[i] = from ?? -1;
    edgeTo[i] = to ?? -1;
    if (from === undefined) problems.push(`edges[${i}].from: unknown instance "${e.from}"`);
    if (to === undefined) problems.push(`edges[${i}].to: unknown instance "${e.to}"`);
    else if (to < spoutCount) problems.push(`edges[${i}].to: "${e.to}" is a spout; spouts have no inputs`);
    if (!(isNonNegative(e.probability) && e.probability <= 1))
      problems.push(`edges[${i}].probability: must be in [0, 1]`);
    if (e.hopMs !== undefined && !isNonNegative(e.hopMs))
      problems.push(`edges[${i}].hopMs: must be a finite number ≥ 0`);
    const ratios = from === undefined ? undefined : outputRatios[from];
    if (ratios && typeof ratios === 'object' && !Object.hasOwn(ratios, e.stream)) {
      problems.push(`edges[${i}].stream: "${e.from}" has no output ratio for stream "${e.stream}"`);
    }
  }
  for (const [id, c] of Object.entries(network.containers ?? {})) {
    if (!(isNonNegative(c.cpuCapacityCores) && c.cpuCapacityCores > 0)) {
      problems.push(`containers.${id}.cpuCapacityCores: must be a finite number > 0`);
    }
  }
  for (const side of ['local', 'remote'] as const) {
    const value = network.hopCostMs?.[side];
    if (network.hopCostMs && !isNonNegative(value))
      problems.push(`hopCostMs.${side}: must be a finite number ≥ 0`);
  }
  return { problems, index: { position, outputRatios, edgeFrom, edgeTo } };
}

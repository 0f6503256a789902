import { batchKingmanQueue } from '../queueing/batch-kingman-queue.js';
import { solveTrafficEquations } from '../queueing/traffic-equations.js';
import { arrivalBatchExcess, propagateArrivalScv } from './arrival-variability.js';
import { type CompiledNetwork, compileNetwork } from './compiled-network.js';
import { endToEndLatency } from './end-to-end-latency.js';
import { measuredHopCost } from './measured-hop-cost.js';
import type { QueueingTheorySettings } from './queueing-theory-settings.js';
import type {
  ComponentDetail,
  CpuSummary,
  HopEvidence,
  HopSource,
  InstanceDetail,
  InstanceLoad,
  NoStableSolutionResult,
  TopologyModelResult,
} from './topology-model-result.js';
import type { TopologyNetwork } from './topology-network.js';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const MAX_CYCLE_LISTED = 50;

/**
 * The queueing-theory model of a topology: every bolt instance a FIFO single-server queue, spouts the
 * external sources, and tuples routed between instances by the edges' probabilities and output ratios.
 *
 * 1. Traffic equations λ = γ + Gᵀλ (G: per-edge gain = output ratio × routing probability; cycles
 *    allowed) at the offered spout rates; a feedback cycle with spectral radius ≥ 1 answers
 *    `no_stable_solution`.
 * 2. ρᵢ = λᵢ·Sᵢ. Backpressure where ρᵢ ≥ threshold τ; headroom h = τ/maxᵢ ρᵢ. Heron's backpressure stops
 *    every spout of the topology while a queue is over its high-water mark, so spouts run at
 *    θ = min(1, h) × offered — the operating point — and the bottleneck at ρ = τ.
 * 3. At the operating point: arrival variability by QNA (or Poisson), Kingman's Wq (plus the wait behind
 *    batch-mates when a multiplying bolt emits several tuples at once), W = Wq + S, L and Lq by Little;
 *    end-to-end latency over every exit (sinks and drops) and the tuple trees' completion; CPU per
 *    container.
 * 4. Hop costs: the settings' explicit ones, else the network's, else measured from the running
 *    topology's complete latency (`network.measuredLatency`, two more runs with fixed hops), else 0.
 *
 * Everything is linear in the instances and edges, except Gauss–Seidel on cycles. Pure: no I/O, no clock.
 * The formulas and the meaning of every output are in docs/queueing-model.md.
 *
 * @param given instances, edges and containers (validated; an invalid one throws AppError MODEL_FAILED)
 * @param settings validated settings (see `queueingTheorySettingsSchema`)
 * @example // a spout at 100 tuples/s into one exponential bolt of 5 ms: M/M/1 at ρ = 0.5
 * modelTopology({
 *   spouts: [{ id: 's', component: 's', container: 'c', offeredRatePerSec: 100, outputRatios: { default: 1 } }],
 *   bolts: [{ id: 'b', component: 'b', container: 'c', serviceTimeMeanMs: 5, outputRatios: {} }],
 *   edges: [{ from: 's', to: 'b', stream: 'default', probability: 1 }],
 * }, settings).instances.b.sojourn_time_ms // 10 (= 5 / (1 − 0.5)); latency.mean 10 (no hop measured: 0, assumed)
 */
export function modelTopology(given: TopologyNetwork, settings: QueueingTheorySettings): TopologyModelResult {
  const { network, hopSource, hopEvidence } = withHopCost(given, settings);
  const net = compileNetwork(network, settings);
  const { nodeCount, spoutCount, ids, component } = net;
  const tau = settings.backpressureThreshold;
  const warn = settings.warningUtilisation;

  const traffic = solveTrafficEquations(net.offeredRatePerSec, net.inRows, net.components);
  if (traffic.status !== 'solved')
    return noStableSolution(net, traffic.status, traffic.cycle, traffic.growthPerSweep);
  const offeredLambda = traffic.arrivalRatesPerSec;

  // Utilisation at the offered rates, the bottleneck and the headroom.
  const offeredRho = new Float64Array(nodeCount);
  let rhoMax = 0;
  let bottleneck = -1;
  for (let v = spoutCount; v < nodeCount; v++) {
    const rho = ((offeredLambda[v] as number) * (net.serviceMs[v] as number)) / 1000;
    offeredRho[v] = rho;
    if (rho > rhoMax) {
      rhoMax = rho;
      bottleneck = v;
    }
  }
  const headroom = rhoMax > 0 ? tau / rhoMax : Number.POSITIVE_INFINITY;
  const throttle = Math.min(1, headroom);
  const throttled = throttle < 1;

  // The operating point: every rate scaled by the throttle; the bottleneck exactly at τ.
  const lambda = new Float64Array(nodeCount);
  const rho = new Float64Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) {
    lambda[v] = (offeredLambda[v] as number) * throttle;
    if (v >= spoutCount)
      rho[v] = throttled ? tau * ((offeredRho[v] as number) / rhoMax) : (offeredRho[v] as number);
  }

  const arrivalScv = new Float64Array(nodeCount).fill(1);
  let batchExcess: Float64Array = new Float64Array(nodeCount);
  if (settings.arrivalVariability === 'propagate') {
    const scv = propagateArrivalScv(net, lambda, rho);
    if (scv.status === 'solved') arrivalScv.set(scv.x);
    batchExcess = arrivalBatchExcess(net, lambda);
  } else {
    arrivalScv.set(net.spoutScv.subarray(0, spoutCount));
  }

  const waitingMs = new Float64Array(nodeCount);
  const sojournMs = new Float64Array(nodeCount);
  const queueLength = new Float64Array(nodeCount);
  const inSystem = new Float64Array(nodeCount);
  for (let v = spoutCount; v < nodeCount; v++) {
    const s = net.serviceMs[v] as number;
    const q =
      (rho[v] as number) >= 1
        ? null
        : batchKingmanQueue(
            lambda[v] as number,
            s,
            arrivalScv[v] as number,
            net.serviceScv[v] as number,
            batchExcess[v] as number,
          );
    if (q?.stable) {
      waitingMs[v] = q.waitingTimeMs;
      sojournMs[v] = q.sojournTimeMs;
      queueLength[v] = q.queueLength;
      inSystem[v] = q.numberInSystem;
    } else {
      waitingMs[v] = sojournMs[v] = queueLength[v] = inSystem[v] = Number.POSITIVE_INFINITY;
    }
  }

  const latency = endToEndLatency(net, lambda, sojournMs);

  // Spout throughput.
  let total = 0;
  let offeredTotal = 0;
  let tMax = Number.NaN;
  let tMin = Number.NaN;
  for (let s = 0; s < spoutCount; s++) {
    const r = lambda[s] as number;
    total += r;
    offeredTotal += net.offeredRatePerSec[s] as number;
    if (!(r <= tMax)) tMax = r;
    if (!(r >= tMin)) tMin = r;
  }

  // Per-instance detail and backpressure lists.
  const instances: Record<string, InstanceDetail> = {};
  const over: InstanceLoad[] = [];
  const warnings: InstanceLoad[] = [];
  const bolts = network.bolts;
  for (let v = 0; v < nodeCount; v++) {
    const id = ids[v] as string;
    const isBolt = v >= spoutCount;
    const rhoOffered = offeredRho[v] as number;
    const state = !isBolt ? 'ok' : rhoOffered >= tau ? 'backpressure' : rhoOffered >= warn ? 'warning' : 'ok';
    if (state === 'backpressure')
      over.push({ instance: id, component: component[v] as string, utilisation: rhoOffered });
    if (state === 'warning')
      warnings.push({ instance: id, component: component[v] as string, utilisation: rhoOffered });
    const bolt = isBolt ? bolts[v - spoutCount] : undefined;
    const detail: InstanceDetail = {
      kind: isBolt ? 'bolt' : 'spout',
      component: component[v] as string,
      container: net.container[v] as string,
      arrival_rate: lambda[v] as number,
      offered_arrival_rate: offeredLambda[v] as number,
      utilisation: isBolt ? (rho[v] as number) : null,
      offered_utilisation: isBolt ? rhoOffered : null,
      service_time_ms: bolt
        ? {
            mean: bolt.serviceTimeMeanMs,
            min: bolt.serviceTimeMinMs ?? null,
            max: bolt.serviceTimeMaxMs ?? null,
          }
        : null,
      service_scv: isBolt ? (net.serviceScv[v] as number) : null,
      service_scv_source: isBolt ? (net.serviceScvMeasured[v] ? 'measured' : 'assumed') : null,
      arrival_scv: arrivalScv[v] as number,
      arrival_batch_excess: batchExcess[v] as number,
      waiting_time_ms: isBolt ? finiteOrNull(waitingMs[v] as number) : null,
      sojourn_time_ms: isBolt ? finiteOrNull(sojournMs[v] as number) : null,
      queue_length: isBolt ? finiteOrNull(queueLength[v] as number) : null,
      number_in_system: isBolt ? finiteOrNull(inSystem[v] as number) : null,
      state,
    };
    if (isBolt && (net.outGain[v] as number) === 0) {
      detail.end_to_end_latency_ms = finiteOrNull(latency.sinkMeanMs[v] as number);
    }
    instances[id] = detail;
  }
  const hottestFirst = (a: InstanceLoad, b: InstanceLoad) => b.utilisation - a.utilisation;
  over.sort(hottestFirst);
  warnings.sort(hottestFirst);

  const bottleneckLoad: InstanceLoad | null =
    bottleneck < 0
      ? null
      : {
          instance: ids[bottleneck] as string,
          component: component[bottleneck] as string,
          utilisation: rhoMax,
        };
  const saturationRates: Record<string, number | null> = {};
  let saturationTotal = 0;
  for (let s = 0; s < spoutCount; s++) {
    const r = (net.offeredRatePerSec[s] as number) * headroom;
    saturationRates[ids[s] as string] = finiteOrNull(r);
    saturationTotal += Number.isFinite(headroom) ? r : 0;
  }

  const latencyBounded = Number.isFinite(latency.meanMs) || Number.isNaN(latency.meanMs);
  return {
    status: 'solved',
    latency: {
      units: 'ms',
      mean: finiteOrNull(latency.meanMs),
      sink_mean: finiteOrNull(latency.sinkOnlyMeanMs),
      complete_mean: finiteOrNull(latency.treeCompletionMs),
      max: finiteOrNull(latency.maxMs),
      min: finiteOrNull(latency.minMs),
      bounded: latencyBounded && !(latency.maxMs === Number.POSITIVE_INFINITY),
      at: throttled ? 'throttled' : 'offered',
    },
    throughput: {
      units: 'tuples/s',
      mean: spoutCount > 0 ? total / spoutCount : null,
      max: finiteOrNull(tMax),
      min: finiteOrNull(tMin),
      total,
      offered_total: offeredTotal,
      sink_total: latency.sinkRatePerSec,
      exit_total: latency.exitRatePerSec,
    },
    backpressure: {
      threshold: tau,
      warning_threshold: warn,
      active: rhoMax >= tau,
      instances: over,
      warnings,
      bottleneck: bottleneckLoad,
      bottleneck_component: bottleneckLoad?.component ?? null,
      throttle_factor: throttle,
    },
    saturation: {
      threshold: tau,
      headroom: finiteOrNull(headroom),
      limiting_instance: bottleneckLoad?.instance ?? null,
      limiting_component: bottleneckLoad?.component ?? null,
      spout_rates: saturationRates,
      total_rate: Number.isFinite(headroom) ? saturationTotal : null,
    },
    cpu: cpuLoad(net, network, lambda, offeredLambda),
    components: componentDetail(net, lambda, offeredLambda, rho, sojournMs, instances),
    instances,
    assumptions: {
      service_scv: {
        default: settings.serviceScv,
        instances_assumed: countZeros(net.serviceScvMeasured, spoutCount, nodeCount),
        instances_measured:
          nodeCount - spoutCount - countZeros(net.serviceScvMeasured, spoutCount, nodeCount),
      },
      spout_arrival_scv: {
        default: settings.spoutArrivalScv,
        spouts_assumed: countZeros(net.spoutScvMeasured, 0, spoutCount),
        spouts_measured: spoutCount - countZeros(net.spoutScvMeasured, 0, spoutCount),
      },
      arrival_variability: settings.arrivalVariability,
      hop_ms: {
        local: settings.localHopMs ?? network.hopCostMs?.local ?? 0,
        remote: settings.remoteHopMs ?? network.hopCostMs?.remote ?? 0,
        source: hopSource,
        edges_measured: net.edgesWithMeasuredHop,
        ...(hopEvidence ? { evidence: hopEvidence } : {}),
      },
    },
    solver: {
      cycles: countCycles(net),
      sweeps: traffic.sweeps,
      convergence_factor: traffic.convergenceFactor,
    },
  };
}

/**
 * The hop cost the model uses and where it came from: explicit settings win; then the network's own
 * (`measured`, `assumed`, or `network` when a caller gave it); then the latency gap of the running
 * topology's measured complete latency ({@link measuredHopCost}); else 0, `assumed`.
 */
function withHopCost(
  network: TopologyNetwork,
  settings: QueueingTheorySettings,
): {
  network: TopologyNetwork;
  hopSource: HopSource;
  hopEvidence?: HopEvidence;
} {
  if (settings.localHopMs !== undefined || settings.remoteHopMs !== undefined)
    return { network, hopSource: 'settings' };
  if (network.hopCostMs) return { network, hopSource: network.hopCostMs.source ?? 'network' };
  if (!network.measuredLatency) return { network, hopSource: 'assumed' };
  const estimate = measuredHopCost(network, settings, modelTopology);
  return {
    network: {
      ...network,
      hopCostMs: { local: estimate.hopMs, remote: estimate.hopMs, source: estimate.source },
    },
    hopSource: estimate.source,
    hopEvidence: {
      complete_latency_ms: network.measuredLatency.completeLatencyMs,
      tuples: network.measuredLatency.tuples,
      modelled_hops: estimate.evidence.hopsWeighted / Math.max(network.measuredLatency.tuples, 1),
      on: network.measuredLatency.runningNetwork ? 'running_plan' : 'this_plan',
    },
  };
}

function countZeros(flags: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (!flags[i]) n++;
  return n;
}

function countCycles(net: CompiledNetwork): number {
  let n = 0;
  for (let c = 0; c < net.components.count; c++) n += net.components.cyclic[c] as number;
  return n;
}

function noStableSolution(
  net: CompiledNetwork,
  status: 'divergent' | 'not-converged',
  cycle: number[],
  growth: number,
): NoStableSolutionResult {
  const components = [...new Set(cycle.map((v) => net.component[v] as string))].sort();
  const instances = cycle
    .map((v) => net.ids[v] as string)
    .sort()
    .slice(0, MAX_CYCLE_LISTED);
  const what =
    status === 'divergent'
      ? 'sends back at least as many tuples as enter it (spectral radius of its gains ≥ 1)'
      : 'sends back so nearly as many tuples as enter it that its rates did not converge';
  return {
    status: 'no_stable_solution',
    reason: status === 'divergent' ? 'divergent' : 'not_converged',
    message: `No stable arrival rates: the feedback cycle through ${components.join(', ')} ${what}`,
    cycle: { size: cycle.length, components, instances },
    growth_per_sweep: growth,
  };
}

function cpuLoad(
  net: CompiledNetwork,
  network: TopologyNetwork,
  lambda: Float64Array,
  offeredLambda: Float64Array,
): CpuSummary {
  const containers: CpuSummary['containers'] = {};
  let complete = true;
  for (let v = 0; v < net.nodeCount; v++) {
    const id = net.container[v] as string;
    let c = containers[id];
    if (!c) {
      const capacity = network.containers?.[id]?.cpuCapacityCores ?? null;
      c = {
        load_cores: 0,
        offered_load_cores: 0,
        capacity_cores: capacity,
        utilisation: null,
        over_capacity: false,
        instances: 0,
        unmeasured_instances: 0,
      };
      containers[id] = c;
    }
    c.instances++;
    const perTuple = net.cpuPerTuple[v] as number;
    if (Number.isNaN(perTuple)) {
      c.unmeasured_instances++;
      complete = false;
      continue;
    }
    c.load_cores += perTuple * (lambda[v] as number);
    c.offered_load_cores += perTuple * (offeredLambda[v] as number);
  }
  const overCapacity: string[] = [];
  let headroom = Number.POSITIVE_INFINITY;
  for (const [id, c] of Object.entries(containers)) {
    if (c.capacity_cores === null) continue;
    c.utilisation = c.offered_load_cores / c.capacity_cores;
    c.over_capacity = c.offered_load_cores > c.capacity_cores;
    if (c.over_capacity) overCapacity.push(id);
    if (c.offered_load_cores > 0) headroom = Math.min(headroom, c.capacity_cores / c.offered_load_cores);
  }
  return {
    units: 'cores',
    containers,
    over_capacity: overCapacity.sort(),
    headroom: finiteOrNull(headroom),
    complete,
  };
}

function componentDetail(
  net: CompiledNetwork,
  lambda: Float64Array,
  offeredLambda: Float64Array,
  rho: Float64Array,
  sojournMs: Float64Array,
  instances: Record<string, InstanceDetail>,
): Record<string, ComponentDetail> {
  interface Acc {
    detail: ComponentDetail;
    rhoSum: number;
    rhoMax: number;
    rhoMin: number;
    weighted: number;
    wMax: number;
    wMin: number;
  }
  const acc = new Map<string, Acc>();
  for (let v = 0; v < net.nodeCount; v++) {
    const name = net.component[v] as string;
    const isBolt = v >= net.spoutCount;
    let a = acc.get(name);
    if (!a) {
      a = {
        detail: {
          kind: isBolt ? 'bolt' : 'spout',
          instances: 0,
          arrival_rate: 0,
          offered_arrival_rate: 0,
          utilisation: null,
          sojourn_time_ms: null,
          backpressure_instances: 0,
          warning_instances: 0,
        },
        rhoSum: 0,
        rhoMax: Number.NEGATIVE_INFINITY,
        rhoMin: Number.POSITIVE_INFINITY,
        weighted: 0,
        wMax: Number.NEGATIVE_INFINITY,
        wMin: Number.POSITIVE_INFINITY,
      };
      acc.set(name, a);
    }
    const d = a.detail;
    d.instances++;
    d.arrival_rate += lambda[v] as number;
    d.offered_arrival_rate += offeredLambda[v] as number;
    const state = instances[net.ids[v] as string]?.state;
    if (state === 'backpressure') d.backpressure_instances++;
    if (state === 'warning') d.warning_instances++;
    if (!isBolt) continue;
    const r = rho[v] as number;
    const w = sojournMs[v] as number;
    a.rhoSum += r;
    a.rhoMax = Math.max(a.rhoMax, r);
    a.rhoMin = Math.min(a.rhoMin, r);
    if ((lambda[v] as number) > 0) a.weighted += (lambda[v] as number) * w;
    a.wMax = Math.max(a.wMax, w);
    a.wMin = Math.min(a.wMin, w);
  }
  const out: Record<string, ComponentDetail> = {};
  for (const [name, a] of acc) {
    const d = a.detail;
    if (d.kind === 'bolt') {
      d.utilisation = { mean: a.rhoSum / d.instances, max: a.rhoMax, min: a.rhoMin };
      d.sojourn_time_ms = {
        mean: d.arrival_rate > 0 ? finiteOrNull(a.weighted / d.arrival_rate) : null,
        max: finiteOrNull(a.wMax),
        min: finiteOrNull(a.wMin),
      };
    }
    out[name] = d;
  }
  return out;
}

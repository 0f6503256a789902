import type { TopologyNetwork } from '../../../../src/models/topology/topology-network.js';
import { EventHeap } from './event-heap.js';
import { distributionForScv, mulberry32, type TimeDistribution, timeSampler } from './seeded-random.js';

/**
 * A discrete-event simulator of a {@link TopologyNetwork}, test-only and independent of the model's code:
 * spouts emit by renewal processes, every bolt instance is one FIFO server, each served tuple emits ⌊r⌋
 * or ⌈r⌉ tuples per output stream (mean r), each copy is routed per subscribing component by the edge
 * probabilities (all-grouping edges, probability 1 each, get a copy each), and reaches its target after
 * the hop delay. Optionally Heron-style backpressure: when a bolt's queue exceeds a high-water mark every
 * spout stops until all queues are back under the low-water mark.
 *
 * Waiting is computed with Lindley's recursion — a FIFO server starts a tuple at max(arrival, previous
 * departure) — so only arrivals are events and a run of a few hundred thousand tuples takes milliseconds.
 */
export interface SimulationOptions {
  seed: number;
  /** Spouts emit during [0, durationSec); everything emitted is then drained. */
  durationSec: number;
  /** Statistics cover [warmupSec, durationSec). */
  warmupSec: number;
  /** Hop delays when the network does not give them, ms. */
  localHopMs: number;
  remoteHopMs: number;
  /** Service distributions by bolt id; by default from the bolt's serviceTimeScv (0/1/else lognormal). */
  service?: Record<string, TimeDistribution>;
  /** Inter-emission distributions by spout id; by default from the spout's arrivalScv (default Poisson). */
  arrivals?: Record<string, TimeDistribution>;
  /** Bolt queue lengths (tuples in the instance, waiting or in service) that stop / restart the spouts. */
  backpressure?: { highWaterMark: number; lowWaterMark: number };
}

export interface SimulatedInstance {
  /** Arrivals per second in the window (spouts: emissions). */
  arrivalRatePerSec: number;
  /** Fraction of the window the server was busy. */
  utilisation: number;
  meanWaitMs: number;
  meanSojournMs: number;
  arrivals: number;
}

export interface SimulationResult {
  instances: Record<string, SimulatedInstance>;
  /** Mean time from spout emission to leaving a sink, over tuples born in the window, ms. */
  meanEndToEndMs: number;
  /**
   * Half-width of a 95 % confidence interval of that mean by batch means (20 batches of consecutive
   * birth times, Student t with 19 degrees of freedom), ms.
   */
  endToEndHalfWidthMs: number;
  endToEndSamples: number;
  /** Spout emissions per second in the window, all spouts together. */
  throughputPerSec: number;
  /** Whether backpressure stopped the spouts at any time in the window. */
  backpressureTriggered: boolean;
  /** Fraction of the window the spouts were stopped. */
  throttledFraction: number;
  events: number;
}

interface Route {
  stream: string;
  ratio: number;
  /** Target groups (one per subscribing component): broadcast, or a categorical choice. */
  groups: Array<{ targets: Int32Array; hopMs: Float64Array; cumulative: Float64Array | null }>;
}

const EMIT = 0;
const ARRIVE = 1;
const CHECK = 2;

export function simulateTopology(network: TopologyNetwork, options: SimulationOptions): SimulationResult {
  const uniform = mulberry32(options.seed);
  const spoutCount = network.spouts.length;
  const nodes = [...network.spouts.map((s) => s.id), ...network.bolts.map((b) => b.id)];
  const n = nodes.length;
  const index = new Map(nodes.map((id, i) => [id, i]));
  const componentOf = [...network.spouts.map((s) => s.component), ...network.bolts.map((b) => b.component)];
  const containerOf = [...network.spouts.map((s) => s.container), ...network.bolts.map((b) => b.container)];
  const local = network.hopCostMs?.local ?? options.localHopMs;
  const remote = network.hopCostMs?.remote ?? options.remoteHopMs;

  const sample: Array<() => number> = [];
  for (const s of network.spouts) {
    const meanMs = s.offeredRatePerSec > 0 ? 1000 / s.offeredRatePerSec : Number.POSITIVE_INFINITY;
    sample.push(
      timeSampler(options.arrivals?.[s.id] ?? distributionForScv(s.arrivalScv ?? 1), meanMs, uniform),
    );
  }
  for (const b of network.bolts) {
    sample.push(
      timeSampler(
        options.service?.[b.id] ?? distributionForScv(b.serviceTimeScv ?? 1),
        b.serviceTimeMeanMs,
        uniform,
      ),
    );
  }

  // Routes: per node, per output stream, per subscribing component.
  const routes: Route[][] = nodes.map(() => []);
  const grouped = new Map<
    string,
    { from: number; stream: string; targets: number[]; probs: number[]; hops: number[] }
  >();
  for (const e of network.edges) {
    const from = index.get(e.from) as number;
    const to = index.get(e.to) as number;
    const key = `${from}\u0000${e.stream}\u0000${componentOf[to]}`;
    let g = grouped.get(key);
    if (!g) {
      g = { from, stream: e.stream, targets: [], probs: [], hops: [] };
      grouped.set(key, g);
    }
    g.targets.push(to);
    g.probs.push(e.probability);
    g.hops.push(e.hopMs ?? (containerOf[from] === containerOf[to] ? local : remote));
  }
  const ratioOf = (v: number, stream: string) =>
    (v < spoutCount ? network.spouts[v]?.outputRatios : network.bolts[v - spoutCount]?.outputRatios)?.[
      stream
    ] ?? 0;
  for (const g of grouped.values()) {
    const list = routes[g.from] as Route[];
    let route = list.find((r) => r.stream === g.stream);
    if (!route) {
      route = { stream: g.stream, ratio: ratioOf(g.from, g.stream), groups: [] };
      list.push(route);
    }
    const broadcast = g.probs.every((p) => p === 1) && g.probs.length > 1;
    let cumulative: Float64Array | null = null;
    if (!broadcast) {
      cumulative = new Float64Array(g.probs.length);
      let acc = 0;
      for (const [i, p] of g.probs.entries()) {
        acc += p;
        cumulative[i] = acc;
      }
    }
    route.groups.push({ targets: Int32Array.from(g.targets), hopMs: Float64Array.from(g.hops), cumulative });
  }
  const isSink = nodes.map((_, v) => v >= spoutCount && (routes[v] as Route[]).every((r) => r.ratio === 0));

  // State.
  const durationMs = options.durationSec * 1000;
  const warmupMs = options.warmupSec * 1000;
  const windowMs = durationMs - warmupMs;
  const lastDeparture = new Float64Array(n);
  const arrivals = new Float64Array(n);
  const busyMs = new Float64Array(n);
  const waitMs = new Float64Array(n);
  const sojournMs = new Float64Array(n);
  let e2eSum = 0;
  let e2eCount = 0;
  const BATCHES = 20;
  const batchSum = new Float64Array(BATCHES);
  const batchCount = new Float64Array(BATCHES);
  let emitted = 0;
  let events = 0;

  const bp = options.backpressure;
  const pending: Float64Array[] = bp ? nodes.map(() => new Float64Array(64)) : [];
  const head = new Int32Array(n);
  const tail = new Int32Array(n);
  const congested = new Uint8Array(n);
  let congestedCount = 0;
  const paused = new Uint8Array(spoutCount);
  let throttledSince = -1;
  let throttledMs = 0;
  let triggered = false;

  const heap = new EventHeap();
  for (let s = 0; s < spoutCount; s++) {
    const first = (sample[s] as () => number)();
    if (Number.isFinite(first)) heap.push(first, EMIT, s, 0);
  }
  const ev = { time: 0, kind: 0, node: 0, birth: 0 };

  const queueSize = (v: number, now: number): number => {
    const q = pending[v] as Float64Array;
    const cap = q.length;
    while (head[v] !== tail[v] && (q[(head[v] as number) % cap] as number) <= now)
      head[v] = (head[v] as number) + 1;
    return (tail[v] as number) - (head[v] as number);
  };
  const pushPending = (v: number, departure: number) => {
    let q = pending[v] as Float64Array;
    if ((tail[v] as number) - (head[v] as number) === q.length) {
      const bigger = new Float64Array(q.length * 2);
      for (let i = head[v] as number, j = 0; i < (tail[v] as number); i++, j++)
        bigger[j] = q[i % q.length] as number;
      tail[v] = (tail[v] as number) - (head[v] as number);
      head[v] = 0;
      pending[v] = bigger;
      q = bigger;
    }
    q[(tail[v] as number) % q.length] = departure;
    tail[v] = (tail[v] as number) + 1;
  };
  /** Time at which the queue of v will be down to the low-water mark (without new arrivals). */
  const drainTime = (v: number): number => {
    const q = pending[v] as Float64Array;
    const size = (tail[v] as number) - (head[v] as number);
    const k = size - (bp as { lowWaterMark: number }).lowWaterMark - 1;
    return q[((head[v] as number) + Math.max(0, k)) % q.length] as number;
  };

  const emitFrom = (v: number, departure: number, birth: number) => {
    for (const route of routes[v] as Route[]) {
      const whole = Math.floor(route.ratio);
      const copies = whole + (uniform() < route.ratio - whole ? 1 : 0);
      for (let c = 0; c < copies; c++) {
        for (const g of route.groups) {
          if (g.cumulative === null) {
            for (let i = 0; i < g.targets.length; i++) {
              heap.push(departure + (g.hopMs[i] as number), ARRIVE, g.targets[i] as number, birth);
            }
          } else {
            const u = uniform();
            const cum = g.cumulative;
            let i = 0;
            while (i < cum.length && u >= (cum[i] as number)) i++;
            if (i < cum.length)
              heap.push(departure + (g.hopMs[i] as number), ARRIVE, g.targets[i] as number, birth);
          }
        }
      }
    }
  };

  while (heap.pop(ev)) {
    events++;
    const now = ev.time;
    const v = ev.node;
    if (ev.kind === EMIT) {
      if (now >= durationMs) continue;
      if (congestedCount > 0) {
        paused[v] = 1;
        continue;
      }
      if (now >= warmupMs) emitted++;
      arrivals[v] = (arrivals[v] as number) + (now >= warmupMs ? 1 : 0);
      emitFrom(v, now, now);
      heap.push(now + (sample[v] as () => number)(), EMIT, v, 0);
      continue;
    }
    if (ev.kind === CHECK) {
      if (!congested[v]) continue;
      if (queueSize(v, now) <= (bp as { lowWaterMark: number }).lowWaterMark) {
        congested[v] = 0;
        congestedCount--;
        if (congestedCount === 0) {
          if (throttledSince >= 0) {
            throttledMs += Math.max(0, Math.min(now, durationMs) - Math.max(throttledSince, warmupMs));
            throttledSince = -1;
          }
          for (let s = 0; s < spoutCount; s++) {
            if (!paused[s]) continue;
            paused[s] = 0;
            heap.push(now + (sample[s] as () => number)(), EMIT, s, 0);
          }
        }
      } else {
        heap.push(drainTime(v), CHECK, v, 0);
      }
      continue;
    }
    // A tuple arrives at bolt v.
    const service = (sample[v] as () => number)();
    const start = Math.max(now, lastDeparture[v] as number);
    const departure = start + service;
    lastDeparture[v] = departure;
    if (now >= warmupMs && now < durationMs) {
      arrivals[v] = (arrivals[v] as number) + 1;
      busyMs[v] = (busyMs[v] as number) + service;
      waitMs[v] = (waitMs[v] as number) + (start - now);
      sojournMs[v] = (sojournMs[v] as number) + (departure - now);
    }
    if (bp) {
      const size = queueSize(v, now);
      pushPending(v, departure);
      if (size + 1 > bp.highWaterMark && !congested[v]) {
        congested[v] = 1;
        if (congestedCount === 0) {
          throttledSince = now;
          if (now >= warmupMs && now < durationMs) triggered = true;
        }
        congestedCount++;
        heap.push(drainTime(v), CHECK, v, 0);
      }
    }
    if (isSink[v]) {
      if (ev.birth >= warmupMs && ev.birth < durationMs) {
        e2eSum += departure - ev.birth;
        e2eCount++;
        const batch = Math.min(BATCHES - 1, Math.floor(((ev.birth - warmupMs) / windowMs) * BATCHES));
        batchSum[batch] = (batchSum[batch] as number) + departure - ev.birth;
        batchCount[batch] = (batchCount[batch] as number) + 1;
      }
    } else {
      emitFrom(v, departure, ev.birth);
    }
  }
  if (throttledSince >= 0) throttledMs += Math.max(0, durationMs - Math.max(throttledSince, warmupMs));

  const instances: Record<string, SimulatedInstance> = {};
  for (let v = 0; v < n; v++) {
    const a = arrivals[v] as number;
    instances[nodes[v] as string] = {
      arrivalRatePerSec: (a / windowMs) * 1000,
      utilisation: (busyMs[v] as number) / windowMs,
      meanWaitMs: a > 0 ? (waitMs[v] as number) / a : 0,
      meanSojournMs: a > 0 ? (sojournMs[v] as number) / a : 0,
      arrivals: a,
    };
  }
  const means = Array.from(batchSum, (sum, i) => sum / (batchCount[i] as number)).filter(Number.isFinite);
  const grand = means.reduce((a, b) => a + b, 0) / means.length;
  const variance = means.reduce((a, m) => a + (m - grand) ** 2, 0) / (means.length - 1);
  const T_19_975 = 2.093; // Student t quantile, 19 degrees of freedom
  return {
    instances,
    meanEndToEndMs: e2eCount > 0 ? e2eSum / e2eCount : Number.NaN,
    endToEndHalfWidthMs: T_19_975 * Math.sqrt(variance / means.length),
    endToEndSamples: e2eCount,
    throughputPerSec: (emitted / windowMs) * 1000,
    backpressureTriggered: triggered,
    throttledFraction: throttledMs / windowMs,
    events,
  };
}

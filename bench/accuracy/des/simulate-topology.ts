import { EventHeap } from './event-heap.js';
import { categoricalSampler, keyHash, simRandom, zipfWeights } from './sim-random.js';
import { placeInstances, type SimComponent, type SimInstance, type SimTopology } from './sim-topology.js';

const MINUTE_MS = 60_000;
/** Distinct keys of a fields grouping when the input does not say. */
export const DEFAULT_KEYS = 1000;
/** The hash salt of a consumer's `inputIndex`-th input: fixed, so a plan's placement of keys is reproducible. */
export const fieldsSalt = (inputIndex: number) => inputIndex + 7;

/** Each instance's share of a fields-grouped stream: the Zipf key weights hashed onto `n` instances. */
export function fieldsShares(keys: number, zipfS: number, inputIndex: number, n: number): number[] {
  const shares = new Array<number>(n).fill(0);
  zipfWeights(keys, zipfS).forEach((w, key) => {
    const i = keyHash(key, fieldsSalt(inputIndex)) % n;
    shares[i] = (shares[i] as number) + w;
  });
  return shares;
}

export interface SimulateOptions {
  seed: number;
  /** Minutes simulated before the measured window (queues fill, throttling settles). */
  warmupMinutes: number;
  /** Minutes of the measured window: what the metrics and the ground truth cover. */
  windowMinutes: number;
}

/** Per-minute series of one instance: metric name → value per minute (undefined: nothing that minute). */
export type MinuteSeries = Record<string, Array<number | undefined>>;

/** What the simulated topology really did over the window. */
export interface SimTruth {
  windowSec: number;
  /** Per spout instance: offered and emitted source events per second. */
  spouts: Record<string, { offeredRatePerSec: number; emittedRatePerSec: number; backlogTuples: number }>;
  /** Per bolt instance: busy share of the window, tuples executed per second, largest queue seen. */
  bolts: Record<string, { utilisation: number; arrivalRatePerSec: number; maxQueueTuples: number }>;
  /** Share of the window the spouts were throttled (any instance above the high-water mark). */
  throttledFraction: number;
  /** Instances that initiated backpressure in the window, with the share of the window they held it. */
  backpressureInstances: Record<string, number>;
  /** Σ spout emissions per second (source events) over the window. */
  throughputPerSec: number;
  offeredPerSec: number;
  /** Mean spout-emission → exit time per exit component, ms, and how many tuples left there. */
  exits: Record<string, { kind: 'sink' | 'drop'; meanMs: number; count: number }>;
  /** Mean over tuples leaving at sinks only / at every exit (sinks and drops), ms; null without any. */
  sinkLatencyMeanMs: number | null;
  exitLatencyMeanMs: number | null;
}

export interface SimResult {
  instances: SimInstance[];
  /** Minutes in the series (warm-up + window); the window is the last `windowMinutes`. */
  minutes: number;
  windowMinutes: number;
  /** Heron instance metrics, per instance id. */
  series: Record<string, MinuteSeries>;
  /** Stream-manager metrics, per stream manager id (`stmgr-<container>`). */
  stmgrSeries: Record<string, MinuteSeries>;
  truth: SimTruth;
}

interface Root {
  emitMs: number;
  pending: number;
  spout: number;
  stream: string;
}

interface Tuple {
  root: Root;
  /** Index of the consumer's input this tuple arrived on. */
  input: number;
}

interface Route {
  component: string;
  inputIndex: number;
  targets: number[];
  pick: () => number;
}

interface Node {
  inst: SimInstance;
  spec: SimComponent;
  /** Routes per output stream. */
  routes: Record<string, Route[]>;
  inputKeys: string[];
  queue: Tuple[];
  head: number;
  busy: Tuple | undefined;
  busySinceMs: number;
  busyMs: number;
  executedInWindow: number;
  maxQueue: number;
  initiating: boolean;
  initiatedSinceMs: number;
  initiatedMsInWindow: number;
  isSink: boolean;
  exitSumMs: number;
  exitCount: number;
  offered: number;
  emittedInWindow: number;
  offeredInWindow: number;
  backlog: number;
}

type Event =
  | { kind: 'arrival'; node: number }
  | { kind: 'deliver'; node: number; tuple: Tuple }
  | { kind: 'done'; node: number };

/**
 * Discrete-event simulation of a Heron-like topology: spouts emit source events (Poisson or in Poisson
 * batches), each bolt instance is one FIFO server with its own service-time distribution, tuples go to
 * every subscribing component (shuffle: a uniformly random instance; fields: a Zipf-distributed key hashed
 * onto the instances), output ratios are drawn per executed tuple (⌊r⌋ or ⌈r⌉; 0 drops the tuple there),
 * each transfer costs the hop time of its placement, and when an instance's queue passes the high-water
 * mark every spout stops until all queues are under the low-water mark (Heron's stream managers).
 * Acks travel for free: a spout tuple completes when its last descendant is executed.
 *
 * Records, per instance and minute, what Heron's Tracker reports, and the ground truth of the window.
 * Deterministic for a seed.
 */
export function simulateTopology(topology: SimTopology, options: SimulateOptions): SimResult {
  const rnd = simRandom(options.seed);
  const instances = placeInstances(topology);
  const specOf = new Map(topology.components.map((c) => [c.name, c]));
  const minutes = options.warmupMinutes + options.windowMinutes;
  const endMs = minutes * MINUTE_MS;
  const windowStartMs = options.warmupMinutes * MINUTE_MS;

  const series: Record<string, MinuteSeries> = {};
  const stmgrSeries: Record<string, MinuteSeries> = {};
  const add = (
    target: Record<string, MinuteSeries>,
    id: string,
    metric: string,
    minute: number,
    v: number,
  ) => {
    const s = target[id] ?? {};
    target[id] = s;
    const arr = s[metric] ?? new Array<number | undefined>(minutes).fill(undefined);
    s[metric] = arr;
    arr[minute] = (arr[minute] ?? 0) + v;
  };
  /** Spreads a time interval's ms over the minutes it covers. */
  const addInterval = (
    target: Record<string, MinuteSeries>,
    id: string,
    metric: string,
    from: number,
    to: number,
  ) => {
    let t = from;
    while (t < to) {
      const minute = Math.floor(t / MINUTE_MS);
      const next = Math.min(to, (minute + 1) * MINUTE_MS);
      if (minute < minutes) add(target, id, metric, minute, next - t);
      t = next;
    }
  };
  const windowShare = (from: number, to: number) =>
    Math.max(0, Math.min(to, endMs) - Math.max(from, windowStartMs));

  const indexOf = new Map<string, number[]>();
  instances.forEach((inst, k) => {
    const list = indexOf.get(inst.component) ?? [];
    list.push(k);
    indexOf.set(inst.component, list);
  });

  const nodes: Node[] = instances.map((inst) => {
    const spec = specOf.get(inst.component) as SimComponent;
    return {
      inst,
      spec,
      routes: {},
      inputKeys: (spec.inputs ?? []).map((i) => `${i.component}/${i.stream}`),
      queue: [],
      head: 0,
      busy: undefined,
      busySinceMs: 0,
      busyMs: 0,
      executedInWindow: 0,
      maxQueue: 0,
      initiating: false,
      initiatedSinceMs: 0,
      initiatedMsInWindow: 0,
      isSink: true,
      exitSumMs: 0,
      exitCount: 0,
      offered: 0,
      emittedInWindow: 0,
      offeredInWindow: 0,
      backlog: 0,
    };
  });

  // Routes: every subscriber of (component, stream) gets each tuple once.
  for (const consumer of topology.components) {
    (consumer.inputs ?? []).forEach((input, inputIndex) => {
      const targets = indexOf.get(consumer.name) ?? [];
      let pick: () => number;
      if (input.grouping === 'FIELDS') {
        const weights = zipfWeights(input.keys ?? DEFAULT_KEYS, input.zipfS ?? 0);
        const drawKey = categoricalSampler(weights, rnd.uniform);
        const salt = fieldsSalt(inputIndex);
        pick = () => keyHash(drawKey(), salt) % targets.length;
      } else {
        pick = () => Math.floor(rnd.uniform() * targets.length);
      }
      for (const k of indexOf.get(input.component) ?? []) {
        const node = nodes[k] as Node;
        const list = node.routes[input.stream] ?? [];
        node.routes[input.stream] = list;
        list.push({ component: consumer.name, inputIndex, targets, pick });
      }
    });
  }
  for (const node of nodes) {
    node.isSink = !Object.entries(node.spec.outputs).some(
      ([stream, ratio]) => ratio > 0 && (node.routes[stream]?.length ?? 0) > 0,
    );
  }

  const heap = new EventHeap<Event>();
  let initiatingCount = 0;
  let throttledSinceMs = 0;
  let throttledMsInWindow = 0;
  const stmgrInitiating = new Map<number, { count: number; sinceMs: number }>();
  const stmgrId = (container: number) => `stmgr-${container}`;

  const spoutNodes = nodes.map((n, k) => [n, k] as const).filter(([n]) => n.spec.kind === 'spout');
  for (const [node, k] of spoutNodes) {
    node.offered = (node.spec.offeredRatePerSec ?? 0) / node.spec.parallelism;
    if (node.offered > 0) heap.push(nextArrivalGap(node), { kind: 'arrival', node: k });
  }

  function nextArrivalGap(node: Node): number {
    const batch = node.spec.arrival?.kind === 'bursty' ? node.spec.arrival.meanBatch : 1;
    return rnd.exponential((1000 * batch) / node.offered);
  }

  function batchSize(node: Node): number {
    if (node.spec.arrival?.kind !== 'bursty' || node.spec.arrival.meanBatch <= 1) return 1;
    const p = 1 / node.spec.arrival.meanBatch;
    return 1 + Math.floor(Math.log(1 - rnd.uniform()) / Math.log(1 - p));
  }

  function draws(ratio: number): number {
    const whole = Math.floor(ratio);
    return whole + (rnd.uniform() < ratio - whole ? 1 : 0);
  }

  const hopOf = (a: SimInstance, b: SimInstance) =>
    a.container === b.container ? topology.hopMs.local : topology.hopMs.remote;

  /** Emits `count` tuples of `root` on `stream` from node `from`; returns how many were sent. */
  function send(from: Node, stream: string, root: Root, nowMs: number): number {
    let sent = 0;
    for (const route of from.routes[stream] ?? []) {
      const target = route.targets[route.pick()] as number;
      const tuple: Tuple = { root, input: route.inputIndex };
      const hop = hopOf(from.inst, (nodes[target] as Node).inst);
      if (hop > 0) heap.push(nowMs + hop, { kind: 'deliver', node: target, tuple });
      else enqueue(target, tuple, nowMs);
      sent++;
    }
    return sent;
  }

  function emitFrom(from: Node, nowMs: number, root: Root | undefined, minute: number): number {
    let children = 0;
    for (const [stream, ratio] of Object.entries(from.spec.outputs)) {
      const n = draws(ratio);
      if (n === 0) continue;
      add(series, from.inst.id, `__emit-count/${stream}`, minute, n);
      for (let i = 0; i < n; i++) {
        if (root) {
          children += send(from, stream, root, nowMs);
        } else {
          // A spout tuple is a root of its own tree.
          const own: Root = { emitMs: nowMs, pending: 0, spout: nodes.indexOf(from), stream };
          own.pending = send(from, stream, own, nowMs);
          if (own.pending === 0) complete(own, nowMs);
        }
      }
    }
    return children;
  }

  function complete(root: Root, nowMs: number): void {
    const spout = nodes[root.spout] as Node;
    const minute = Math.floor(nowMs / MINUTE_MS);
    if (minute >= minutes) return;
    add(series, spout.inst.id, `__ack-count/${root.stream}`, minute, 1);
    add(series, spout.inst.id, `__complete-latency-sum/${root.stream}`, minute, (nowMs - root.emitMs) * 1e6);
  }

  function enqueue(k: number, tuple: Tuple, nowMs: number): void {
    const node = nodes[k] as Node;
    if (!node.busy) {
      startService(k, tuple, nowMs);
      return;
    }
    node.queue.push(tuple);
    const length = node.queue.length - node.head;
    if (length > node.maxQueue && nowMs >= windowStartMs) node.maxQueue = length;
    if (!node.initiating && length > topology.highWaterTuples) {
      node.initiating = true;
      node.initiatedSinceMs = nowMs;
      if (initiatingCount++ === 0) throttledSinceMs = nowMs;
      const s = stmgrInitiating.get(node.inst.container) ?? { count: 0, sinceMs: nowMs };
      if (s.count++ === 0) s.sinceMs = nowMs;
      stmgrInitiating.set(node.inst.container, s);
    }
  }

  function startService(k: number, tuple: Tuple, nowMs: number): void {
    const node = nodes[k] as Node;
    node.busy = tuple;
    node.busySinceMs = nowMs;
    const s = rnd.service(
      node.spec.serviceMeanMs ?? 1,
      node.spec.serviceCv ?? 1,
      node.spec.serviceFamily ?? 'gamma',
    );
    heap.push(nowMs + s, { kind: 'done', node: k });
  }

  function finish(k: number, nowMs: number): void {
    const node = nodes[k] as Node;
    const tuple = node.busy as Tuple;
    const minute = Math.floor(nowMs / MINUTE_MS);
    const inWindow = nowMs >= windowStartMs;
    const serviceMs = nowMs - node.busySinceMs;
    node.busyMs += windowShare(node.busySinceMs, nowMs);
    addInterval(series, node.inst.id, '__busy-ms', node.busySinceMs, nowMs);
    const key = node.inputKeys[tuple.input] as string;
    if (minute < minutes) {
      add(series, node.inst.id, `__execute-count/${key}`, minute, 1);
      add(series, node.inst.id, `__execute-latency-sum/${key}`, minute, serviceMs * 1e6);
      add(series, node.inst.id, `__ack-count/${key}`, minute, 1);
    }
    if (inWindow) node.executedInWindow++;
    const children = emitFrom(node, nowMs, tuple.root, Math.min(minute, minutes - 1));
    if (children === 0 && inWindow) {
      node.exitSumMs += nowMs - tuple.root.emitMs;
      node.exitCount++;
    }
    tuple.root.pending += children - 1;
    if (tuple.root.pending === 0) complete(tuple.root, nowMs);

    node.busy = undefined;
    if (node.head < node.queue.length) {
      const next = node.queue[node.head] as Tuple;
      node.head++;
      if (node.head > 4096 && node.head * 2 > node.queue.length) {
        node.queue = node.queue.slice(node.head);
        node.head = 0;
      }
      startService(k, next, nowMs);
    }
    if (node.initiating && node.queue.length - node.head < topology.lowWaterTuples) {
      node.initiating = false;
      node.initiatedMsInWindow += windowShare(node.initiatedSinceMs, nowMs);
      addInterval(
        stmgrSeries,
        stmgrId(node.inst.container),
        `__time_spent_back_pressure_by_compid/${node.inst.component}`,
        node.initiatedSinceMs,
        nowMs,
      );
      if (--initiatingCount === 0) throttledMsInWindow += windowShare(throttledSinceMs, nowMs);
      const s = stmgrInitiating.get(node.inst.container) as { count: number; sinceMs: number };
      if (--s.count === 0)
        addInterval(
          stmgrSeries,
          stmgrId(node.inst.container),
          '__server/__time_spent_back_pressure_initiated',
          s.sinceMs,
          nowMs,
        );
    }
  }

  while (heap.peekTime() < endMs) {
    const nowMs = heap.peekTime();
    const event = heap.pop() as Event;
    if (event.kind === 'done') finish(event.node, nowMs);
    else if (event.kind === 'deliver') enqueue(event.node, event.tuple, nowMs);
    else {
      const node = nodes[event.node] as Node;
      const size = batchSize(node);
      const minute = Math.floor(nowMs / MINUTE_MS);
      const inWindow = nowMs >= windowStartMs;
      if (inWindow) node.offeredInWindow += size;
      if (initiatingCount > 0) {
        node.backlog += size; // throttled: the source keeps it (e.g. Kafka lag)
      } else {
        if (inWindow) node.emittedInWindow += size;
        for (let i = 0; i < size; i++) emitFrom(node, nowMs, undefined, minute);
      }
      heap.push(nowMs + nextArrivalGap(node), event);
    }
  }
  // Close what is still open at the end of the window.
  for (const node of nodes) {
    if (node.busy) {
      node.busyMs += windowShare(node.busySinceMs, endMs);
      addInterval(series, node.inst.id, '__busy-ms', node.busySinceMs, endMs);
    }
    if (node.initiating) {
      node.initiatedMsInWindow += windowShare(node.initiatedSinceMs, endMs);
      addInterval(
        stmgrSeries,
        stmgrId(node.inst.container),
        `__time_spent_back_pressure_by_compid/${node.inst.component}`,
        node.initiatedSinceMs,
        endMs,
      );
    }
  }
  if (initiatingCount > 0) throttledMsInWindow += windowShare(throttledSinceMs, endMs);
  for (const [container, s] of stmgrInitiating) {
    if (s.count > 0)
      addInterval(
        stmgrSeries,
        stmgrId(container),
        '__server/__time_spent_back_pressure_initiated',
        s.sinceMs,
        endMs,
      );
  }

  return { instances, minutes, windowMinutes: options.windowMinutes, series, stmgrSeries, truth: truthOf() };

  function truthOf(): SimTruth {
    const windowMs = options.windowMinutes * MINUTE_MS;
    const windowSec = windowMs / 1000;
    const truth: SimTruth = {
      windowSec,
      spouts: {},
      bolts: {},
      throttledFraction: throttledMsInWindow / windowMs,
      backpressureInstances: {},
      throughputPerSec: 0,
      offeredPerSec: 0,
      exits: {},
      sinkLatencyMeanMs: null,
      exitLatencyMeanMs: null,
    };
    const exitAcc = new Map<string, { kind: 'sink' | 'drop'; sum: number; count: number }>();
    let sinkSum = 0;
    let sinkCount = 0;
    let exitSum = 0;
    let exitCount = 0;
    for (const node of nodes) {
      if (node.spec.kind === 'spout') {
        truth.spouts[node.inst.id] = {
          offeredRatePerSec: node.offered,
          emittedRatePerSec: node.emittedInWindow / windowSec,
          backlogTuples: node.backlog,
        };
        truth.throughputPerSec += node.emittedInWindow / windowSec;
        truth.offeredPerSec += node.offered;
        continue;
      }
      truth.bolts[node.inst.id] = {
        utilisation: node.busyMs / windowMs,
        arrivalRatePerSec: node.executedInWindow / windowSec,
        maxQueueTuples: node.maxQueue,
      };
      if (node.initiatedMsInWindow > 0)
        truth.backpressureInstances[node.inst.id] = node.initiatedMsInWindow / windowMs;
      if (node.exitCount > 0) {
        const kind = node.isSink ? 'sink' : 'drop';
        const acc = exitAcc.get(node.inst.component) ?? { kind, sum: 0, count: 0 };
        acc.sum += node.exitSumMs;
        acc.count += node.exitCount;
        exitAcc.set(node.inst.component, acc);
        exitSum += node.exitSumMs;
        exitCount += node.exitCount;
        if (node.isSink) {
          sinkSum += node.exitSumMs;
          sinkCount += node.exitCount;
        }
      }
    }
    for (const [component, a] of exitAcc)
      truth.exits[component] = { kind: a.kind, meanMs: a.sum / a.count, count: a.count };
    truth.sinkLatencyMeanMs = sinkCount > 0 ? sinkSum / sinkCount : null;
    truth.exitLatencyMeanMs = exitCount > 0 ? exitSum / exitCount : null;
    return truth;
  }
}

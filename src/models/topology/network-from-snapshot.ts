import { AppError } from '../../errors.js';
import type { InstanceNode, PlanGraph } from '../../graph/analysis/plan-graph.js';
import {
  type ExecuteCounts,
  type RoutedStream,
  routeStreams,
  type TodayInstance,
} from '../../graph/analysis/routing-probabilities.js';
import { BUCKET_SEC, type MetricSeries, metric, type SeriesPoints } from '../../topology/metric-series.js';
import type { MetricsSnapshot } from '../../topology/metrics-snapshot.js';
import type { PackingPlan } from '../../topology/packing-plan.js';
import type { PlannedInstance } from '../../topology/planned-instances.js';
import type { TopologySnapshot } from '../../topology/topology-snapshot.js';
import type { ComponentSpec } from '../../topology/topology-structure.js';
import {
  type OfferedRateEstimate,
  offeredRateUnderBackpressure,
  throttledMsPerMinute,
} from '../estimation/offered-rate-under-backpressure.js';
import { serviceScvFromMinuteMeans } from '../estimation/service-scv-from-minute-means.js';
import { countDispersionScv } from '../queueing/count-dispersion.js';
import type {
  BoltInstance,
  ContainerSpec,
  MeasuredLatency,
  NetworkEdge,
  SpoutInstance,
  TopologyNetwork,
} from './topology-network.js';

export interface TopologyWindow {
  startSec: number;
  endSec: number;
}

/** What the network was built from, reported with the result. */
export interface TopologyNetworkSource {
  /** `requested` rates, or `measured` mean emission rates over the window. */
  traffic: 'requested' | 'measured';
  /** Offered rate per spout instance, tuples/s, as put into the network. */
  spout_rates: Record<string, number>;
  /** Instances per component in the modelled plan. */
  parallelism: Record<string, number>;
  /** Where container CPU capacities came from (`plan`, `packing-plan`) or `unknown`. */
  container_capacity: 'plan' | 'packing-plan' | 'unknown';
  /**
   * Share of the window the spouts were throttled by backpressure, [0, 1], when the metrics say
   * (Heron's stream managers); with measured traffic the spouts then offer {@link offered_estimate}.
   */
  throttled_fraction?: number;
  /** With measured traffic under backpressure: the offered rate estimated from the throttled share. */
  offered_estimate?: OfferedEstimateReport;
}

/** How the measured spout rates were turned into offered ones. */
export interface OfferedEstimateReport {
  method: OfferedRateEstimate['method'];
  /** Factor applied to every measured spout rate (1 / unthrottled share). */
  factor: number;
  /** True when throttled nearly all the window: the offered rate is then a lower bound. */
  lower_bound: boolean;
  /** Σ measured spout rates, tuples/s. */
  measured_total: number;
  /** Σ offered spout rates put into the network, tuples/s. */
  offered_total: number;
}

/** What one instance did over the window. */
interface InstanceStats {
  /** Distinct minutes with any count. */
  minutes: number;
  /** Tuples executed, Σ over inputs (bolts). */
  executed: number;
  /** Tuples executed by input `<source>/<stream>` (bolts). */
  executedByInput: Record<string, number>;
  /** Tuples emitted by stream. */
  emitted: Record<string, number>;
  /** Execute-count-weighted mean execute latency, ms; undefined without latency data. */
  serviceMs?: number;
  /** Weight of `serviceMs` (tuples with a latency). */
  serviceWeight: number;
  serviceMinMs?: number;
  serviceMaxMs?: number;
  /** Bolts: c_s² from the dispersion of per-minute mean execute times, when the minutes carry evidence. */
  serviceScv?: number;
  /** Mean `__jvm-process-cpu-load`, cores. */
  cpuCores?: number;
  /** Spouts: c_a² from the busiest stream's minute-to-minute emit counts (index of dispersion). */
  arrivalScv?: number;
}

export interface NetworkFromSnapshotOptions {
  /** Offered rate per spout task id of the modelled plan, tuples/s; absent: measured. */
  rates?: Record<string, number>;
  /** The plan graph is a proposed plan, not the running one the metrics were measured on. */
  proposed?: boolean;
}

/**
 * Estimates the queueing-theory model's {@link TopologyNetwork} of one plan — the running one or a
 * proposed one, as its topology graph holds it (`plan`) — from the running topology's metrics snapshot.
 * Pure: everything it reads is in its arguments. Per instance, over the snapshot's window:
 *
 * - service time of a bolt: Σ(`execute-latency-ms/<src>/<stream>` × `executed/<src>/<stream>`) / Σ count, ms,
 *   over every input and minute; min/max from the per-minute weighted means;
 * - service c_s² of a bolt: the count-weighted dispersion of those per-minute means
 *   ({@link serviceScvFromMinuteMeans}, shrunk toward 1); left out (the model's assumed default) when fewer
 *   than 3 minutes carry tuples; a proposed plan's instances get the component's tuple-weighted mean;
 * - output ratio per stream: `emitted/<stream>` ÷ tuples executed (spouts: ÷ emitted source events, taken as
 *   the busiest stream's emissions);
 * - routing probabilities from the plan graph ({@link routeStreams}, the graph analysis): shuffle/none 1/n
 *   (a Storm executor: its tasks ÷ the component's tasks), all 1, lowest 1 to the lowest task id, fields
 *   (and direct, custom) the consuming instance's share of the measured `executed/<src>/<stream>`;
 * - CPU per tuple: mean `cpu-cores` ÷ tuples/s;
 * - spout offered rates: `rates` (by task id), else each instance's measured emission rate;
 * - containers: the plan's containers; CPU capacity from the proposed plan's required resources, or from
 *   the running topology's packing plan when the source had one.
 *
 * For a proposed plan, each component's new instances get its measured aggregate service time, ratios and
 * CPU per tuple, and every stream's load is spread by the routing analysis: a Storm executor gets the load of the
 * tasks it runs (tasks are fixed; a fields grouping's measured shares are split evenly over each of today's
 * executors' tasks and summed over the new executor's), a Heron instance the load `redistributeLoad`
 * re-spreads (fields groupings keep today's key skew). Measured spout traffic is the component's total,
 * spread evenly.
 *
 * @throws AppError `BAD_REQUEST` when `rates` misses a spout instance, `NO_METRICS` when a bolt has no execute
 * latency at all in the window
 */
export function networkFromSnapshot(
  metrics: MetricsSnapshot,
  plan: PlanGraph,
  options: NetworkFromSnapshotOptions = {},
): { network: TopologyNetwork; built: TopologyNetworkSource; routed: RoutedStream[] } {
  const { rates, proposed = false } = options;
  const structure = metrics.topology;
  const window = metrics.window;
  const components = Object.values(structure.components).sort((a, b) => a.name.localeCompare(b.name));

  const stats = new Map<string, InstanceStats>();
  for (const component of components)
    for (const [id, s] of instanceStats(component, metrics.series)) stats.set(id, s);

  const today = instancesOf(structure);
  const byComponent = groupByComponent(plan.instances.map(plannedOf));
  const todayByComponent = groupByComponent(today);
  const aggregates = new Map(
    components.map((c) => [c.name, aggregateStats(c, todayByComponent.get(c.name) ?? [], stats)]),
  );

  const spouts: SpoutInstance[] = [];
  const bolts: BoltInstance[] = [];
  const spoutRates: Record<string, number> = {};
  // Under backpressure the measured spout rates are the throttled ones; what the sources offer is more.
  const throttledMs = metrics.backpressureMs ? throttledMinutes(metrics.backpressureMs) : undefined;
  const offered = throttledMs
    ? offeredRateUnderBackpressure({ measuredRatePerSec: 1, throttledMs })
    : undefined;
  const offeredFactor = rates ? 1 : (offered?.offeredRatePerSec ?? 1);
  let measuredTotal = 0;
  for (const component of components) {
    const instances = byComponent.get(component.name) ?? [];
    const aggregate = aggregates.get(component.name) as ComponentAggregate;
    for (const instance of instances) {
      const own = proposed ? undefined : stats.get(instance.id);
      if (component.kind === 'spout') {
        const measuredRate = own
          ? spoutEventRate(own, component)
          : aggregate.spoutTotalRate / Math.max(instances.length, 1);
        measuredTotal += measuredRate;
        const rate = rates ? rates[String(instance.taskId)] : measuredRate * offeredFactor;
        if (rate === undefined) {
          throw new AppError('BAD_REQUEST', `No rate for spout instance ${instance.id}`, {
            details: { field: `query.${instance.taskId}`, reason: 'missing rate' },
          });
        }
        spoutRates[instance.id] = rate;
        const ratios = own ? spoutRatios(own, component) : aggregate.outputRatios;
        const cpu = own ? cpuPerTuple(own.cpuCores, measuredRate) : aggregate.cpuPerTuple;
        spouts.push({
          id: instance.id,
          component: component.name,
          container: instance.container,
          offeredRatePerSec: rate,
          outputRatios: ratios,
          ...(cpu !== undefined ? { cpuCoreSecPerTuple: cpu } : {}),
          ...(own?.arrivalScv !== undefined ? { arrivalScv: own.arrivalScv } : {}),
        });
      } else {
        const useOwn = own !== undefined && own.serviceMs !== undefined && own.executed > 0;
        const service = useOwn
          ? { mean: own.serviceMs as number, min: own.serviceMinMs, max: own.serviceMaxMs }
          : aggregate.service;
        if (service === undefined) {
          throw new AppError(
            'NO_METRICS',
            `No __execute-latency of bolt ${component.name} in the metrics window (${windowText(window)})`,
            { details: { component: component.name } },
          );
        }
        const ratios = useOwn ? boltRatios(own, component) : aggregate.outputRatios;
        const scv = useOwn ? own.serviceScv : aggregate.serviceScv;
        const cpu = useOwn
          ? cpuPerTuple(own.cpuCores, own.executed / (own.minutes * BUCKET_SEC))
          : aggregate.cpuPerTuple;
        bolts.push({
          id: instance.id,
          component: component.name,
          container: instance.container,
          serviceTimeMeanMs: service.mean,
          ...(service.min !== undefined ? { serviceTimeMinMs: service.min } : {}),
          ...(service.max !== undefined ? { serviceTimeMaxMs: service.max } : {}),
          ...(scv !== undefined ? { serviceTimeScv: scv } : {}),
          outputRatios: ratios,
          ...(cpu !== undefined ? { cpuCoreSecPerTuple: cpu } : {}),
        });
      }
    }
  }

  const executeCounts: ExecuteCounts = Object.fromEntries(
    [...stats].map(([id, st]) => [id, st.executedByInput]),
  );
  const routed = routeStreams(plan, {
    executeCounts,
    ...(proposed ? { today: todayInstances(todayByComponent) } : {}),
  });
  const edges = edgesOf(routed, byComponent);

  const { containers, capacity } = containerSpecs(plan, proposed, metrics.packingPlan);
  // The latency was measured on the running plan: a proposed plan's caller pairs it with that plan's network.
  const measuredLatency = proposed ? undefined : completeLatencyOf(components, metrics.series);
  const parallelism = Object.fromEntries(
    components.map((c) => [c.name, (byComponent.get(c.name) ?? []).length]),
  );
  return {
    network: {
      spouts,
      bolts,
      edges,
      ...(containers ? { containers } : {}),
      ...(measuredLatency ? { measuredLatency } : {}),
    },
    built: {
      traffic: rates ? 'requested' : 'measured',
      spout_rates: spoutRates,
      parallelism,
      container_capacity: capacity,
      ...(offered ? { throttled_fraction: offered.throttledFraction } : {}),
      ...(offered && !rates && offered.method !== 'not-throttled'
        ? {
            offered_estimate: {
              method: offered.method,
              factor: offeredFactor,
              lower_bound: offered.lowerBound,
              measured_total: measuredTotal,
              offered_total: measuredTotal * offeredFactor,
            },
          }
        : {}),
    },
    routed,
  };
}

/** Network edges of every routed stream: each sender to each target, with the target's probability. */
function edgesOf(
  routed: readonly RoutedStream[],
  byComponent: Map<string, PlannedInstance[]>,
): NetworkEdge[] {
  const edges: NetworkEdge[] = [];
  for (const r of routed) {
    for (const from of byComponent.get(r.source) ?? []) {
      r.targets.forEach((to, t) => {
        edges.push({
          from: from.id,
          to: to.instanceId,
          stream: r.stream,
          probability: r.probabilities[t] ?? 0,
        });
      });
    }
  }
  return edges;
}

function todayInstances(byComponent: Map<string, PlannedInstance[]>): Record<string, TodayInstance[]> {
  return Object.fromEntries(
    [...byComponent].map(([component, list]) => [
      component,
      list.map((i) => ({
        instanceId: i.id,
        taskId: i.taskId,
        ...(i.lastTaskId !== undefined ? { lastTaskId: i.lastTaskId } : {}),
      })),
    ]),
  );
}

/** A graph instance in the form the estimation reads. */
function plannedOf(i: InstanceNode): PlannedInstance {
  return {
    id: i.instanceId,
    component: i.component,
    taskId: i.taskId,
    ...(i.lastTaskId !== undefined ? { lastTaskId: i.lastTaskId } : {}),
    container: i.container,
  };
}

function windowText(window: TopologyWindow): string {
  return `${new Date(window.startSec * 1000).toISOString()} – ${new Date(window.endSec * 1000).toISOString()}`;
}

function groupByComponent(instances: PlannedInstance[]): Map<string, PlannedInstance[]> {
  const map = new Map<string, PlannedInstance[]>();
  for (const i of instances) {
    const list = map.get(i.component) ?? [];
    list.push(i);
    map.set(i.component, list);
  }
  return map;
}

/** The metrics {@link networkFromSnapshot} reads of one component's instances. */
export function modelMetricsOf(
  component: Pick<ComponentSpec, 'outputStreams' | 'inputs'> & Partial<Pick<ComponentSpec, 'kind'>>,
): string[] {
  return [
    ...component.outputStreams.map(metric.emitted),
    // A spout's complete latency is what the hop cost is measured against.
    ...(component.kind === 'spout'
      ? component.outputStreams.flatMap((st) => [metric.completeLatencyMs(st), metric.spoutAcked(st)])
      : []),
    ...component.inputs.flatMap((i) => [
      metric.executed(i.component, i.stream),
      metric.executeLatencyMs(i.component, i.stream),
    ]),
    metric.cpuCores,
  ];
}

/** What each instance of a component did over the snapshot's window. */
function instanceStats(component: ComponentSpec, series: MetricSeries): Map<string, InstanceStats> {
  const inputs = component.inputs.map((i) => ({ key: `${i.component}/${i.stream}`, ...i }));
  const pointsOf = (name: string, id: string): SeriesPoints => series[name]?.[id] ?? [];
  const result = new Map<string, InstanceStats>();
  for (const id of component.instances) {
    const minutes = new Set<number>();
    const emitted: Record<string, number> = {};
    let busiest: number[] = [];
    for (const stream of component.outputStreams) {
      let sum = 0;
      const points = pointsOf(metric.emitted(stream), id);
      for (const [t, v] of points) {
        sum += v;
        minutes.add(t);
      }
      emitted[stream] = sum;
      if (sum > busiest.reduce((a, b) => a + b, 0)) busiest = points.map(([, v]) => v);
    }
    const arrivalScv = component.kind === 'spout' ? countDispersionScv(busiest) : undefined;
    const executedByInput: Record<string, number> = {};
    let executed = 0;
    /** minute → [Σ latency ms × count, Σ count] */
    const perMinute = new Map<number, [number, number]>();
    for (const input of inputs) {
      const counts = new Map(pointsOf(metric.executed(input.component, input.stream), id));
      let sum = 0;
      for (const [t, v] of counts) {
        sum += v;
        minutes.add(t);
      }
      executedByInput[input.key] = sum;
      executed += sum;
      for (const [t, latencyMs] of pointsOf(metric.executeLatencyMs(input.component, input.stream), id)) {
        const count = counts.get(t);
        if (count === undefined || !(count > 0) || !Number.isFinite(latencyMs)) continue;
        const acc = perMinute.get(t) ?? [0, 0];
        acc[0] += latencyMs * count;
        acc[1] += count;
        perMinute.set(t, acc);
      }
    }
    let weighted = 0;
    let weight = 0;
    let min: number | undefined;
    let max: number | undefined;
    const minuteMeans = [...perMinute.values()].map(([w, c]) => ({
      serviceTimeMeanMs: w / c,
      executeCount: c,
    }));
    const scv = component.kind === 'bolt' ? serviceScvFromMinuteMeans(minuteMeans) : undefined;
    for (const [w, c] of perMinute.values()) {
      weighted += w;
      weight += c;
      const ms = w / c;
      min = min === undefined ? ms : Math.min(min, ms);
      max = max === undefined ? ms : Math.max(max, ms);
    }
    const cpu = pointsOf(metric.cpuCores, id).filter(([, v]) => Number.isFinite(v));
    result.set(id, {
      minutes: minutes.size,
      executed,
      executedByInput,
      emitted,
      serviceWeight: weight,
      ...(weight > 0 ? { serviceMs: weighted / weight } : {}),
      ...(min !== undefined ? { serviceMinMs: min } : {}),
      ...(max !== undefined ? { serviceMaxMs: max } : {}),
      ...(scv?.source === 'measured' ? { serviceScv: scv.scv } : {}),
      ...(cpu.length > 0 ? { cpuCores: cpu.reduce((a, [, v]) => a + v, 0) / cpu.length } : {}),
      ...(arrivalScv !== undefined ? { arrivalScv } : {}),
    });
  }
  return result;
}

/**
 * The acked-weighted mean `complete-latency-ms` over every spout instance, stream and minute; undefined
 * when no spout reported one (unreliable topologies, sources without the metric).
 */
export function completeLatencyOf(
  components: ComponentSpec[],
  series: MetricSeries,
): MeasuredLatency | undefined {
  let weighted = 0;
  let tuples = 0;
  for (const c of components) {
    if (c.kind !== 'spout') continue;
    for (const stream of c.outputStreams) {
      const latency = series[metric.completeLatencyMs(stream)] ?? {};
      const acked = series[metric.spoutAcked(stream)] ?? {};
      for (const id of c.instances) {
        const counts = new Map(acked[id] ?? []);
        for (const [t, ms] of latency[id] ?? []) {
          const n = counts.get(t);
          if (n === undefined || !(n > 0) || !Number.isFinite(ms) || ms < 0) continue;
          weighted += ms * n;
          tuples += n;
        }
      }
    }
  }
  return tuples > 0 ? { completeLatencyMs: weighted / tuples, tuples } : undefined;
}

/**
 * Throttled ms per minute of the window: per minute, the union of the transport processes' backpressure
 * ({@link throttledMsPerMinute}), minutes aligned by timestamp (a process without a point: 0).
 */
function throttledMinutes(byProcess: Record<string, SeriesPoints>): number[] {
  const minutes = [...new Set(Object.values(byProcess).flatMap((p) => p.map(([t]) => t)))].sort(
    (a, b) => a - b,
  );
  const aligned = Object.values(byProcess).map((points) => {
    const at = new Map(points);
    return minutes.map((t) => at.get(t) ?? 0);
  });
  return throttledMsPerMinute(aligned);
}

/** A spout's source events per second: its busiest stream's emissions. */
function spoutEventRate(s: InstanceStats, component: ComponentSpec): number {
  if (s.minutes === 0) return 0;
  const most = Math.max(0, ...component.outputStreams.map((st) => s.emitted[st] ?? 0));
  return most / (s.minutes * BUCKET_SEC);
}

function spoutRatios(s: InstanceStats, component: ComponentSpec): Record<string, number> {
  const most = Math.max(0, ...component.outputStreams.map((st) => s.emitted[st] ?? 0));
  return Object.fromEntries(
    component.outputStreams.map((st) => [st, most > 0 ? (s.emitted[st] ?? 0) / most : 1]),
  );
}

function boltRatios(s: InstanceStats, component: ComponentSpec): Record<string, number> {
  return Object.fromEntries(
    component.outputStreams.map((st) => [st, s.executed > 0 ? (s.emitted[st] ?? 0) / s.executed : 0]),
  );
}

function cpuPerTuple(cpuCores: number | undefined, tuplesPerSec: number): number | undefined {
  return cpuCores !== undefined && tuplesPerSec > 0 ? cpuCores / tuplesPerSec : undefined;
}

/** A component's measured behaviour over all of today's instances: what a proposed plan's instances get. */
interface ComponentAggregate {
  service?: { mean: number; min?: number; max?: number };
  /** Bolts: the tuple-weighted mean of today's instances' measured c_s², when any was measured. */
  serviceScv?: number;
  outputRatios: Record<string, number>;
  cpuPerTuple?: number;
  /** Spouts: Σ over instances of source events/s. */
  spoutTotalRate: number;
}

function aggregateStats(
  component: ComponentSpec,
  instances: PlannedInstance[],
  stats: Map<string, InstanceStats>,
): ComponentAggregate {
  const all = instances.map((i) => stats.get(i.id)).filter((s): s is InstanceStats => s !== undefined);
  if (component.kind === 'spout') {
    const spoutTotalRate = all.reduce((sum, s) => sum + spoutEventRate(s, component), 0);
    const emitted: Record<string, number> = {};
    for (const s of all)
      for (const st of component.outputStreams) emitted[st] = (emitted[st] ?? 0) + (s.emitted[st] ?? 0);
    const merged: InstanceStats = { minutes: 1, executed: 0, executedByInput: {}, emitted, serviceWeight: 0 };
    const cpuTotal = all.reduce((sum, s) => sum + (s.cpuCores ?? 0), 0);
    const cpu = all.some((s) => s.cpuCores !== undefined) ? cpuPerTuple(cpuTotal, spoutTotalRate) : undefined;
    return {
      outputRatios: spoutRatios(merged, component),
      spoutTotalRate,
      ...(cpu !== undefined ? { cpuPerTuple: cpu } : {}),
    };
  }
  let weighted = 0;
  let weight = 0;
  let min: number | undefined;
  let max: number | undefined;
  let executed = 0;
  let rate = 0;
  let cpuTotal = 0;
  let cpuMeasured = false;
  let scvWeighted = 0;
  let scvWeight = 0;
  const emitted: Record<string, number> = {};
  for (const s of all) {
    if (s.serviceScv !== undefined && s.serviceWeight > 0) {
      scvWeighted += s.serviceScv * s.serviceWeight;
      scvWeight += s.serviceWeight;
    }
    if (s.serviceMs !== undefined) {
      weighted += s.serviceMs * s.serviceWeight;
      weight += s.serviceWeight;
    }
    if (s.serviceMinMs !== undefined)
      min = min === undefined ? s.serviceMinMs : Math.min(min, s.serviceMinMs);
    if (s.serviceMaxMs !== undefined)
      max = max === undefined ? s.serviceMaxMs : Math.max(max, s.serviceMaxMs);
    executed += s.executed;
    if (s.minutes > 0) rate += s.executed / (s.minutes * BUCKET_SEC);
    if (s.cpuCores !== undefined) {
      cpuTotal += s.cpuCores;
      cpuMeasured = true;
    }
    for (const st of component.outputStreams) emitted[st] = (emitted[st] ?? 0) + (s.emitted[st] ?? 0);
  }
  const cpu = cpuMeasured ? cpuPerTuple(cpuTotal, rate) : undefined;
  return {
    ...(weight > 0
      ? {
          service: {
            mean: weighted / weight,
            ...(min !== undefined ? { min } : {}),
            ...(max !== undefined ? { max } : {}),
          },
        }
      : {}),
    ...(scvWeight > 0 ? { serviceScv: scvWeighted / scvWeight } : {}),
    outputRatios: Object.fromEntries(
      component.outputStreams.map((st) => [st, executed > 0 ? (emitted[st] ?? 0) / executed : 0]),
    ),
    spoutTotalRate: 0,
    ...(cpu !== undefined ? { cpuPerTuple: cpu } : {}),
  };
}

/**
 * Container CPU capacities: a proposed plan's required resources, else the running topology's packing plan,
 * when the source has one (both as the plan graph's containers carry them).
 */
function containerSpecs(
  plan: PlanGraph,
  proposed: boolean,
  packingPlan: PackingPlan | undefined,
): {
  containers?: Record<string, ContainerSpec>;
  capacity: TopologyNetworkSource['container_capacity'];
} {
  if (!proposed && !packingPlan) return { capacity: 'unknown' };
  const containers = Object.fromEntries(
    plan.containers
      .filter((c) => (c.cpuCores ?? 0) > 0)
      .map((c) => [c.id, { cpuCapacityCores: c.cpuCores as number }]),
  );
  return { containers, capacity: proposed ? 'plan' : 'packing-plan' };
}

/** A snapshot's instances, sorted by task id. */
function instancesOf(snapshot: TopologySnapshot): PlannedInstance[] {
  return Object.values(snapshot.instances).sort((a, b) => a.taskId - b.taskId);
}

import { componentCycles } from '../../graph/analysis/component-cycles.js';
import { componentPaths } from '../../graph/analysis/component-paths.js';
import { crossContainerTraffic, type EmitRates } from '../../graph/analysis/cross-container-traffic.js';
import { instancesByComponent, type PlanGraph } from '../../graph/analysis/plan-graph.js';
import type { RoutedStream } from '../../graph/analysis/routing-probabilities.js';
import type { QueueingTheoryResult } from '../topology/topology-model-result.js';
import type { ComponentFan, GraphPath, InstanceFan, TopologyGraphResult } from './topology-graph-result.js';

export interface AnalyseTopologyGraphOptions {
  /** The queueing model of the plan at the modelled rates, when it has a steady state. */
  model?: QueueingTheoryResult;
  /** Emit rate of each instance by stream, tuples/s, for the container traffic. */
  emitRates?: EmitRates;
  /** Most instance edges listed in `physical.edges`. @defaultValue 20 000 */
  maxEdges?: number;
}

/**
 * The graph aspect's analysis of one plan: fan-in and fan-out per component and instance, spout → sink
 * paths with their mean time and the critical (slowest) one, feedback cycles, traffic crossing each
 * container pair, and the logical and physical graphs in a drawable form. Pure: a function of the plan
 * graph, its routing and (optionally) the queueing model at the modelled rates.
 */
export function analyseTopologyGraph(
  graph: PlanGraph,
  routed: readonly RoutedStream[],
  options: AnalyseTopologyGraphOptions = {},
): TopologyGraphResult {
  const maxEdges = options.maxEdges ?? 20_000;
  const byComponent = instancesByComponent(graph);
  const sendersOf = (component: string) => (byComponent.get(component) ?? []).length;

  const instances: Record<string, InstanceFan> = {};
  for (const i of graph.instances)
    instances[i.instanceId] = { component: i.component, container: i.container, fan_in: 0, fan_out: 0 };
  for (const r of routed) {
    const reached = r.probabilities.filter((p) => p > 0).length;
    for (const sender of byComponent.get(r.source) ?? [])
      (instances[sender.instanceId] as InstanceFan).fan_out += reached;
    r.targets.forEach((t, j) => {
      if ((r.probabilities[j] ?? 0) > 0)
        (instances[t.instanceId] as InstanceFan).fan_in += sendersOf(r.source);
    });
  }

  const model = options.model;
  const components: ComponentFan[] = graph.components.map((c) => {
    const detail = model?.components[c.name];
    const inputs = routed.filter((r) => r.target === c.name);
    const outputs = routed.filter((r) => r.source === c.name);
    return {
      name: c.name,
      kind: c.kind,
      parallelism: c.parallelism,
      inputs: inputs.map((r) => ({
        source: r.source,
        stream: r.stream,
        grouping: r.grouping,
        routing_basis: r.basis,
      })),
      outputs: outputs.map((r) => ({ target: r.target, stream: r.stream, grouping: r.grouping })),
      fan_in: inputs.reduce((sum, r) => sum + sendersOf(r.source), 0),
      fan_out: outputs.reduce((sum, r) => sum + r.targets.length, 0),
      arrival_rate: detail?.arrival_rate ?? null,
      sojourn_time_ms: detail?.sojourn_time_ms?.mean ?? null,
    };
  });

  const sojourn = new Map(components.map((c) => [c.name, c.kind === 'spout' ? 0 : c.sojourn_time_ms]));
  const found = componentPaths(graph);
  const paths: GraphPath[] = found.paths.map((p) => {
    let latency: number | null = model ? 0 : null;
    for (const name of p.components) {
      const w = sojourn.get(name);
      latency = latency === null || w === null || w === undefined ? null : latency + w;
    }
    return { components: p.components, streams: p.streams, latency_ms: latency };
  });
  const critical = paths.reduce<GraphPath | null>(
    (worst, p) =>
      p.latency_ms !== null && (worst === null || p.latency_ms > (worst.latency_ms as number)) ? p : worst,
    null,
  );

  const crossing = crossContainerTraffic(graph, routed, options.emitRates);
  const edgesTotal = routed.reduce((sum, r) => sum + sendersOf(r.source) * r.targets.length, 0);
  return {
    units: { rates: 'tuples/s', latency: 'ms' },
    components,
    instances,
    paths,
    paths_truncated: found.truncated,
    cycles_cut: found.cyclesCut,
    critical_path: critical,
    cycles: componentCycles(graph),
    containers: {
      pairs: crossing.pairs.map((p) => ({ from: p.from, to: p.to, tuples_per_sec: p.tuples })),
      cross_container_fraction: crossing.crossContainerFraction,
      streams: crossing.streams.map((s) => ({
        source: s.source,
        stream: s.stream,
        target: s.target,
        cross_container_fraction: s.crossContainerFraction,
      })),
    },
    logical: {
      nodes: graph.components.map((c) => ({ id: c.name, kind: c.kind, parallelism: c.parallelism })),
      edges: graph.streams.map((s) => ({
        source: s.source,
        target: s.target,
        stream: s.stream,
        grouping: s.grouping,
      })),
    },
    physical: {
      containers: graph.containers.map((c) => ({ id: c.id, cpu_cores: c.cpuCores ?? null })),
      nodes: graph.instances.map((i) => ({
        id: i.instanceId,
        component: i.component,
        container: i.container,
      })),
      edges: edgesTotal <= maxEdges ? instanceEdges(routed, byComponent) : null,
      edges_total: edgesTotal,
      max_edges: maxEdges,
    },
  };
}

function instanceEdges(
  routed: readonly RoutedStream[],
  byComponent: ReturnType<typeof instancesByComponent>,
): Array<{ from: string; to: string; stream: string; probability: number }> {
  const edges: Array<{ from: string; to: string; stream: string; probability: number }> = [];
  for (const r of routed)
    for (const sender of byComponent.get(r.source) ?? [])
      r.targets.forEach((t, j) => {
        edges.push({
          from: sender.instanceId,
          to: t.instanceId,
          stream: r.stream,
          probability: r.probabilities[j] ?? 0,
        });
      });
  return edges;
}

import { AppError } from '../../errors.js';
import type {
  ComponentInput,
  ComponentSpec,
  InstanceSpec,
  TopologyStructure,
} from '../../topology/topology-structure.js';
import type { StormComponentPage, StormExecutorStats } from './component-page.js';
import { assertDisjointRanges, type ExecutorRange, formatExecutorRange } from './executor-range.js';
import type { StormTopologyPage, StormWorker } from './topology-page.js';
import type { StormVisualizationInput } from './visualization.js';

/** augur's id of a Storm executor: `<component>:[start-end]`, e.g. `split:[4-5]`. */
export function stormInstanceId(component: string, range: ExecutorRange): string {
  return `${component}:${formatExecutorRange(range)}`;
}

/** augur's id of a worker slot: `<node id>:<port>`, e.g. `supervisor-1:6700`. */
export function stormContainerId(nodeId: string, port: number): string {
  return `${nodeId}:${port}`;
}

/** Storm's system components and streams (`__acker`, `__ack_ack`, `__metrics`…) are not modelled. */
export function isStormSystemName(name: string): boolean {
  return name.startsWith('__');
}

export interface StormStructureInput {
  topologyPage: StormTopologyPage;
  /** component id → its page; one for every spout and bolt of the topology page. */
  componentPages: Record<string, StormComponentPage>;
  /** consumer → inputs, from `/visualization`; without it groupings are `CUSTOM` (unknown). */
  visualization?: Record<string, StormVisualizationInput[]>;
}

/**
 * A Storm topology as augur's DSPS-neutral structure: each executor is an instance (id
 * `<component>:[start-end]`, task id = its start task, last task id = its end task), each worker slot
 * (supervisor id + port) a container.
 * Inputs come from the component pages' `inputStats` (source, stream) and the visualization's groupings.
 * Storm has no stream managers. Task ranges overlapping anywhere in the topology are `METRICS_BAD_RESPONSE`.
 */
export function buildStormStructure(input: StormStructureInput): TopologyStructure {
  const { topologyPage, componentPages, visualization } = input;
  const slotNode = nodeIdsBySlot(topologyPage.workers);
  const kinds: Array<[string, ComponentSpec['kind']]> = [
    ...topologyPage.spouts.map((s): [string, ComponentSpec['kind']] => [s.id, 'spout']),
    ...topologyPage.bolts.map((b): [string, ComponentSpec['kind']] => [b.id, 'bolt']),
  ];
  const components: Record<string, ComponentSpec> = {};
  const instances: Record<string, InstanceSpec> = {};
  const ranges: Array<{ label: string; range: ExecutorRange }> = [];

  for (const [name, kind] of kinds) {
    if (isStormSystemName(name)) continue;
    const page = componentPages[name];
    if (!page) {
      throw new AppError('METRICS_BAD_RESPONSE', `The Storm UI gave no component page for ${name}`, {
        details: { component: name },
      });
    }
    const ids: string[] = [];
    for (const executor of page.executors) {
      const id = stormInstanceId(name, executor.range);
      if (instances[id]) {
        throw new AppError('METRICS_BAD_RESPONSE', `The Storm UI lists executor ${id} twice`, {
          details: { instance: id },
        });
      }
      instances[id] = {
        id,
        component: name,
        taskId: executor.range.startTask,
        lastTaskId: executor.range.endTask,
        container: containerOf(executor, slotNode),
      };
      ids.push(id);
      ranges.push({ label: id, range: executor.range });
    }
    components[name] = {
      name,
      kind,
      outputStreams: page.outputs.map((o) => o.stream).filter((s) => !isStormSystemName(s)),
      inputs: kind === 'spout' ? [] : componentInputs(page, visualization?.[name]),
      instances: ids,
    };
  }
  assertDisjointRanges(ranges);

  // A stream nobody has emitted on yet may be missing from its source's outputStats; its consumers name it.
  for (const component of Object.values(components)) {
    for (const consumed of component.inputs) {
      const source = components[consumed.component];
      if (source && !source.outputStreams.includes(consumed.stream))
        source.outputStreams.push(consumed.stream);
    }
  }
  for (const component of Object.values(components)) component.outputStreams.sort();

  return { name: topologyPage.name, id: topologyPage.id, components, instances };
}

function componentInputs(
  page: StormComponentPage,
  visualized: StormVisualizationInput[] | undefined,
): ComponentInput[] {
  const byKey = new Map<string, ComponentInput>();
  for (const v of visualized ?? []) {
    if (isStormSystemName(v.source) || isStormSystemName(v.stream)) continue;
    byKey.set(`${v.source}\u0000${v.stream}`, {
      component: v.source,
      stream: v.stream,
      grouping: v.grouping,
    });
  }
  for (const s of page.inputs) {
    if (isStormSystemName(s.component) || isStormSystemName(s.stream)) continue;
    const key = `${s.component}\u0000${s.stream}`;
    if (!byKey.has(key)) byKey.set(key, { component: s.component, stream: s.stream, grouping: 'CUSTOM' });
  }
  return [...byKey.values()].sort(
    (a, b) => a.component.localeCompare(b.component) || a.stream.localeCompare(b.stream),
  );
}

/** `host:port` → supervisor (node) id, from the topology page's workers. */
function nodeIdsBySlot(workers: StormWorker[]): Map<string, string> {
  return new Map(workers.map((w) => [`${w.host}:${w.port}`, w.supervisorId]));
}

/** The executor's worker slot; the host stands in for the node id when the UI lists no workers (Storm < 1.2). */
function containerOf(executor: StormExecutorStats, slotNode: Map<string, string>): string {
  return stormContainerId(slotNode.get(`${executor.host}:${executor.port}`) ?? executor.host, executor.port);
}

import { AppError } from '../../../src/errors.js';
import type {
  ScalingComponent,
  ScalingInput,
  ScalingProblem,
} from '../../../src/models/scaling/scaling-problem.js';
import type { TopologyNetwork } from '../../../src/models/topology/topology-network.js';
import type { Grouping, TopologyStructure } from '../../../src/topology/topology-structure.js';

/** Small hand-checkable scaling problems for the unit tests. */

export const spoutComponent = (parallelism = 1, stream = 'default'): ScalingComponent => ({
  kind: 'spout',
  parallelism,
  outputRatios: { [stream]: 1 },
  inputs: [],
});

export const input = (
  component: string,
  grouping: Grouping = 'SHUFFLE',
  measuredShares: number[] = [],
  stream = 'default',
): ScalingInput => ({ component, stream, grouping, measuredShares });

export const boltComponent = (
  parallelism: number,
  serviceTimeMeanMs: number,
  inputs: ScalingInput[],
  outputRatios: Record<string, number> = { default: 1 },
  extra: Partial<ScalingComponent> = {},
): ScalingComponent => ({ kind: 'bolt', parallelism, serviceTimeMeanMs, outputRatios, inputs, ...extra });

/** spout (rate/s) → one bolt of `serviceTimeMs` ms with `parallelism` instances. */
export function singleBolt(
  ratePerSec: number,
  serviceTimeMs: number,
  parallelism = 1,
  boltInput: ScalingInput = input('spout'),
  extra: Partial<ScalingComponent> = {},
): ScalingProblem {
  return {
    components: {
      spout: spoutComponent(),
      bolt: boltComponent(parallelism, serviceTimeMs, [boltInput], {}, extra),
    },
    spoutRatesPerSec: { spout: ratePerSec },
  };
}

/**
 * The DSPS-neutral structure of a network whose instance ids are `<component>_<k>` or any ids with a
 * `component` field: one input per (upstream component, stream) found on the edges, with the grouping
 * given per consuming component (SHUFFLE by default). Task ids follow the network's order.
 */
export function structureOf(
  network: TopologyNetwork,
  groupings: Record<string, Grouping> = {},
): TopologyStructure {
  const nodes = [...network.spouts, ...network.bolts];
  const componentOf = new Map(nodes.map((n) => [n.id, n.component]));
  const structure: TopologyStructure = { name: 'test', components: {}, instances: {} };
  nodes.forEach((node, i) => {
    const kind = i < network.spouts.length ? 'spout' : 'bolt';
    const c = structure.components[node.component] ?? {
      name: node.component,
      kind,
      outputStreams: [],
      inputs: [],
      instances: [],
    };
    structure.components[node.component] = c;
    c.instances.push(node.id);
    for (const stream of Object.keys(node.outputRatios))
      if (!c.outputStreams.includes(stream)) c.outputStreams.push(stream);
    structure.instances[node.id] = {
      id: node.id,
      component: node.component,
      taskId: i + 1,
      container: node.container,
    };
  });
  for (const e of network.edges) {
    const from = componentOf.get(e.from) as string;
    const to = structure.components[componentOf.get(e.to) as string];
    if (!to || to.inputs.some((i) => i.component === from && i.stream === e.stream)) continue;
    to.inputs.push({ component: from, stream: e.stream, grouping: groupings[to.name] ?? 'SHUFFLE' });
  }
  return structure;
}

/** The AppError a call throws (fails the test when it does not throw one). */
export function appErrorOf(call: () => unknown): AppError {
  try {
    call();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

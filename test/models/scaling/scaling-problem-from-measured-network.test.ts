import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { scalingProblemOf } from '../../../src/models/scaling/scaling-problem-of.js';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { QueueingTheoryResult } from '../../../src/models/topology/topology-model-result.js';
import type { TopologyNetwork } from '../../../src/models/topology/topology-network.js';
import { bolt, spout } from '../topology/network-fixtures.js';
import {
  chainNetwork,
  fieldsShares,
  fieldsSkewNetwork,
  scaleSpouts,
} from '../topology/simulator/scenario-networks.js';
import { structureOf } from './scaling-fixtures.js';

const modelSettings = queueingTheorySettingsSchema.parse({});

function solved(network: TopologyNetwork): QueueingTheoryResult {
  const result = modelTopology(network, modelSettings);
  if (result.status !== 'solved') throw new Error(result.message);
  return result;
}

/** ρ of each bolt component's hottest instance at the offered rates. */
function _hottest(network: TopologyNetwork): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of Object.values(solved(network).instances)) {
    if (i.kind === 'bolt')
      out[i.component] = Math.max(out[i.component] ?? 0, i.offered_utilisation as number);
  }
  return out;
}

describe('scalingProblemOf', () => {
  it('takes parallelism, service time, ratios, groupings and the measured key shares from the network', () => {
    const network = scaleSpouts(fieldsSkewNetwork(), 300);
    const problem = scalingProblemOf(network, structureOf(network, { count: 'FIELDS' }));
    expect(problem.spoutRatesPerSec).toEqual({ spout: 600 });
    expect(problem.components.spout).toMatchObject({
      kind: 'spout',
      parallelism: 2,
      outputRatios: { default: 1 },
    });
    const count = problem.components.count;
    expect(count).toMatchObject({ kind: 'bolt', parallelism: 4, serviceTimeMeanMs: 1, serviceTimeScv: 1 });
    expect(count?.outputRatios).toEqual({ totals: 1 });
    const shares = count?.inputs[0]?.measuredShares as number[];
    const expected = fieldsShares(4, 0.4, 200);
    shares.forEach((s, i) => {
      expect(s).toBeCloseTo(600 * (expected[i] as number), 9); // tuples/s reaching each instance
    });
    expect(count?.inputs[0]).toMatchObject({ component: 'spout', stream: 'default', grouping: 'FIELDS' });
    expect(problem.components.total).toMatchObject({ parallelism: 1, serviceTimeMeanMs: 0.2 });
  });

  it('weights per-instance service times by the traffic each instance gets', () => {
    // 3/4 of the tuples to a 1 ms instance, 1/4 to a 3 ms one: S = (3 × 1 + 1 × 3) / 4 = 1.5 ms.
    const network: TopologyNetwork = {
      spouts: [spout('s_1', 400)],
      bolts: [bolt('b_1', 1, {}), bolt('b_2', 3, {})],
      edges: [
        { from: 's_1', to: 'b_1', stream: 'default', probability: 0.75 },
        { from: 's_1', to: 'b_2', stream: 'default', probability: 0.25 },
      ],
    };
    const problem = scalingProblemOf(network, structureOf(network));
    expect(problem.components.b?.serviceTimeMeanMs).toBeCloseTo(1.5, 12);
    expect(problem.components.b?.inputs[0]?.measuredShares).toEqual([300, 100]);
  });

  it('takes the traffic to sustain, backlogs, bounds and resources from the options', () => {
    const network = chainNetwork();
    const problem = scalingProblemOf(network, structureOf(network), {
      spoutRatesPerSec: { spout: 5000 },
      backlogTuples: { parse: 1200 },
      startingInstances: { parse: 1 },
      constraints: { store: { max: 4 } },
      resourcesPerInstance: { parse: { cpuCores: 2, ramBytes: 1, diskBytes: 0 } },
    });
    expect(problem.spoutRatesPerSec).toEqual({ spout: 5000 });
    expect(problem.components.parse).toMatchObject({
      backlogTuples: 1200,
      startingInstances: 1,
      resourcesPerInstance: { cpuCores: 2, ramBytes: 1, diskBytes: 0 },
    });
    expect(problem.components.store?.constraints).toEqual({ max: 4 });
  });

  it.each([
    {
      case: 'an instance of a component the structure lacks',
      mutate: (n: TopologyNetwork) => n.bolts.push(bolt('ghost_1', 1, {})),
      message: /unknown component "ghost"/,
    },
    {
      case: 'an invalid network',
      mutate: (n: TopologyNetwork) => {
        (n.bolts[0] as { serviceTimeMeanMs: number }).serviceTimeMeanMs = -1;
      },
      message: /serviceTimeMeanMs/,
    },
  ])('answers 400 for $case', ({ mutate, message }) => {
    const network = chainNetwork();
    const structure = structureOf(network);
    mutate(network);
    expect(() => scalingProblemOf(network, structure)).toThrow(AppError);
    expect(() => scalingProblemOf(network, structure)).toThrow(message);
  });
});

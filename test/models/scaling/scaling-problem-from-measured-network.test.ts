import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { networkForParallelism } from '../../../src/models/scaling/network-for-parallelism.js';
import { planScaling, recommendedParallelism } from '../../../src/models/scaling/plan-scaling.js';
import { scalingProblemOf } from '../../../src/models/scaling/scaling-problem-of.js';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { QueueingTheoryResult } from '../../../src/models/topology/topology-model-result.js';
import type { TopologyNetwork } from '../../../src/models/topology/topology-network.js';
import type { Grouping } from '../../../src/topology/topology-structure.js';
import { bolt, spout } from '../topology/network-fixtures.js';
import {
  chainNetwork,
  cycleNetwork,
  fanOutFanInNetwork,
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
function hottest(network: TopologyNetwork): Record<string, number> {
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

describe('networkForParallelism', () => {
  it.each<{ name: string; build: () => TopologyNetwork; groupings: Record<string, Grouping> }>([
    { name: 'chain', build: chainNetwork, groupings: {} },
    { name: 'fan-out/fan-in', build: fanOutFanInNetwork, groupings: {} },
    { name: 'fields skew', build: fieldsSkewNetwork, groupings: { count: 'FIELDS' } },
    { name: 'cycle', build: cycleNetwork, groupings: {} },
  ])('gives the queueing model the utilisation the advice predicts ($name)', ({ build, groupings }) => {
    const network = scaleSpouts(build(), 700);
    const problem = scalingProblemOf(network, structureOf(network, groupings));
    const advice = planScaling(problem);
    const rebuilt = networkForParallelism(problem, recommendedParallelism(advice), {
      plan: advice.packing.plan,
    });
    const modelled = hottest(rebuilt);
    for (const c of advice.components) {
      if (c.kind === 'spout') continue;
      expect(modelled[c.component], c.component).toBeCloseTo(c.predicted_utilisation as number, 9);
    }
    expect(solved(rebuilt).throughput.offered_total).toBeCloseTo(solved(network).throughput.offered_total, 9);
  });

  it('at today’s parallelism reproduces today’s utilisations, key skew included', () => {
    const network = scaleSpouts(fieldsSkewNetwork(), 500);
    const problem = scalingProblemOf(network, structureOf(network, { count: 'FIELDS' }));
    const today = hottest(network);
    const rebuilt = hottest(networkForParallelism(problem, {}));
    for (const [component, rho] of Object.entries(today)) expect(rebuilt[component]).toBeCloseTo(rho, 9);
  });

  it('names instances and containers after the plan and takes container CPU from it', () => {
    const network = chainNetwork();
    const problem = scalingProblemOf(network, structureOf(network));
    const advice = planScaling(problem);
    const rebuilt = networkForParallelism(problem, recommendedParallelism(advice), {
      plan: advice.packing.plan,
    });
    expect(rebuilt.bolts[0]?.id).toMatch(/^container_\d+_enrich_\d+$/);
    expect(Object.keys(rebuilt.containers ?? {}).sort()).toEqual(
      advice.packing.plan.containers.map((c) => `container_${c.index}`).sort(),
    );
  });

  it.each<{ parallelism: Record<string, number>; field: string }>([
    { parallelism: { parse: 0 }, field: 'parallelism.parse' },
    { parallelism: { nope: 2 }, field: 'parallelism.nope' },
  ])('rejects $parallelism', ({ parallelism, field }) => {
    const network = chainNetwork();
    const problem = scalingProblemOf(network, structureOf(network));
    try {
      networkForParallelism(problem, parallelism);
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).details?.field).toBe(field);
    }
  });

  it('rejects a plan that places another number of instances', () => {
    const network = chainNetwork();
    const problem = scalingProblemOf(network, structureOf(network));
    const plan = planScaling(problem).packing.plan;
    const parallelism = { parse: 9, enrich: 1, store: 1, spout: 2 }; // the plan places parse 1, spout 2
    expect(() => networkForParallelism(problem, parallelism, { plan })).toThrow(
      'Invalid plan: it places 1 instances of parse, the parallelism is 9',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import { validateTopologyNetwork } from '../../../src/models/topology/topology-network.js';
import { bolt, jacksonLoop, spout } from './network-fixtures.js';

const settings = queueingTheorySettingsSchema.parse({});

describe('networks without a stable solution', () => {
  it.each([1, 1.5])('answers no_stable_solution for a loop returning %s× what enters it', (gain) => {
    const network = jacksonLoop();
    // b re-emits `gain` retries per tuple: the loop a → b → a has gain ≥ 1
    (network.bolts[1] as { outputRatios: Record<string, number> }).outputRatios = { retry: gain, out: 0.75 };
    const r = modelTopology(network, settings);
    expect(r.status).toBe('no_stable_solution');
    if (r.status === 'no_stable_solution') {
      expect(r.reason).toBe('divergent');
      expect(r.cycle).toEqual({ size: 2, components: ['a', 'b'], instances: ['a_1', 'b_1'] });
      expect(r.message).toMatch(/feedback cycle through a, b/);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    }
  });

  it('still solves when the runaway loop gets no traffic', () => {
    const network = jacksonLoop();
    network.spouts[0] = spout('spout_1', 0);
    (network.bolts[1] as { outputRatios: Record<string, number> }).outputRatios = { retry: 2, out: 0.75 };
    expect(modelTopology(network, settings).status).toBe('solved');
  });
});

describe('invalid networks', () => {
  it('names every invalid field', () => {
    const problems = validateTopologyNetwork({
      spouts: [spout('s_1', -1), spout('s_1', 1)],
      bolts: [bolt('b_1', Number.NaN, { default: -2 }, 'c1', { serviceTimeScv: -1 })],
      edges: [
        { from: 's_1', to: 'x', stream: 'default', probability: 1 },
        { from: 'b_1', to: 's_1', stream: 'default', probability: 2 },
        { from: 's_1', to: 'b_1', stream: 'other', probability: 0.5 },
      ],
      containers: { c1: { cpuCapacityCores: 0 } },
    });
    expect(problems).toEqual([
      'spouts[0].offeredRatePerSec: must be a finite number ≥ 0',
      'spouts[1].id: duplicate instance id "s_1"',
      'bolts[0].serviceTimeMeanMs: must be a finite number ≥ 0',
      'bolts[0].serviceTimeScv: must be a finite number ≥ 0',
      'bolts[0].outputRatios.default: must be a finite number ≥ 0',
      'edges[0].to: unknown instance "x"',
      'edges[1].to: "s_1" is a spout; spouts have no inputs',
      'edges[1].probability: must be in [0, 1]',
      'edges[2].stream: "s_1" has no output ratio for stream "other"',
      'containers.c1.cpuCapacityCores: must be a finite number > 0',
    ]);
  });

  it('makes the model fail with MODEL_FAILED and the problems in the details', () => {
    const network = jacksonLoop();
    network.edges.push({ from: 'a_1', to: 'nowhere', stream: 'default', probability: 1 });
    try {
      modelTopology(network, settings);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('MODEL_FAILED');
      expect((err as AppError).message).toContain('edges[4].to: unknown instance "nowhere"');
      expect((err as AppError).details?.problems).toHaveLength(1);
    }
  });

  it('accepts the fixtures', () => {
    expect(validateTopologyNetwork(jacksonLoop())).toEqual([]);
  });
});

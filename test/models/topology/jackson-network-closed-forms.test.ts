import { describe, expect, it } from 'vitest';
import { modelTopology } from '../../../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../../../src/models/topology/queueing-theory-settings.js';
import type { QueueingTheoryResult } from '../../../src/models/topology/topology-model-result.js';
import { jacksonLoop, twoBranches } from './network-fixtures.js';

// With Poisson spouts and exponential service everywhere the topology is a Jackson network: every
// instance behaves as an M/M/1 queue at its traffic-equation rate, W = S/(1 − ρ), and the mean
// end-to-end latency is the sum over instances of expected visits × W plus the expected hop costs.
// These are closed forms, so the model must match them to rounding (1e-9 relative).
const RELATIVE = 1e-9;
// Explicit hop costs: these closed forms check how hops add up along paths.
const settings = queueingTheorySettingsSchema.parse({ localHopMs: 0.1, remoteHopMs: 1 });
const close = (actual: number | null | undefined, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(RELATIVE * Math.abs(expected));
};
const solved = (r: ReturnType<typeof modelTopology>) => {
  if (r.status !== 'solved') throw new Error(r.message);
  return r as QueueingTheoryResult;
};

describe('a Jackson network with a feedback loop', () => {
  const result = solved(modelTopology(jacksonLoop(), settings));
  const lambdaA = 400 / 3;
  const rho = { a_1: (lambdaA * 2) / 1000, b_1: (lambdaA * 1) / 1000, c_1: 0.3 };
  const w = { a_1: 2 / (1 - rho.a_1), b_1: 1 / (1 - rho.b_1), c_1: 3 / (1 - rho.c_1) };

  it('solves the traffic equations around the loop', () => {
    close(result.instances.a_1?.arrival_rate, lambdaA);
    close(result.instances.b_1?.arrival_rate, lambdaA);
    close(result.instances.c_1?.arrival_rate, 100);
    expect(result.solver.cycles).toBe(1);
  });

  it('gives every instance its M/M/1 utilisation, sojourn, wait and queue lengths', () => {
    for (const id of ['a_1', 'b_1', 'c_1'] as const) {
      const i = result.instances[id];
      close(i?.utilisation, rho[id]);
      close(i?.sojourn_time_ms, w[id]);
      close(i?.number_in_system, rho[id] / (1 - rho[id]));
      close(i?.queue_length, rho[id] ** 2 / (1 - rho[id]));
      expect(i?.arrival_scv).toBeCloseTo(1, 12); // Poisson everywhere (Burke, Jackson)
    }
  });

  it('gives the end-to-end latency as visits × sojourn plus hops, exactly', () => {
    // Each spout tuple visits a and b 4/3 times (1/(1 − 1/4)), loops back 1/3 times (a remote hop each).
    const visits = 4 / 3;
    const hops =
      0.1 /* spout → a, local */ +
      visits * 1 /* a → b, remote */ +
      (visits - 1) * 1 /* b → a */ +
      0.1; /* b → c */
    const expected = visits * (w.a_1 + w.b_1) + w.c_1 + hops;
    close(result.latency.mean, expected);
    // One path class through the loop: fastest and slowest coincide with the mean.
    close(result.latency.max, expected);
    close(result.latency.min, expected);
    close(result.instances.c_1?.end_to_end_latency_ms, expected);
    expect(result.latency).toMatchObject({ units: 'ms', bounded: true, at: 'offered' });
  });
});

describe('paths of different speed', () => {
  const result = solved(modelTopology(twoBranches(), settings));
  const w = (s: number, lambda: number) => s / (1 - (lambda * s) / 1000);
  const fast = 0.1 + w(1, 200) + 0.1;
  const slow = 0.1 + w(4, 200) + 0.1;
  // The sink gets 400 tuples/s, half from each branch; its arrivals merge two flows (QNA), so take its
  // sojourn from the result and check the path arithmetic around it.
  const sink = result.instances.sink_1?.sojourn_time_ms as number;

  it('reports the fastest and slowest spout → sink paths as min and max', () => {
    close(result.latency.min, fast + sink);
    close(result.latency.max, slow + sink);
  });

  it('weights the mean by the traffic on each path', () => {
    close(result.latency.mean, (fast + slow) / 2 + sink);
    close(result.throughput.sink_total, 400);
  });
});

import { describe, expect, it } from 'vitest';
import { formatQuantity } from '../../../src/models/scaling/format-quantity.js';
import { planScaling } from '../../../src/models/scaling/plan-scaling.js';
import { singleBolt, spoutComponent } from './scaling-fixtures.js';

describe('planScaling', () => {
  it('answers per component current and recommended parallelism, rates, utilisation and why', () => {
    const advice = planScaling(singleBolt(1000, 2, 1));
    expect(advice).toMatchObject({
      planner: 'utilisation',
      target_utilisation: 0.7,
      changed: ['bolt'],
      instances: { current: 2, recommended: 4 },
      sweeps: 1,
    });
    expect(advice.components).toEqual([
      {
        component: 'spout',
        kind: 'spout',
        current_parallelism: 1,
        recommended_parallelism: 1,
        required_rate_per_sec: 1000,
        sustained_rate_per_sec: 1000,
        service_rate_per_instance_per_sec: null,
        current_utilisation: null,
        predicted_utilisation: null,
        bound_by: 'not_scaled',
        reasons: ['spout: its rate is the traffic; not scaled (scaleSpouts is off)'],
      },
      {
        component: 'bolt',
        kind: 'bolt',
        current_parallelism: 1,
        recommended_parallelism: 3,
        required_rate_per_sec: 1000,
        sustained_rate_per_sec: 1000,
        service_rate_per_instance_per_sec: 500,
        current_utilisation: 2,
        predicted_utilisation: 2 / 3,
        bound_by: 'target_utilisation',
        reasons: ['⌈1000 / (500 × 0.7)⌉ = 3 instances keep ρ = 0.667 ≤ 0.7'],
      },
    ]);
  });

  it('is JSON-serialisable as it is', () => {
    const advice = planScaling(singleBolt(1000, 2, 1));
    expect(JSON.parse(JSON.stringify(advice))).toEqual(advice);
  });

  it('scales a spout with a known emission time only when scaleSpouts is on', () => {
    const problem = singleBolt(1000, 0.1, 1);
    problem.components.spout = { ...spoutComponent(1), serviceTimeMeanMs: 2 }; // 500 events/s per instance
    expect(planScaling(problem).components[0]?.recommended_parallelism).toBe(1);
    const scaled = planScaling(problem, { scaleSpouts: true }).components[0];
    expect(scaled).toMatchObject({ recommended_parallelism: 3, bound_by: 'target_utilisation' });
    expect(scaled?.predicted_utilisation).toBeCloseTo(2 / 3, 12);
  });

  it('does not change a well-sized topology', () => {
    const advice = planScaling(singleBolt(1000, 2, 3));
    expect(advice.changed).toEqual([]);
    expect(advice.components[1]?.recommended_parallelism).toBe(3);
  });
});

describe('formatQuantity', () => {
  it.each([
    [3, '3'],
    [2.857142, '2.86'],
    [0.6666666, '0.667'],
    [0.000412345, '0.000412'],
    [666.6666, '667'],
    [12.345, '12.3'],
    [Number.POSITIVE_INFINITY, '∞'],
  ])('%s → %s', (x, text) => {
    expect(formatQuantity(x)).toBe(text);
  });
});

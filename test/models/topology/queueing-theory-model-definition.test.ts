import { describe, expect, it } from 'vitest';
import { queueingTheoryModel } from '../../../src/models/topology/queueing-theory-model.js';
import { bolt, jacksonLoop, twoBranches } from './network-fixtures.js';

describe('the queueing-theory model definition', () => {
  it('is a topology model with documented defaults', () => {
    expect(queueingTheoryModel).toMatchObject({ name: 'queueing-theory', aspect: 'topology' });
    expect(queueingTheoryModel.settingsSchema.parse({})).toEqual({
      serviceScv: 1,
      spoutArrivalScv: 1,
      arrivalVariability: 'propagate',
      backpressureThreshold: 1,
      warningUtilisation: 0.8,
    });
  });

  it.each([
    [{ backpressureThreshold: 1.2 }, 'backpressureThreshold'],
    [{ backpressureThreshold: 0.7 }, 'warningUtilisation'],
    [{ serviceScv: -1 }, 'serviceScv'],
    [{ arrivalVariability: 'exact' }, 'arrivalVariability'],
    [{ hopMs: 1 }, ''],
  ])('rejects invalid settings %j, naming the key', (raw, key) => {
    const parsed = queueingTheoryModel.settingsSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    if (!parsed.success && key) expect(parsed.error.issues.map((i) => i.path.join('.'))).toContain(key);
  });

  it('returns plain JSON: no Infinity, NaN or undefined survives serialisation differently', () => {
    const settings = queueingTheoryModel.settingsSchema.parse({});
    for (const network of [jacksonLoop(), twoBranches()]) {
      const overloaded = {
        ...network,
        spouts: network.spouts.map((s) => ({ ...s, offeredRatePerSec: 5000 })),
      };
      for (const n of [network, overloaded]) {
        const result = queueingTheoryModel.run(n, settings);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      }
    }
  });

  it('says which service variability it assumed and which it measured', () => {
    const network = twoBranches();
    network.bolts[0] = bolt('fast_1', 1, { default: 1 }, 'c1', { serviceTimeScv: undefined });
    network.bolts[1] = bolt('slow_1', 4, { default: 1 }, 'c1', { serviceTimeScv: undefined });
    const settings = queueingTheoryModel.settingsSchema.parse({ serviceScv: 0.5 });
    const result = queueingTheoryModel.run(network, settings);
    if (result.status !== 'solved') throw new Error(result.message);
    expect(result.assumptions.service_scv).toEqual({
      default: 0.5,
      instances_assumed: 2,
      instances_measured: 1,
    });
    expect(result.instances.fast_1).toMatchObject({ service_scv: 0.5, service_scv_source: 'assumed' });
    expect(result.instances.sink_1).toMatchObject({ service_scv: 1, service_scv_source: 'measured' });
    expect(result.assumptions.spout_arrival_scv).toEqual({
      default: 1,
      spouts_assumed: 1,
      spouts_measured: 0,
    });
  });

  it('is M/G/1 at every bolt in poisson mode and reflects smoother arrivals in propagate mode', () => {
    const network = twoBranches();
    network.bolts = network.bolts.map((b) => ({ ...b, serviceTimeScv: 0 }));
    const poisson = queueingTheoryModel.run(
      network,
      queueingTheoryModel.settingsSchema.parse({ arrivalVariability: 'poisson' }),
    );
    const propagate = queueingTheoryModel.run(network, queueingTheoryModel.settingsSchema.parse({}));
    if (poisson.status !== 'solved' || propagate.status !== 'solved') throw new Error('unsolved');
    // fast and slow see the Poisson spout directly: identical. The sink sees constant-service departures.
    expect(propagate.instances.slow_1?.waiting_time_ms).toBeCloseTo(
      poisson.instances.slow_1?.waiting_time_ms as number,
      12,
    );
    expect(poisson.instances.sink_1?.arrival_scv).toBe(1);
    expect(propagate.instances.sink_1?.arrival_scv).toBeLessThan(1);
    expect(propagate.instances.sink_1?.waiting_time_ms).toBeLessThan(
      poisson.instances.sink_1?.waiting_time_ms as number,
    );
  });

  it('reports components with their spread over instances', () => {
    const result = queueingTheoryModel.run(jacksonLoop(), queueingTheoryModel.settingsSchema.parse({}));
    if (result.status !== 'solved') throw new Error(result.message);
    expect(result.components.spout).toMatchObject({
      kind: 'spout',
      instances: 1,
      arrival_rate: 100,
      utilisation: null,
    });
    expect(result.components.c?.utilisation).toEqual({ mean: 0.3, max: 0.3, min: 0.3 });
    expect(result.components.c?.sojourn_time_ms?.mean).toBeCloseTo(3 / 0.7, 12);
  });
});

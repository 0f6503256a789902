import { describe, expect, it } from 'vitest';
import { batchKingmanQueue } from '../../../src/models/queueing/batch-kingman-queue.js';
import { littlesLaw } from '../../../src/models/queueing/littles-law.js';
import type { SingleServerQueue, StableQueue } from '../../../src/models/queueing/single-server-queue.js';
import { utilisation } from '../../../src/models/queueing/utilisation.js';
import { kingmanQueue } from './reference/kingman-queue.js';
import { md1Queue } from './reference/md1-queue.js';
import { mg1Queue } from './reference/mg1-queue.js';
import { mm1Queue } from './reference/mm1-queue.js';

// The formulas are a few floating-point operations from the closed forms, so 1e-9 relative leaves room
// only for rounding, never for a wrong term.
const RELATIVE = 1e-9;
const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(RELATIVE * Math.max(1e-300, Math.abs(expected)));

function stable(q: SingleServerQueue): StableQueue {
  if (!q.stable) throw new Error(`expected a stable queue, got ρ = ${q.utilisation}`);
  return q;
}

describe('M/M/1', () => {
  // μ = 1000/S per second. Closed forms (Kleinrock 1975, §3.2): L = ρ/(1−ρ), Lq = ρ²/(1−ρ),
  // W = 1/(μ−λ), Wq = ρ/(μ−λ).
  it.each([
    { lambda: 8, serviceMs: 100 }, // λ = 8/s, μ = 10/s: L = 4, W = 0.5 s
    { lambda: 0.5, serviceMs: 1000 },
    { lambda: 990, serviceMs: 1 },
    { lambda: 123.456, serviceMs: 3.21 },
    { lambda: 1e-6, serviceMs: 1 },
  ])('matches the closed forms at λ = $lambda/s, S = $serviceMs ms', ({ lambda, serviceMs }) => {
    const mu = 1000 / serviceMs;
    const rho = lambda / mu;
    const q = stable(mm1Queue(lambda, serviceMs));
    close(q.utilisation, rho);
    close(q.numberInSystem, rho / (1 - rho));
    close(q.queueLength, (rho * rho) / (1 - rho));
    close(q.sojournTimeMs, 1000 / (mu - lambda));
    close(q.waitingTimeMs, (1000 * rho) / (mu - lambda));
  });

  it('gives the textbook numbers for λ = 8/s, μ = 10/s', () => {
    const q = stable(mm1Queue(8, 100));
    close(q.numberInSystem, 4);
    close(q.queueLength, 3.2);
    close(q.sojournTimeMs, 500);
    close(q.waitingTimeMs, 400);
  });

  it('reports ρ ≥ 1 as unstable instead of a negative or infinite wait', () => {
    expect(mm1Queue(10, 100)).toEqual({ stable: false, utilisation: 1 });
    expect(mm1Queue(20, 100)).toEqual({ stable: false, utilisation: 2 });
  });

  it('waits nothing without arrivals or without work', () => {
    expect(stable(mm1Queue(0, 5)).sojournTimeMs).toBe(5);
    expect(stable(mm1Queue(1000, 0))).toMatchObject({ utilisation: 0, waitingTimeMs: 0, numberInSystem: 0 });
  });

  it.each([
    [-1, 1],
    [Number.NaN, 1],
    [1, -1],
    [1, Number.POSITIVE_INFINITY],
  ])('rejects invalid arguments (λ = %s, S = %s) with a RangeError', (lambda, s) => {
    expect(() => mm1Queue(lambda, s)).toThrow(RangeError);
  });
});

describe('M/D/1 and M/G/1 (Pollaczek–Khinchine)', () => {
  // P-K: Lq = ρ²(1 + c_s²)/(2(1−ρ)); M/D/1 (c_s² = 0): Lq = ρ²/(2(1−ρ)), Wq = ρS/(2(1−ρ)).
  it.each([0.1, 0.5, 0.8, 0.95, 0.999])('M/D/1 matches Lq = ρ²/(2(1−ρ)) at ρ = %s', (rho) => {
    const serviceMs = 4;
    const lambda = (rho * 1000) / serviceMs;
    const q = stable(md1Queue(lambda, serviceMs));
    close(q.queueLength, (rho * rho) / (2 * (1 - rho)));
    close(q.waitingTimeMs, (rho * serviceMs) / (2 * (1 - rho)));
    close(q.numberInSystem, rho + (rho * rho) / (2 * (1 - rho)));
  });

  it('gives the textbook M/D/1 numbers for λ = 0.8/s, S = 1 s: Lq = 1.6, Wq = 2 s', () => {
    const q = stable(md1Queue(0.8, 1000));
    close(q.queueLength, 1.6);
    close(q.waitingTimeMs, 2000);
  });

  it.each([0, 0.25, 1, 2.5, 9])('M/G/1 matches P-K with c_s² = %s', (scv) => {
    const rho = 0.7;
    const serviceMs = 2;
    const q = stable(mg1Queue(rho * 500, serviceMs, scv));
    close(q.queueLength, (rho * rho * (1 + scv)) / (2 * (1 - rho)));
  });

  it('is M/M/1 at c_s² = 1 and M/D/1 at c_s² = 0', () => {
    expect(mg1Queue(300, 3, 1)).toEqual(mm1Queue(300, 3));
    expect(mg1Queue(300, 3, 0)).toEqual(md1Queue(300, 3));
    expect(md1Queue(250, 4)).toEqual({ stable: false, utilisation: 1 });
  });
});

describe("Kingman's G/G/1 approximation", () => {
  it.each([0.05, 0.3, 0.6, 0.9, 0.99])('is exactly M/M/1 when c_a² = c_s² = 1 (ρ = %s)', (rho) => {
    const a = stable(kingmanQueue(rho * 1000, 1, 1, 1));
    const b = stable(mm1Queue(rho * 1000, 1));
    close(a.waitingTimeMs, b.waitingTimeMs);
    close(a.numberInSystem, b.numberInSystem);
  });

  it.each([0, 0.5, 3])('is exactly P-K when arrivals are Poisson (c_s² = %s)', (scv) => {
    close(stable(kingmanQueue(600, 1, 1, scv)).waitingTimeMs, stable(mg1Queue(600, 1, scv)).waitingTimeMs);
  });

  it('matches (ρ/(1−ρ))·((c_a² + c_s²)/2)·S and has no wait when nothing varies', () => {
    close(stable(kingmanQueue(375, 2, 0.5, 2)).waitingTimeMs, 3 * 1.25 * 2); // ρ = 0.75
    expect(stable(kingmanQueue(900, 1, 0, 0)).waitingTimeMs).toBe(0);
    expect(kingmanQueue(1000, 1, 1, 1).stable).toBe(false);
  });
});

describe('Kingman with batch arrivals (exact for M^X/G/1)', () => {
  // M^X/G/1 with batch size X: a tuple's mean wait is Wq = [ρS(1 + c_s²) + S(E[X²]/E[X] − 1)]/(2(1 − ρ))
  // (work found by a batch plus batch-mates ahead). With Poisson batches c_a² = E[X²]/E[X].
  it.each([
    { label: 'X = 3', ex: 3, ex2: 9, scv: 1, rho: 0.9 },
    { label: 'X = 2 or 3 evenly', ex: 2.5, ex2: 6.5, scv: 0, rho: 0.5 },
    { label: 'X geometric, mean 2', ex: 2, ex2: 6, scv: 2, rho: 0.75 },
  ])('matches the M^X/G/1 closed form ($label)', ({ ex, ex2, scv, rho }) => {
    const serviceMs = 0.8;
    const idc = ex2 / ex;
    const q = stable(batchKingmanQueue((rho * 1000) / serviceMs, serviceMs, idc, scv, idc - 1));
    close(q.waitingTimeMs, (rho * serviceMs * (1 + scv) + serviceMs * (idc - 1)) / (2 * (1 - rho)));
  });

  it('is Kingman without batches', () => {
    expect(batchKingmanQueue(700, 1, 0.6, 1.3, 0)).toEqual(kingmanQueue(700, 1, 0.6, 1.3));
    expect(() => batchKingmanQueue(700, 1, 1, 1, -1)).toThrow(RangeError);
  });
});

describe("Little's law and utilisation", () => {
  it('L = λW with λ per second and W in ms', () => {
    close(littlesLaw(200, 15), 3);
    close(utilisation(800, 1), 0.8);
  });

  it('holds between every M/M/1 output', () => {
    const q = stable(mm1Queue(77, 9));
    close(q.numberInSystem, littlesLaw(77, q.sojournTimeMs));
    close(q.numberInSystem - q.queueLength, q.utilisation);
  });
});

import type { SimComponent, SimInput, SimTopology } from './des/sim-topology.js';
import { DEFAULT_KEYS, fieldsShares } from './des/simulate-topology.js';

/** Bottleneck utilisations the cases are built for (1.2: an overloaded start, throttled by backpressure). */
export const RHOS = [0.3, 0.6, 0.85, 1.2] as const;
export const SEEDS = [1, 2] as const;

export interface AccuracyCase {
  shape: string;
  rho: number;
  seed: number;
  topology: SimTopology;
  /** Plans to post to the proposed-plan endpoint (parallelism per component that changes). */
  proposals: Array<Record<string, number>>;
}

const WATER = { highWaterTuples: 1000, lowWaterTuples: 500 };
const NO_HOPS = { local: 0, remote: 0 };
const shuffle = (component: string, stream = 'default'): SimInput => ({
  component,
  stream,
  grouping: 'SHUFFLE',
});
const spout = (
  parallelism: number,
  arrival: SimComponent['arrival'] = { kind: 'poisson' },
): SimComponent => ({
  name: 'source',
  kind: 'spout',
  parallelism,
  outputs: { default: 1 },
  offeredRatePerSec: 1,
  arrival,
});
const bolt = (
  name: string,
  parallelism: number,
  serviceMeanMs: number,
  serviceCv: number,
  inputs: SimInput[],
  outputs: Record<string, number> = { default: 1 },
  serviceFamily: SimComponent['serviceFamily'] = 'gamma',
): SimComponent => ({
  name,
  kind: 'bolt',
  parallelism,
  serviceMeanMs,
  serviceCv,
  serviceFamily,
  inputs,
  outputs,
});

interface Shape {
  name: string;
  build(): Omit<SimTopology, 'name'>;
  proposals: Array<Record<string, number>>;
}

/** The topology shapes: none of them was used to tune augur. */
export const SHAPES: Shape[] = [
  {
    name: 'chain-low-cv',
    build: () => ({
      containers: 2,
      hopMs: NO_HOPS,
      ...WATER,
      components: [
        spout(2),
        bolt('parse', 3, 4, 0.2, [shuffle('source')]),
        bolt('store', 3, 5, 0.5, [shuffle('parse')], {}),
      ],
    }),
    proposals: [],
  },
  {
    name: 'chain-high-cv',
    build: () => ({
      containers: 2,
      hopMs: NO_HOPS,
      ...WATER,
      components: [
        spout(2),
        bolt('parse', 3, 3, 2, [shuffle('source')]),
        bolt('score', 2, 2, 1, [shuffle('parse')]),
        bolt('store', 3, 4, 2, [shuffle('score')], {}, 'lognormal'),
      ],
    }),
    proposals: [{ parse: 4, store: 2 }],
  },
  {
    name: 'diamond-mixed-cv',
    build: () => ({
      containers: 2,
      hopMs: NO_HOPS,
      ...WATER,
      components: [
        spout(2),
        bolt('split', 2, 2, 1, [shuffle('source')]),
        bolt('left', 3, 5, 0.5, [shuffle('split')]),
        bolt('right', 3, 5, 2, [shuffle('split')]),
        bolt('join', 3, 2, 1, [shuffle('left'), shuffle('right')], {}),
      ],
    }),
    proposals: [{ left: 2, right: 4 }],
  },
  {
    name: 'chain5-mixed-cv',
    build: () => ({
      containers: 2,
      hopMs: NO_HOPS,
      ...WATER,
      components: [
        spout(2),
        bolt('h1', 2, 6, 0.2, [shuffle('source')]),
        bolt('h2', 2, 6, 2, [shuffle('h1')]),
        bolt('h3', 2, 6, 0.2, [shuffle('h2')]),
        bolt('h4', 2, 6, 2, [shuffle('h3')]),
        bolt('h5', 2, 6, 1, [shuffle('h4')], {}),
      ],
    }),
    proposals: [],
  },
  {
    name: 'zipf-fields',
    build: () => ({
      containers: 2,
      hopMs: NO_HOPS,
      ...WATER,
      components: [
        spout(2),
        bolt('parse', 3, 2, 1, [shuffle('source')]),
        bolt(
          'count',
          4,
          6,
          0.5,
          [{ component: 'parse', stream: 'default', grouping: 'FIELDS', keys: DEFAULT_KEYS, zipfS: 1.3 }],
          {},
        ),
      ],
    }),
    proposals: [{ count: 6 }, { count: 3 }, { count: 8 }],
  },
  {
    name: 'drop-only-exits',
    build: () => ({
      containers: 2,
      hopMs: NO_HOPS,
      ...WATER,
      components: [
        spout(2),
        // filter keeps 80 %; enrich sends 40 % back for a retry and drops the rest: no bolt is a sink
        bolt('filter', 3, 3, 1, [shuffle('source'), shuffle('enrich', 'retry')], { default: 0.8 }),
        bolt('enrich', 3, 4, 0.5, [shuffle('filter')], { retry: 0.4 }),
      ],
    }),
    proposals: [],
  },
  {
    name: 'bursty-with-hops',
    build: () => ({
      containers: 3,
      hopMs: { local: 0.2, remote: 1 },
      ...WATER,
      components: [
        spout(3, { kind: 'bursty', meanBatch: 4 }),
        bolt('parse', 3, 3, 1, [shuffle('source')]),
        bolt('store', 3, 3, 0.5, [shuffle('parse')], {}),
      ],
    }),
    proposals: [],
  },
];

/** Every case: each shape at each ρ with each seed. */
export function accuracyCases(): AccuracyCase[] {
  const cases: AccuracyCase[] = [];
  for (const shape of SHAPES) {
    for (const rho of RHOS) {
      for (const seed of SEEDS) {
        const base = shape.build();
        const name = `${shape.name}-rho${String(rho).replace('.', '')}-s${seed}`;
        const topology = scaleToBottleneck({ ...base, name }, rho);
        cases.push({ shape: shape.name, rho, seed, topology, proposals: rho <= 0.85 ? shape.proposals : [] });
      }
    }
  }
  return cases;
}

/**
 * Offered tuples per second of each bolt instance per unit of total spout rate: the traffic equations
 * (fixed point, so retry loops count) with shuffle 1/n and fields shares from the hashed key weights.
 */
export function instanceLoadsPerUnitRate(topology: SimTopology): Record<string, number[]> {
  const rate = new Map<string, number>(topology.components.map((c) => [c.name, c.kind === 'spout' ? 1 : 0]));
  for (let sweep = 0; sweep < 200; sweep++) {
    for (const c of topology.components) {
      if (c.kind === 'spout') continue;
      let inflow = 0;
      for (const input of c.inputs ?? []) {
        const from = topology.components.find((x) => x.name === input.component) as SimComponent;
        inflow += (rate.get(from.name) ?? 0) * (from.outputs[input.stream] ?? 0);
      }
      rate.set(c.name, inflow);
    }
  }
  const loads: Record<string, number[]> = {};
  for (const c of topology.components) {
    if (c.kind === 'spout') continue;
    const perInstance = new Array<number>(c.parallelism).fill(0);
    (c.inputs ?? []).forEach((input, inputIndex) => {
      const from = topology.components.find((x) => x.name === input.component) as SimComponent;
      const stream = (rate.get(from.name) ?? 0) * (from.outputs[input.stream] ?? 0);
      const shares =
        input.grouping === 'FIELDS'
          ? fieldsShares(input.keys ?? DEFAULT_KEYS, input.zipfS ?? 0, inputIndex, c.parallelism)
          : new Array<number>(c.parallelism).fill(1 / c.parallelism);
      shares.forEach((s, i) => {
        perInstance[i] = (perInstance[i] as number) + stream * s;
      });
    });
    loads[c.name] = perInstance;
  }
  return loads;
}

/** Sets the spouts' total offered rate so that the busiest bolt instance's utilisation is `rho`. */
export function scaleToBottleneck(topology: SimTopology, rho: number): SimTopology {
  const loads = instanceLoadsPerUnitRate(topology);
  let worst = 0;
  for (const c of topology.components) {
    if (c.kind === 'spout') continue;
    for (const l of loads[c.name] ?? []) worst = Math.max(worst, (l * (c.serviceMeanMs ?? 0)) / 1000);
  }
  const total = rho / worst;
  return {
    ...topology,
    components: topology.components.map((c) => (c.kind === 'spout' ? { ...c, offeredRatePerSec: total } : c)),
  };
}

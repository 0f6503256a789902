/**
 * Compute time of the queueing-theory topology model (`modelTopology`) for synthetic topologies of 10,
 * 100, 1 000 and 10 000 instances, already in memory, next to two baselines measured in the same run:
 * the traffic-equation solve alone (on prebuilt compressed rows) and one linear pass that indexes the
 * instances and sums λ·S over the edges — the least any model reading the same input must do.
 * Writes bench/results/model.json.
 *
 *   npx tsx bench/model.bench.ts [--out bench/results/model.json] [--runs 21]
 *
 * Targets (issue 5): 1k instances ≤ 20 ms, 10k ≤ 200 ms, t(10k)/t(1k) ≤ 12.
 *
 * The synthetic topology: components of 10 instances (1 component of 5 + 5 at N = 10) in a chain; every
 * tenth component a spout; each bolt consumes its predecessor's `default` stream (output ratio 0.7,
 * shuffle) and every third also the `side` stream (ratio 0.3, fields grouping with seeded skewed shares)
 * of the component three back; every 25th component sends a 10 % `retry` stream back five components,
 * closing a cycle. 10 instances per container, CPU per tuple measured everywhere. So edges grow linearly
 * with instances (≈ 12 per instance), as they do when topologies grow by adding components.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { sparseRows } from '../src/models/queueing/sparse-rows.js';
import { solveTrafficEquations } from '../src/models/queueing/traffic-equations.js';
import { modelTopology } from '../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../src/models/topology/queueing-theory-settings.js';
import type { BoltInstance, SpoutInstance } from '../src/models/topology/topology-network.js';
import { medianWallTimeMs } from './support/stats.js';
import { syntheticNetwork } from './support/synthetic-network.js';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results/model.json' },
    runs: { type: 'string', default: '21' },
  },
});
const RUNS = Number(args.runs);

const settings = queueingTheorySettingsSchema.parse({});
const rows = [10, 100, 1000, 10_000].map((instances) => {
  const network = syntheticNetwork(instances, 42);
  const result = modelTopology(network, settings);
  if (result.status !== 'solved') throw new Error(`synthetic network of ${instances} has no stable solution`);

  // Baseline 1: the traffic equations alone, on prebuilt rows (what the model solves first).
  const index = new Map<string, number>();
  const all = [...network.spouts, ...network.bolts];
  for (const [i, inst] of all.entries()) index.set(inst.id, i);
  const ratio = new Map(all.map((inst) => [inst.id, inst.outputRatios]));
  const rowsTo = network.edges.map((e) => index.get(e.to) as number);
  const rowsFrom = network.edges.map((e) => index.get(e.from) as number);
  const gains = network.edges.map(
    (e) => ((ratio.get(e.from) as Record<string, number>)[e.stream] as number) * e.probability,
  );
  const inRows = sparseRows(all.length, rowsTo, rowsFrom, gains);
  const external = Float64Array.from(all, (inst) =>
    'offeredRatePerSec' in inst ? inst.offeredRatePerSec : 0,
  );
  const trafficSolveMs = medianWallTimeMs(() => solveTrafficEquations(external, inRows), RUNS, 3);

  // Baseline 2: one linear pass reading the input — index the instances, sum gain × S over the edges.
  const linearPassMs = medianWallTimeMs(
    () => {
      const ids = new Map<string, number>();
      const service = new Float64Array(all.length);
      for (let i = 0; i < all.length; i++) {
        const inst = all[i] as SpoutInstance | BoltInstance;
        ids.set(inst.id, i);
        service[i] = 'serviceTimeMeanMs' in inst ? inst.serviceTimeMeanMs : 0;
      }
      let work = 0;
      for (const e of network.edges) work += e.probability * (service[ids.get(e.to) as number] as number);
      return work;
    },
    RUNS,
    3,
  );

  const modelMs = medianWallTimeMs(() => modelTopology(network, settings), RUNS, 3);
  return {
    instances,
    components: new Set(all.map((i) => i.component)).size,
    edges: network.edges.length,
    cycles: result.solver.cycles,
    modelMs: Math.round(modelMs * 1000) / 1000,
    trafficSolveMs: Math.round(trafficSolveMs * 1000) / 1000,
    linearPassMs: Math.round(linearPassMs * 1000) / 1000,
    modelOverLinearPass: Math.round((modelMs / linearPassMs) * 10) / 10,
    bottleneckUtilisation: result.backpressure.bottleneck?.utilisation ?? null,
  };
});

const t1k = rows.find((r) => r.instances === 1000)?.modelMs as number;
const t10k = rows.find((r) => r.instances === 10_000)?.modelMs as number;
const scaling = t10k / t1k;
const targets = {
  '1k instances ≤ 20 ms': t1k <= 20,
  '10k instances ≤ 200 ms': t10k <= 200,
  't(10k)/t(1k) ≤ 12': scaling <= 12,
};

console.log(
  'instances'.padStart(9),
  'edges'.padStart(8),
  'cycles'.padStart(7),
  'model ms'.padStart(10),
  'traffic ms'.padStart(11),
  'linear ms'.padStart(10),
  'model/linear'.padStart(13),
);
for (const r of rows) {
  console.log(
    String(r.instances).padStart(9),
    String(r.edges).padStart(8),
    String(r.cycles).padStart(7),
    r.modelMs.toFixed(3).padStart(10),
    r.trafficSolveMs.toFixed(3).padStart(11),
    r.linearPassMs.toFixed(3).padStart(10),
    String(r.modelOverLinearPass).padStart(13),
  );
}
console.log(`t(10k)/t(1k) = ${scaling.toFixed(2)}`, targets);

const report = {
  date: new Date().toISOString(),
  node: process.version,
  machine: {
    os: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    // The machine may be shared: the 1-minute load average when the run ended, against the core count.
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  },
  runs: RUNS,
  statistic: 'median wall time over the runs after 3 warm-up runs, ms',
  network:
    'synthetic chain of 10-instance components with fields skew and feedback cycles (see the header of bench/model.bench.ts)',
  baselines: {
    trafficSolveMs: 'solveTrafficEquations on prebuilt compressed rows',
    linearPassMs: 'one pass indexing the instances and summing gain × service time over the edges',
  },
  rows,
  scaling: { 't10k/t1k': Math.round(scaling * 100) / 100 },
  targets,
};
writeFileSync(args.out as string, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${args.out}`);

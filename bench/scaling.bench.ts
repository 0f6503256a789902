/**
 * Compute time of scaling advice for synthetic topologies of 100, 1 000 and 10 000 instances, already in
 * memory (bench/support/synthetic-network.ts), next to a baseline measured in the same run: one run of the
 * queueing-theory model (`modelTopology`) on the same network. One advice derives the component-level
 * problem (`scalingProblemOf`), plans every component (`planScaling`, utilisation planner, target 0.7, with
 * packing); the job then runs the model twice (today's plan and the advised one, whose network is built from
 * its plan graph like any proposed plan's), so advice + 2 models is about what a request costs after its
 * metrics are read.
 * Writes bench/results/scaling.json.
 *
 *   npx tsx bench/scaling.bench.ts [--out bench/results/scaling.json] [--runs 11]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { planScaling } from '../src/models/scaling/plan-scaling.js';
import { scalingProblemOf } from '../src/models/scaling/scaling-problem-of.js';
import { modelTopology } from '../src/models/topology/model-topology.js';
import { queueingTheorySettingsSchema } from '../src/models/topology/queueing-theory-settings.js';
import type { TopologyNetwork } from '../src/models/topology/topology-network.js';
import type { ComponentSpec, TopologyStructure } from '../src/topology/topology-structure.js';
import { medianWallTimeMs } from './support/stats.js';
import { syntheticNetwork } from './support/synthetic-network.js';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results/scaling.json' },
    runs: { type: 'string', default: '11' },
  },
});
const RUNS = Number(args.runs);

/** The structure the synthetic network implies: `side` streams fields-grouped, the others shuffled. */
function structureOf(network: TopologyNetwork): TopologyStructure {
  const components: Record<string, ComponentSpec> = {};
  const instances: TopologyStructure['instances'] = {};
  const componentOf = new Map<string, string>();
  let task = 0;
  for (const [kind, list] of [
    ['spout', network.spouts],
    ['bolt', network.bolts],
  ] as const) {
    for (const i of list) {
      componentOf.set(i.id, i.component);
      const spec = components[i.component] ?? {
        name: i.component,
        kind,
        outputStreams: Object.keys(i.outputRatios).sort(),
        inputs: [],
        instances: [],
      };
      components[i.component] = spec;
      spec.instances.push(i.id);
      instances[i.id] = { id: i.id, component: i.component, taskId: ++task, container: i.container };
    }
  }
  const seen = new Set<string>();
  for (const e of network.edges) {
    const from = componentOf.get(e.from) as string;
    const to = componentOf.get(e.to) as string;
    const key = `${from}/${to}/${e.stream}`;
    if (seen.has(key)) continue;
    seen.add(key);
    components[to]?.inputs.push({
      component: from,
      stream: e.stream,
      grouping: e.stream === 'side' ? 'FIELDS' : 'SHUFFLE',
    });
  }
  return { name: 'synthetic', components, instances };
}

const settings = queueingTheorySettingsSchema.parse({});
const packing = { packing: { cpuCoresPerContainer: 64, ramBytesPerContainer: 2 ** 40 } };
const rows = [100, 1000, 10_000].map((instancesCount) => {
  const network = syntheticNetwork(instancesCount, 42);
  const structure = structureOf(network);
  const advise = () => {
    const problem = scalingProblemOf(network, structure);
    const advice = planScaling(problem, packing);
    return { problem, advice };
  };
  const once = advise();
  const adviceMs = medianWallTimeMs(advise, RUNS, 2);
  const modelMs = medianWallTimeMs(() => modelTopology(network, settings), RUNS, 2);
  return {
    instances: instancesCount,
    components: Object.keys(structure.components).length,
    recommendedInstances: once.advice.instances.recommended,
    changedComponents: once.advice.changed.length,
    adviceMs: Math.round(adviceMs * 1000) / 1000,
    modelMs: Math.round(modelMs * 1000) / 1000,
    requestComputeMs: Math.round((adviceMs + 2 * modelMs) * 1000) / 1000,
    adviceOverModel: Math.round((adviceMs / modelMs) * 10) / 10,
  };
});

console.log(
  'instances'.padStart(9),
  'advised'.padStart(8),
  'advice ms'.padStart(10),
  'model ms'.padStart(9),
  'advice/model'.padStart(13),
  'request ms'.padStart(11),
);
for (const r of rows) {
  console.log(
    String(r.instances).padStart(9),
    String(r.recommendedInstances).padStart(8),
    r.adviceMs.toFixed(3).padStart(10),
    r.modelMs.toFixed(3).padStart(9),
    String(r.adviceOverModel).padStart(13),
    r.requestComputeMs.toFixed(3).padStart(11),
  );
}
const report = {
  date: new Date().toISOString(),
  node: process.version,
  machine: {
    os: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  },
  runs: RUNS,
  statistic: 'median wall time over the runs after 2 warm-up runs, ms',
  network: 'bench/support/synthetic-network.ts (seed 42)',
  baseline: 'modelTopology on the same network (one queueing-theory model run)',
  rows,
};
writeFileSync(args.out as string, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${args.out}`);

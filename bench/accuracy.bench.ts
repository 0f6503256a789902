/**
 * `npm run bench:accuracy`: how well augur's predictions hold on simulated Heron topologies nobody tuned
 * it for. For every case of bench/accuracy/accuracy-cases.ts (shapes × ρ 0.3/0.6/0.85/1.2 × two seeds) the
 * discrete-event simulator (bench/accuracy/des) runs the topology and writes what a Heron Tracker would
 * report as one snapshot directory; augur is started on it (`startServices`, embedded queue,
 * `metrics.heron.snapshotDir`) and asked through its HTTP API for the current-plan model, the proposed
 * plans and scaling advice. The advised plans and the proposed plans are then simulated too, so each
 * prediction is compared with what the simulated topology does.
 *
 * Writes bench/results/accuracy.json and bench/results/accuracy.md and prints the table.
 *
 *   npm run bench:accuracy -- [--minutes 30] [--warmup 2] [--only <shape>] [--out bench/results/accuracy.json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config/load-config.js';
import { startServices } from '../src/services.js';
import { type AccuracyCase, accuracyCases } from './accuracy/accuracy-cases.js';
import { accuracyMarkdown } from './accuracy/accuracy-markdown.js';
import { summarise } from './accuracy/accuracy-summary.js';
import { type Json, requestModel } from './accuracy/augur-http.js';
import {
  type CaseOutcome,
  compareCurrent,
  compareProposed,
  type ScalingOutcome,
} from './accuracy/compare.js';
import { placeInstances, withParallelism } from './accuracy/des/sim-topology.js';
import { type SimResult, simulateTopology } from './accuracy/des/simulate-topology.js';
import { packingPlanOf, planIdOf, SIM_COORDS, writeSimSnapshot } from './accuracy/des/write-sim-snapshot.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '2' },
    only: { type: 'string' },
    out: { type: 'string', default: 'bench/results/accuracy.json' },
  },
});
const WINDOW_MINUTES = Number(args.minutes);
const WARMUP_MINUTES = Number(args.warmup);
/** 2026-11-02T12:00:00Z: the end of every simulated window. */
const CAPTURED_AT_SEC = Date.UTC(2026, 10, 2, 12, 0, 0) / 1000;
const simOptions = (seed: number) => ({ seed, warmupMinutes: WARMUP_MINUTES, windowMinutes: WINDOW_MINUTES });

const started = Date.now();
const cases = accuracyCases().filter((c) => !args.only || c.shape === args.only);
const simulated = new Map<string, SimResult>();
for (const c of cases) {
  const t0 = Date.now();
  simulated.set(c.topology.name, simulateTopology(c.topology, simOptions(c.seed)));
  console.log(`simulated ${c.topology.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const dir = mkdtempSync(join(tmpdir(), 'augur-accuracy-'));
await writeSimSnapshot(
  dir,
  cases.map((c) => ({ topology: c.topology, result: simulated.get(c.topology.name) as SimResult })),
  CAPTURED_AT_SEC,
);

const config = parseConfig({
  server: { host: '127.0.0.1', port: 0, logLevel: 'warn' },
  metrics: { heron: { source: 'snapshot', snapshotDir: dir } },
  defaults: { heron: { cluster: SIM_COORDS.cluster, environ: SIM_COORDS.environ } },
  model: {
    traffic: { heron: ['summary'] },
    topology: { heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] } },
  },
  topology: { windowMinutes: WINDOW_MINUTES },
});
const services = await startServices(config, 'all');
const api = services.url as string;
const resultsOf = (r: Json) => r.model_results[0].results;

const outcomes: CaseOutcome[] = [];
const scaling: ScalingOutcome[] = [];
try {
  for (const c of cases) {
    const truth = simulated.get(c.topology.name) as SimResult;
    const current = resultsOf(await requestModel(api, `/model/topology/heron/current/${c.topology.name}`));
    const outcome = compareCurrent(c, current, truth.truth);
    for (const proposal of c.proposals) {
      const plan = withParallelism(c.topology, proposal);
      const body = packingPlanOf(planIdOf(c.topology.name), placeInstances(plan));
      const predicted = resultsOf(
        await requestModel(api, `/model/topology/heron/proposed/${c.topology.name}`, {
          method: 'POST',
          body,
        }),
      );
      const actual = simulateTopology(plan, simOptions(c.seed + 100));
      outcome.proposed.push(compareProposed(c, plan, proposal, predicted, actual.truth));
    }
    outcomes.push(outcome);
    scaling.push(await adviseAndCheck(c));
    console.log(`modelled ${c.topology.name}`);
  }
} finally {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
}

async function adviseAndCheck(c: AccuracyCase): Promise<ScalingOutcome> {
  const advice = resultsOf(await requestModel(api, `/model/scaling/heron/${c.topology.name}`));
  const recommended: Record<string, number> = Object.fromEntries(
    advice.components.map((x: Json) => [x.component, x.recommended_parallelism]),
  );
  const plan = advice.plan.packing_plan;
  const containers = (plan.container_plans ?? plan.containerPlans ?? []).length || c.topology.containers;
  const advised = { ...withParallelism(c.topology, recommended), containers };
  const actual = simulateTopology(advised, simOptions(c.seed + 200)).truth;
  const current = Object.fromEntries(c.topology.components.map((x) => [x.name, x.parallelism]));
  return {
    name: c.topology.name,
    shape: c.shape,
    rho: c.rho,
    start: c.rho < 0.7 ? 'over-provisioned' : c.rho > 1 ? 'overloaded' : 'busy',
    current,
    recommended,
    boundBy: Object.fromEntries(advice.components.map((x: Json) => [x.component, x.bound_by])),
    predictedBackpressure: advice.prediction.recommended.backpressure?.active ?? null,
    simulatedThrottledFraction: actual.throttledFraction,
    backpressureFree: actual.throttledFraction === 0,
    instances: Object.values(recommended).reduce((a, b) => a + b, 0),
  };
}

const summary = summarise(outcomes, scaling);
const report = {
  date: new Date().toISOString(),
  node: process.version,
  machine: {
    os: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
  },
  runSec: Math.round((Date.now() - started) / 1000),
  simulation: {
    windowMinutes: WINDOW_MINUTES,
    warmupMinutes: WARMUP_MINUTES,
    simulator: 'bench/accuracy/des (seeded; see docs/accuracy.md)',
  },
  summary,
  cases: outcomes,
  scaling,
};
writeFileSync(args.out as string, `${JSON.stringify(report, null, 2)}\n`);
const markdown = accuracyMarkdown(report);
writeFileSync((args.out as string).replace(/\.json$/, '.md'), markdown);
console.log(markdown);
console.log(`wrote ${args.out}`);

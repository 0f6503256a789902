/**
 * The whole job path of a proposed plan, not only the model: POST the plan as protobuf (decode, checks
 * against the topology, canonical hash, enqueue), then the job (network from the snapshot's metrics, the
 * queueing-theory model, the result document), for WordCountTopology grown to 1k, 10k and 100k instances.
 * Each size runs in its own process so its peak RSS is its own. The API's instance cap is raised for the
 * run (limits.maxPlanInstances is 20 000 by default: 100k is refused with a 400 before it is queued).
 * Writes bench/results/job-path.json.
 *
 *   npx tsx bench/job-path.bench.ts [--sizes 1000,10000,100000] [--timeout-sec 120]
 *
 * Targets (issue 17): 10k instances ≤ 1 s and ≤ 300 MB for the whole job; 100k ≤ 10 s and ≤ 2 GB.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { protobufBytes, withMoreSplits, wordCountPlanJson } from '../test/api/fixtures/word-count-plan.js';
import { buildTestApp, pollUntilDone } from '../test/support/build-test-app.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    'timeout-sec': { type: 'string', default: '120' },
    child: { type: 'string' },
    out: { type: 'string', default: 'bench/results/job-path.json' },
  },
});

const TOPOLOGY = 'WordCountTopology';

/** One size, in this process: what a worker and the API spend on it. */
async function measure(instances: number) {
  const base = wordCountPlanJson();
  const today = base.container_plans.reduce((n, c) => n + c.instance_plans.length, 0);
  const body = protobufBytes(withMoreSplits(base, instances - today));
  const t = await buildTestApp({
    limits: { maxPlanInstances: 100_000 },
    queue: { jobTimeoutMs: 600_000, jobThreads: false },
    model: {
      traffic: { heron: ['summary'] },
      topology: { heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] } },
    },
  });
  try {
    const started = performance.now();
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/model/topology/heron/proposed/${TOPOLOGY}`,
      payload: body,
      headers: { 'content-type': 'application/x-protobuf' },
    });
    const acceptMs = performance.now() - started;
    if (accepted.statusCode !== 202) throw new Error(`${accepted.statusCode}: ${accepted.body}`);
    const done = await pollUntilDone(
      t.app,
      `/model/topology/heron/${TOPOLOGY}?model_id=${accepted.json().model_id}`,
      600_000,
    );
    const totalMs = performance.now() - started;
    const result = done.json();
    if (result.status !== 'complete') throw new Error(JSON.stringify(result.error));
    const modelMs = result.model_results.reduce(
      (s: number, m: { calculation_time: number }) => s + m.calculation_time * 1000,
      0,
    );
    return {
      instances,
      body_bytes: body.length,
      accept_ms: Math.round(acceptMs),
      job_ms: Math.round(totalMs - acceptMs),
      model_ms: Math.round(modelMs),
      total_ms: Math.round(totalMs),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      result_bytes: done.body.length,
    };
  } finally {
    await t.close();
  }
}

if (args.child) {
  const instances = Number(args.child);
  const row = await measure(instances).catch((err: Error) => ({
    instances,
    failed: err.message.slice(0, 300),
  }));
  process.stdout.write(`${JSON.stringify(row)}\n`);
  process.exit(0);
}

const rows = args.sizes.split(',').map((size) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/job-path.bench.ts', '--child', size], {
    encoding: 'utf8',
    timeout: Number(args['timeout-sec']) * 1000,
    maxBuffer: 1 << 20,
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status === 0 && line.startsWith('{')) return JSON.parse(line);
  const why = run.error ? `timed out after ${args['timeout-sec']} s` : `exit ${run.status ?? run.signal}`;
  return {
    instances: Number(size),
    failed: why,
    stderr: run.stderr.trim().split('\n').slice(-3).join(' | '),
  };
});
const report = {
  bench: 'job-path',
  when: new Date().toISOString(),
  node: process.version,
  machine: {
    os: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    total_memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    // Shared machine: the 1-minute load average when the run ended, against the core count.
    load_average_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  },
  rows,
};
writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
console.table(rows);

/**
 * How fast the embedded API (`augur all` without Redis) answers /health while CPU-heavy jobs run, with jobs
 * on worker threads (`queue.jobThreads`, the default) against jobs on the event loop, measured in the same
 * run: 4 jobs of the `busy` test model (each holds the CPU 2 s without yielding, as a long forecast fit
 * does), /health due every 50 ms meanwhile, its latency counted from when it was due. Writes bench/results/health-under-load.json.
 *
 *   npx tsx bench/health-under-load.bench.ts
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildTestApp, pollUntilDone } from '../test/support/build-test-app.js';

const TRAFFIC = '/model/traffic/heron/WordCountTopology';

async function healthWhileBusy(jobThreads: boolean) {
  process.env.BUSY_MODEL_MS = '2000';
  const t = await buildTestApp(
    {
      queue: { concurrency: 4, jobThreads },
      model: { traffic: { heron: ['./test/jobs/fixtures/busy-model.ts'] } },
    },
    { jobThreads },
  );
  try {
    // Warm the threads, so the run times the jobs, not the threads' start-up.
    const warm = await t.app.inject(`${TRAFFIC}?duration=1`);
    await pollUntilDone(t.app, `${TRAFFIC}?model_id=${warm.json().model_id}`, 60_000);
    const latenciesMs: number[] = [];
    let running = true;
    // Latency from when the probe was due, so time the event loop spent blocked before sending it counts.
    const probing = (async () => {
      let dueAt = performance.now();
      while (running) {
        dueAt = Math.max(dueAt + 50, performance.now());
        await new Promise((r) => setTimeout(r, Math.max(0, dueAt - performance.now())));
        await t.app.inject('/health');
        latenciesMs.push(performance.now() - dueAt);
      }
    })();
    const ids = [];
    for (let i = 0; i < 4; i++)
      ids.push((await t.app.inject(`${TRAFFIC}?duration=${2 + i}`)).json().model_id);
    await Promise.all(ids.map((id) => pollUntilDone(t.app, `${TRAFFIC}?model_id=${id}`, 120_000)));
    running = false;
    await probing;
    latenciesMs.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round((latenciesMs[Math.floor(q * (latenciesMs.length - 1))] ?? 0) * 10) / 10;
    return {
      job_threads: jobThreads,
      probes: latenciesMs.length,
      p50_ms: at(0.5),
      p99_ms: at(0.99),
      max_ms: at(1),
    };
  } finally {
    await t.close();
  }
}

const rows = [await healthWhileBusy(true), await healthWhileBusy(false)];
const report = {
  bench: 'health-under-load',
  when: new Date().toISOString(),
  node: process.version,
  machine: {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    load_average_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  },
  rows,
};
writeFileSync('bench/results/health-under-load.json', `${JSON.stringify(report, null, 2)}\n`);
console.table(rows);

/**
 * `npm run bench:soak`: augur in production shape — one API process and two worker processes on one Redis —
 * under an open-loop mixed load for N minutes (default 10 min at 200 req/s): traffic models, current-plan
 * topology models and scaling advice at varying rates (each its own model id, so each enqueues a job), and
 * polls of earlier ids. Per minute: requests, errors (non-2xx, or a failed job seen by a poll), p50/p99 of
 * the answer time, RSS of the API and of each worker, Redis used memory. Results are kept
 * `--result-ttl` s (default 120 s) so that Redis memory can be seen to level off once results expire.
 *
 *   npm run bench:soak -- [--minutes 10] [--rate 200] [--result-ttl 120] [--out bench/results/soak.json]
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { parseConfig } from '../src/config/load-config.js';
import { benchConfig } from './support/augur-job.js';
import { benchRedis } from './support/redis-server.js';
import { type RoleChild, startRoleChild } from './support/role-child.js';
import { summariseMs } from './support/stats.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    'result-ttl': { type: 'string', default: '120' },
    out: { type: 'string', default: 'bench/results/soak.json' },
  },
});
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const RESULT_TTL_SEC = Number(args['result-ttl']);
const MINUTE_MS = 60_000;

interface Sample {
  atMs: number;
  ms: number;
  ok: boolean;
}

/** What one request asks, in the mix's proportions: a new model 70 % of the time, a poll 30 %. */
function nextRequest(n: number, ids: string[]): string {
  const roll = n % 10;
  const rate = 100 + (n % 4000);
  if (roll < 3 && ids.length > 0) {
    const id = ids[(n * 7919) % ids.length] as string;
    const aspect = id.split('-', 1)[0];
    return aspect === 'topology'
      ? `/model/topology/heron/WordCountTopology?model_id=${id}`
      : `/model/${aspect}/heron/WordCountTopology?model_id=${id}`;
  }
  if (roll < 6) return `/model/traffic/heron/WordCountTopology?duration=${1 + n}&units=s`;
  if (roll < 9) return `/model/topology/heron/current/WordCountTopology?sentence=${rate}`;
  return `/model/scaling/heron/WordCountTopology?sentence=${rate}`;
}

async function main(): Promise<void> {
  const redisServer = await benchRedis();
  const prefix = `soak-${randomBytes(3).toString('hex')}`;
  const base = benchConfig(redisServer.url, prefix);
  const config = parseConfig({
    ...base,
    queue: { ...base.queue, resultTtlSec: RESULT_TTL_SEC },
    model: {
      traffic: { heron: ['summary'] },
      topology: { heron: { current: ['queueing-theory'], proposed: ['queueing-theory'] } },
    },
    server: { ...base.server, rateLimit: { max: 0 } },
  });
  const redis = new Redis(redisServer.url);
  const processes: RoleChild[] = [];
  try {
    const api = await startRoleChild('api', config);
    processes.push(api);
    const workers = [await startRoleChild('worker', config), await startRoleChild('worker', config)];
    processes.push(...workers);
    const url = api.url as string;
    const samples: Sample[] = [];
    const ids: string[] = [];
    const minutes: Array<Record<string, unknown>> = [];
    const started = Date.now();
    let n = 0;
    let inFlight = 0;
    const fire = async () => {
      const path = nextRequest(n++, ids);
      const t0 = performance.now();
      inFlight++;
      try {
        const res = await fetch(`${url}${path}`);
        const body = (await res.json()) as { model_id?: string; status?: string };
        if (res.status === 202 && body.model_id && !path.includes('model_id=')) ids.push(body.model_id);
        if (ids.length > 5000) ids.splice(0, 1000);
        samples.push({
          atMs: Date.now(),
          ms: performance.now() - t0,
          ok: res.ok && body.status !== 'failed',
        });
      } catch {
        samples.push({ atMs: Date.now(), ms: performance.now() - t0, ok: false });
      } finally {
        inFlight--;
      }
    };
    const timer = setInterval(() => void fire(), 1000 / RATE);
    for (let m = 1; m <= MINUTES; m++) {
      await new Promise((r) => setTimeout(r, started + m * MINUTE_MS - Date.now()));
      const inMinute = samples.filter(
        (s) => s.atMs >= started + (m - 1) * MINUTE_MS && s.atMs < started + m * MINUTE_MS,
      );
      const info = await redis.info('memory');
      const row = {
        minute: m,
        requests: inMinute.length,
        errors: inMinute.filter((s) => !s.ok).length,
        answerMs: summariseMs(inMinute.map((s) => s.ms)),
        inFlight,
        apiRssMb: Math.round(api.rssBytes() / 2 ** 20),
        workerRssMb: workers.map((w) => Math.round(w.rssBytes() / 2 ** 20)),
        redisUsedMb: Math.round((Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0) / 2 ** 20) * 10) / 10,
      };
      minutes.push(row);
      console.log(JSON.stringify(row));
    }
    clearInterval(timer);
    const first = minutes[Math.min(1, minutes.length - 1)] as { apiRssMb: number; workerRssMb: number[] };
    const last = minutes.at(-1) as { apiRssMb: number; workerRssMb: number[] };
    const growth = (a: number, b: number) => Math.round(((b - a) / a) * 1000) / 10;
    const report = {
      benchmark: 'soak',
      date: new Date().toISOString(),
      machine: {
        os: `${platform()} ${release()}`,
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      },
      shape: {
        minutes: MINUTES,
        ratePerSec: RATE,
        resultTtlSec: RESULT_TTL_SEC,
        processes: '1 api + 2 workers (child processes), one Redis',
        mix: '30 % traffic summary, 30 % topology current, 10 % scaling (each a new model id), 30 % polls',
      },
      totals: {
        requests: samples.length,
        errors: samples.filter((s) => !s.ok).length,
        // From minute 2 (after start-up and JIT) to the last.
        apiRssGrowthPercent: growth(first.apiRssMb, last.apiRssMb),
        workerRssGrowthPercent: first.workerRssMb.map((mb, i) => growth(mb, last.workerRssMb[i] ?? mb)),
      },
      minutes,
    };
    writeFileSync(args.out as string, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${args.out}`);
  } finally {
    for (const p of processes.reverse()) await p.stop().catch(() => {});
    await redis.quit();
    await redisServer.stop();
  }
}

await main();

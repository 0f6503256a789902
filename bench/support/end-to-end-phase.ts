import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { Config } from '../../src/config/config-schema.js';
import { DURATION_UNIT, TRAFFIC_PATH } from './augur-job.js';
import { type LatencySummaryMs, summariseMs } from './stats.js';

export interface EndToEndShape {
  /** Requests started per second (open loop: a slow request does not delay the next). */
  ratePerSec: number;
  durationSec: number;
  /** Pause between two polls of one request, ms; 0 polls again as soon as the last poll answered. */
  pollIntervalMs: number;
  /** Unmeasured requests first, one after another (snapshot files read and parsed, JIT). */
  warmup: number;
  firstDuration: number;
}

export interface EndToEndResult {
  requests: number;
  failures: number;
  /** GET sent → the poll that answered 200 complete, as the client sees it. */
  endToEndMs: LatencySummaryMs;
  /** GET sent → 202 received. */
  acceptMs: LatencySummaryMs;
  /** 202 received → the poll that answered 200 (includes up to one poll interval plus one poll of slack). */
  pollingMs: LatencySummaryMs;
  pollsPerRequest: number;
  /**
   * Where the time went, from the server's own clocks (ms resolution): `created_at` (API, before enqueue) →
   * BullMQ `processedOn` (a worker took it) → `finishedOn` (BullMQ marked it complete, after the result was stored).
   */
  server: {
    createdToProcessedMs: LatencySummaryMs;
    processedToFinishedMs: LatencySummaryMs;
    createdToFinishedMs: LatencySummaryMs;
  };
}

interface Sample {
  modelId: string;
  endToEndMs: number;
  acceptMs: number;
  polls: number;
}

/**
 * Requests at a fixed rate against an API whose queue has workers; each request is followed until its
 * status_url answers 200 complete, polling every `pollIntervalMs`.
 */
export async function measureEndToEnd(
  apiUrl: string,
  config: Readonly<Config>,
  shape: EndToEndShape,
): Promise<EndToEndResult> {
  let duration = shape.firstDuration;
  for (let i = 0; i < shape.warmup; i++) await follow(apiUrl, duration++, shape.pollIntervalMs);

  const total = Math.round(shape.ratePerSec * shape.durationSec);
  const periodMs = 1000 / shape.ratePerSec;
  const started = performance.now();
  const runs: Promise<Sample | Error>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * periodMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    runs.push(follow(apiUrl, duration++, shape.pollIntervalMs).catch((err: unknown) => err as Error));
  }
  const settled = await Promise.all(runs);
  const samples = settled.filter((s): s is Sample => !(s instanceof Error));
  const failures = settled.filter((s) => s instanceof Error);
  if (failures.length > 0)
    console.warn(`end to end: ${failures.length} requests failed; the first: ${String(failures[0])}`);

  const queue = new Queue(config.queue.name, {
    connection: { url: config.redis.url as string },
    prefix: config.redis.prefix,
  });
  const server = {
    createdToProcessed: [] as number[],
    processedToFinished: [] as number[],
    createdToFinished: [] as number[],
  };
  try {
    for (const sample of samples) {
      const job = await queue.getJob(sample.modelId);
      if (!job?.processedOn || !job.finishedOn) continue;
      const created = Date.parse(job.data.createdAt);
      server.createdToProcessed.push(job.processedOn - created);
      server.processedToFinished.push(job.finishedOn - job.processedOn);
      server.createdToFinished.push(job.finishedOn - created);
    }
  } finally {
    await queue.close();
  }
  return {
    requests: samples.length,
    failures: failures.length,
    endToEndMs: summariseMs(samples.map((s) => s.endToEndMs)),
    acceptMs: summariseMs(samples.map((s) => s.acceptMs)),
    pollingMs: summariseMs(samples.map((s) => s.endToEndMs - s.acceptMs)),
    pollsPerRequest:
      Math.round((100 * samples.reduce((n, s) => n + s.polls, 0)) / Math.max(1, samples.length)) / 100,
    server: {
      createdToProcessedMs: summariseMs(server.createdToProcessed),
      processedToFinishedMs: summariseMs(server.processedToFinished),
      createdToFinishedMs: summariseMs(server.createdToFinished),
    },
  };
}

/** One request: GET, then poll its status_url until 200 complete. */
async function follow(apiUrl: string, duration: number, pollIntervalMs: number): Promise<Sample> {
  const t0 = performance.now();
  const accepted = await fetch(`${apiUrl}${TRAFFIC_PATH}?duration=${duration}&units=${DURATION_UNIT}`);
  const body = (await accepted.json()) as { model_id?: string; status_url?: string };
  const acceptMs = performance.now() - t0;
  if (accepted.status !== 202 || !body.status_url || !body.model_id) {
    throw new Error(`expected 202 with a status_url, got ${accepted.status} ${JSON.stringify(body)}`);
  }
  const deadline = t0 + 30_000;
  for (let polls = 1; ; polls++) {
    const res = await fetch(`${apiUrl}${body.status_url}`);
    if (res.status === 200) {
      const result = (await res.json()) as { status?: string };
      const endToEndMs = performance.now() - t0;
      if (result.status !== 'complete') throw new Error(`model ${body.model_id} ended ${result.status}`);
      return { modelId: body.model_id, endToEndMs, acceptMs, polls };
    }
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`poll answered ${res.status}`);
    if (performance.now() > deadline) throw new Error(`model ${body.model_id} still pending after 30 s`);
    if (pollIntervalMs > 0) await sleep(pollIntervalMs);
    else await new Promise((resolve) => setImmediate(resolve));
  }
}

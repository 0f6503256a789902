import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { CORES, machineBusyCpuUs, mainThreadCpuUs } from './host-cpu.js';
import { type RedisCostPerOp, readRedisCounters, redisCostPerOp } from './redis-stats.js';
import { type LatencySummaryMs, round3, summariseMs } from './stats.js';

/** One measured phase: throughput, latency and what each operation cost the processes involved. */
export interface ThroughputResult {
  ops: number;
  errors: number;
  elapsedSec: number;
  opsPerSec: number;
  latencyMs: LatencySummaryMs;
  /** CPU of this process's main thread (where the API or the adds run) per operation, µs (Linux only). */
  mainThreadCpuUsPerOp?: number;
  /** CPU of this whole Node process (autocannon's thread included) per operation, µs. */
  processCpuUsPerOp: number;
  /** Share of the time the main thread's event loop was busy (1 = saturated). */
  mainThreadEventLoopUtilisation: number;
  redis: RedisCostPerOp;
  /**
   * Share of the whole machine's CPU used by other processes (neither this one nor Redis) during the
   * phase: high values mean the numbers are polluted by a neighbour (Linux only).
   */
  otherProcessesCpuShare?: number;
  loadAverage1m: number;
}

export interface Measured {
  ops: number;
  errors: number;
  /** Single latencies, or a summary when the load generator only hands back one. */
  latencies: number[] | LatencySummaryMs;
  /** Wall time of the load itself, when the caller knows it better than start to end of `measure`. */
  elapsedMs?: number;
}

/** Measures `measure()` together with process, event-loop, Redis and host costs over the same interval. */
export async function measurePhase(
  redis: Redis,
  measure: () => Promise<Measured>,
): Promise<ThroughputResult> {
  const redisBefore = await readRedisCounters(redis);
  const machineBefore = machineBusyCpuUs();
  const mainBefore = mainThreadCpuUs();
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const { ops, errors, latencies, elapsedMs } = await measure();
  const wallMs = performance.now() - started;
  const elu = performance.eventLoopUtilization(eluBefore);
  const cpu = process.cpuUsage(cpuBefore);
  const mainAfter = mainThreadCpuUs();
  const machineAfter = machineBusyCpuUs();
  const redisAfter = await readRedisCounters(redis);
  const processCpuUs = cpu.user + cpu.system;
  const redisCpuUs = (redisAfter.cpuSec - redisBefore.cpuSec) * 1e6;
  const loadMs = elapsedMs ?? wallMs;
  return {
    ops,
    errors,
    elapsedSec: round3(loadMs / 1000),
    opsPerSec: Math.round(ops / (loadMs / 1000)),
    latencyMs: Array.isArray(latencies) ? summariseMs(latencies) : latencies,
    ...(mainBefore !== undefined && mainAfter !== undefined
      ? { mainThreadCpuUsPerOp: Math.round((mainAfter - mainBefore) / ops) }
      : {}),
    processCpuUsPerOp: Math.round(processCpuUs / ops),
    mainThreadEventLoopUtilisation: round3(elu.utilization),
    redis: redisCostPerOp(redisBefore, redisAfter, ops),
    ...(machineBefore !== undefined && machineAfter !== undefined
      ? {
          otherProcessesCpuShare: round3(
            Math.max(0, machineAfter - machineBefore - processCpuUs - redisCpuUs) / (wallMs * 1000 * CORES),
          ),
        }
      : {}),
    loadAverage1m: round3(loadavg()[0] ?? 0),
  };
}

/**
 * Runs `op(i)` for i = 0 … total−1 from `concurrency` loops that each start the next op as soon as their
 * last one settled (a closed loop, like autocannon's connections), timing each op.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<Measured & { latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: unknown;
  const started = performance.now();
  const loop = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        await op(i);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedMs = performance.now() - started;
  if (errors > 0) console.warn(`${errors} of ${total} operations failed; the first: ${String(firstError)}`);
  return { ops: total - errors, errors, latencies, elapsedMs };
}

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Linux clock ticks (USER_HZ), the unit of /proc CPU times. */
const TICK_US = 10_000;

/**
 * CPU time of this process's main thread (tid = pid), µs, from /proc — unlike `process.cpuUsage()` it
 * leaves out autocannon's worker thread. 10 ms resolution; undefined where /proc is missing.
 */
export function mainThreadCpuUs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return undefined;
  }
}

/** Busy CPU time of the whole machine, every core, µs, from /proc/stat (undefined elsewhere). */
export function machineBusyCpuUs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * TICK_US;
  } catch {
    return undefined;
  }
}

/** Cores, for turning CPU time into a share of the machine. */
export const CORES = cpus().length;

export interface QuietWait {
  /** Machine CPU share busy (other processes: this one is idle meanwhile) in the last 1 s window. */
  busyShare: number;
  waitedSec: number;
  quiet: boolean;
}

/**
 * Waits, up to `timeoutSec`, for `quietSec` consecutive 1 s windows in which the machine is at most
 * `maxBusyShare` busy while the benchmark itself idles: numbers measured next to another benchmark or
 * test run mean little. Without /proc it returns at once.
 */
export async function waitForQuietMachine(
  maxBusyShare: number,
  timeoutSec: number,
  quietSec = 3,
): Promise<QuietWait> {
  const started = Date.now();
  let quietWindows = 0;
  for (;;) {
    const before = machineBusyCpuUs();
    const t0 = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = machineBusyCpuUs();
    if (before === undefined || after === undefined) return { busyShare: 0, waitedSec: 0, quiet: true };
    const busyShare = Math.round(((after - before) / ((Date.now() - t0) * 1000 * CORES)) * 1000) / 1000;
    const waitedSec = Math.round((Date.now() - started) / 100) / 10;
    quietWindows = busyShare <= maxBusyShare ? quietWindows + 1 : 0;
    if (quietWindows >= quietSec) return { busyShare, waitedSec, quiet: true };
    if (waitedSec >= timeoutSec) return { busyShare, waitedSec, quiet: false };
  }
}

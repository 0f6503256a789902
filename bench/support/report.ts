import type { ThroughputResult } from './closed-loop.js';
import type { EndToEndResult } from './end-to-end-phase.js';
import { median, round3, spreadPercent } from './stats.js';

export interface ThroughputSeries {
  rounds: ThroughputResult[];
  /** Medians over the rounds. */
  median: {
    opsPerSec: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    mainThreadCpuUsPerOp?: number;
    processCpuUsPerOp: number;
    redisCpuUsPerOp: number;
  };
  /** (max − min) / median of ops/s over the rounds, %. */
  opsPerSecSpreadPercent: number;
}

export function seriesOf(rounds: ThroughputResult[]): ThroughputSeries {
  const med = (pick: (r: ThroughputResult) => number) => round3(median(rounds.map(pick)));
  const mainCpu = rounds.map((r) => r.mainThreadCpuUsPerOp).filter((x): x is number => x !== undefined);
  return {
    rounds,
    median: {
      opsPerSec: Math.round(median(rounds.map((r) => r.opsPerSec))),
      latencyP50Ms: med((r) => r.latencyMs.p50),
      latencyP99Ms: med((r) => r.latencyMs.p99),
      ...(mainCpu.length === rounds.length ? { mainThreadCpuUsPerOp: round3(median(mainCpu)) } : {}),
      processCpuUsPerOp: med((r) => r.processCpuUsPerOp),
      redisCpuUsPerOp: med((r) => r.redis.cpuUsPerOp),
    },
    opsPerSecSpreadPercent: spreadPercent(rounds.map((r) => r.opsPerSec)),
  };
}

/** A plain fixed-width table; the first column left-aligned, the others right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function topLevelCommands(r: ThroughputResult): string {
  // Commands run inside BullMQ's Lua scripts are counted too; evalsha is the script call itself.
  return Object.entries(r.redis.commandsPerOp)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name}×${n}`)
    .join(' ');
}

export function throughputTable(series: Record<string, ThroughputSeries>, baselineOpsPerSec: number): string {
  const rows = Object.entries(series).map(([name, s]) => {
    const last = s.rounds.at(-1) as ThroughputResult;
    const others = s.rounds.map((r) => r.otherProcessesCpuShare).filter((x): x is number => x !== undefined);
    return [
      name,
      s.median.opsPerSec,
      s.rounds.map((r) => r.opsPerSec).join(' '),
      `${s.opsPerSecSpreadPercent.toFixed(0)}%`,
      (s.median.opsPerSec / baselineOpsPerSec).toFixed(2),
      s.median.latencyP50Ms.toFixed(1),
      s.median.latencyP99Ms.toFixed(1),
      s.median.mainThreadCpuUsPerOp ?? '',
      s.median.processCpuUsPerOp,
      s.median.redisCpuUsPerOp,
      others.length > 0 ? `${Math.round(100 * Math.max(...others))}%` : '',
      topLevelCommands(last),
    ];
  });
  return table(
    [
      'phase',
      'ops/s',
      'ops/s in each round',
      'spread',
      '× raw',
      'p50 ms',
      'p99 ms',
      'main µs/op',
      'proc µs/op',
      'redis µs/op',
      'others',
      'redis commands per op (last round)',
    ],
    rows,
  );
}

export function endToEndTable(results: Record<string, EndToEndResult>): string {
  const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const row = (label: string, n: number | '', s: { p50: number; p90: number; p99: number; max: number }) => [
    label,
    n,
    fmt(s.p50),
    fmt(s.p90),
    fmt(s.p99),
    fmt(s.max),
  ];
  const rows = Object.entries(results).flatMap(([name, r]) => [
    row(`${name}: GET → 200 complete`, r.requests, r.endToEndMs),
    row('  GET → 202', '', r.acceptMs),
    row(`  202 → 200 (${r.pollsPerRequest} polls/request)`, '', r.pollingMs),
    row('  server: created → worker took it', '', r.server.createdToProcessedMs),
    row('  server: worker took it → done', '', r.server.processedToFinishedMs),
  ]);
  return table(['end to end, ms', 'n', 'p50', 'p90', 'p99', 'max'], rows);
}

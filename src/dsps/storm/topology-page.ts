import { z } from 'zod';
import { count, decimalString, optional, validateStormAnswer } from './storm-ui-values.js';

/** Topology-wide totals over one window (`topologyStats`). */
export interface StormWindowStats {
  /** Seconds as Storm writes them (`"600"`), or `:all-time`. */
  window: string;
  emitted: number;
  transferred: number;
  acked: number;
  failed: number;
  completeLatencyMs?: number;
}

/** A spout's totals over the requested window. */
export interface StormSpoutSummary {
  id: string;
  executors: number;
  tasks: number;
  emitted: number;
  transferred: number;
  acked: number;
  failed: number;
  completeLatencyMs?: number;
}

/** A bolt's totals over the requested window. */
export interface StormBoltSummary {
  id: string;
  executors: number;
  tasks: number;
  emitted: number;
  transferred: number;
  executed: number;
  acked: number;
  failed: number;
  /** Mean time in `execute()`, ms. */
  executeLatencyMs?: number;
  /** Mean time from receipt to ack, ms. */
  processLatencyMs?: number;
  /** Storm's busy fraction, `executed × executeLatency / window` of the busiest executor (0–1, may exceed 1). */
  capacity?: number;
}

/** A worker process: a slot (`supervisorId` = node id, `port`) on a host. */
export interface StormWorker {
  host: string;
  port: number;
  supervisorId: string;
  executorsTotal: number;
  /** component → tasks of it the worker runs. */
  componentNumTasks: Record<string, number>;
  assignedMemOnHeapMb?: number;
  assignedMemOffHeapMb?: number;
  /** Storm's CPU units: 100 = one core. */
  assignedCpu?: number;
}

/** `GET /api/v1/topology/{id}?window=…`: what augur reads of it. */
export interface StormTopologyPage {
  id: string;
  name: string;
  status: string;
  topologyStats: StormWindowStats[];
  spouts: StormSpoutSummary[];
  bolts: StormBoltSummary[];
  /** Empty when the UI does not list workers (Storm before 1.2). */
  workers: StormWorker[];
}

const topologyPageSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  status: z.string(),
  topologyStats: z
    .array(
      z.looseObject({
        window: z.union([z.string(), z.number()]).transform(String),
        emitted: count,
        transferred: count,
        acked: count,
        failed: count,
        completeLatency: decimalString,
      }),
    )
    .default([]),
  spouts: z.array(
    z.looseObject({
      spoutId: z.string().min(1),
      executors: count,
      tasks: count,
      emitted: count,
      transferred: count,
      acked: count,
      failed: count,
      completeLatency: decimalString,
    }),
  ),
  bolts: z.array(
    z.looseObject({
      boltId: z.string().min(1),
      executors: count,
      tasks: count,
      emitted: count,
      transferred: count,
      executed: count,
      acked: count,
      failed: count,
      executeLatency: decimalString,
      processLatency: decimalString,
      capacity: decimalString,
    }),
  ),
  workers: z
    .array(
      z.looseObject({
        host: z.string().min(1),
        port: z.number().int().positive(),
        supervisorId: z.string().min(1),
        executorsTotal: count,
        componentNumTasks: z.record(z.string(), z.number()).default({}),
        assignedMemOnHeap: z.number().nullish(),
        assignedMemOffHeap: z.number().nullish(),
        assignedCpu: z.number().nullish(),
      }),
    )
    .nullish(),
});

/** `/api/v1/topology/{id}`, the path for messages. */
export function topologyPagePath(topologyId: string): string {
  return `/api/v1/topology/${encodeURIComponent(topologyId)}`;
}

/** Parses a topology page, latencies and capacity from ms strings into numbers. */
export function parseTopologyPage(body: unknown): StormTopologyPage {
  const endpoint = '/api/v1/topology/{id}';
  const page = validateStormAnswer(topologyPageSchema, body, endpoint);
  return {
    id: page.id,
    name: page.name,
    status: page.status,
    topologyStats: page.topologyStats.map((s) => ({
      window: s.window,
      emitted: s.emitted,
      transferred: s.transferred,
      acked: s.acked,
      failed: s.failed,
      ...optional('completeLatencyMs', s.completeLatency),
    })),
    spouts: page.spouts.map((s) => ({
      id: s.spoutId,
      executors: s.executors,
      tasks: s.tasks,
      emitted: s.emitted,
      transferred: s.transferred,
      acked: s.acked,
      failed: s.failed,
      ...optional('completeLatencyMs', s.completeLatency),
    })),
    bolts: page.bolts.map((b) => ({
      id: b.boltId,
      executors: b.executors,
      tasks: b.tasks,
      emitted: b.emitted,
      transferred: b.transferred,
      executed: b.executed,
      acked: b.acked,
      failed: b.failed,
      ...optional('executeLatencyMs', b.executeLatency),
      ...optional('processLatencyMs', b.processLatency),
      ...optional('capacity', b.capacity),
    })),
    workers: (page.workers ?? []).map((w) => ({
      host: w.host,
      port: w.port,
      supervisorId: w.supervisorId,
      executorsTotal: w.executorsTotal,
      componentNumTasks: w.componentNumTasks,
      ...optional('assignedMemOnHeapMb', w.assignedMemOnHeap ?? undefined),
      ...optional('assignedMemOffHeapMb', w.assignedMemOffHeap ?? undefined),
      ...optional('assignedCpu', w.assignedCpu ?? undefined),
    })),
  };
}

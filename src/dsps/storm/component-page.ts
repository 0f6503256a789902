import { z } from 'zod';
import { type ExecutorRange, readExecutorRange } from './executor-range.js';
import { count, decimalString, optional, validateStormAnswer } from './storm-ui-values.js';

/** A stream a bolt consumes, totalled over its executors (`inputStats`). */
export interface StormInputStats {
  /** The upstream component. */
  component: string;
  stream: string;
  executed: number;
  acked: number;
  failed: number;
  executeLatencyMs?: number;
  processLatencyMs?: number;
}

/** A stream a component emits, totalled over its executors (`outputStats`). */
export interface StormOutputStats {
  stream: string;
  emitted: number;
  transferred: number;
  /** Spouts only. */
  acked?: number;
  failed?: number;
  completeLatencyMs?: number;
}

/** One executor (`executorStats`), totalled over all its streams. */
export interface StormExecutorStats {
  /** As the UI spells it, e.g. `[2-2]`. */
  id: string;
  range: ExecutorRange;
  host: string;
  port: number;
  emitted: number;
  transferred: number;
  acked: number;
  failed: number;
  /** Bolts only. */
  executed?: number;
  executeLatencyMs?: number;
  processLatencyMs?: number;
  capacity?: number;
  /** Spouts only. */
  completeLatencyMs?: number;
}

/** `GET /api/v1/topology/{id}/component/{component}?window=…`: what augur reads of it. */
export interface StormComponentPage {
  /** Component id, e.g. `split`. */
  id: string;
  topologyId: string;
  componentType: 'spout' | 'bolt';
  executorCount: number;
  taskCount: number;
  /** Empty for spouts. */
  inputs: StormInputStats[];
  outputs: StormOutputStats[];
  /** Sorted by start task. */
  executors: StormExecutorStats[];
}

const componentPageSchema = z.looseObject({
  id: z.string().min(1),
  topologyId: z.string().min(1),
  componentType: z.enum(['spout', 'bolt']),
  executors: count,
  tasks: count,
  inputStats: z
    .array(
      z.looseObject({
        component: z.string().min(1),
        stream: z.string().min(1),
        executed: count,
        acked: count,
        failed: count,
        executeLatency: decimalString,
        processLatency: decimalString,
      }),
    )
    .nullish(),
  outputStats: z
    .array(
      z.looseObject({
        stream: z.string().min(1),
        emitted: count,
        transferred: count,
        acked: count.optional(),
        failed: count.optional(),
        completeLatency: decimalString,
      }),
    )
    .nullish(),
  executorStats: z.array(
    z.looseObject({
      id: z.string().transform((text, ctx) => {
        const result = readExecutorRange(text);
        if (!result.ok) {
          ctx.addIssue({ code: 'custom', message: result.reason });
          return z.NEVER;
        }
        return { text, range: result.range };
      }),
      host: z.string().min(1),
      port: z.number().int().positive(),
      emitted: count,
      transferred: count,
      acked: count,
      failed: count,
      executed: count.optional(),
      executeLatency: decimalString,
      processLatency: decimalString,
      capacity: decimalString,
      completeLatency: decimalString,
    }),
  ),
});

/** Parses a component page, latencies and capacity from ms strings, executor ids into task ranges. */
export function parseComponentPage(body: unknown): StormComponentPage {
  const endpoint = '/api/v1/topology/{id}/component/{component}';
  const page = validateStormAnswer(componentPageSchema, body, endpoint);
  const isBolt = page.componentType === 'bolt';
  return {
    id: page.id,
    topologyId: page.topologyId,
    componentType: page.componentType,
    executorCount: page.executors,
    taskCount: page.tasks,
    inputs: (page.inputStats ?? []).map((s) => ({
      component: s.component,
      stream: s.stream,
      executed: s.executed,
      acked: s.acked,
      failed: s.failed,
      ...optional('executeLatencyMs', s.executeLatency),
      ...optional('processLatencyMs', s.processLatency),
    })),
    outputs: (page.outputStats ?? []).map((s) => ({
      stream: s.stream,
      emitted: s.emitted,
      transferred: s.transferred,
      ...(isBolt
        ? {}
        : {
            ...optional('acked', s.acked),
            ...optional('failed', s.failed),
            ...optional('completeLatencyMs', s.completeLatency),
          }),
    })),
    executors: page.executorStats
      .map((e) => ({
        id: e.id.text,
        range: e.id.range,
        host: e.host,
        port: e.port,
        emitted: e.emitted,
        transferred: e.transferred,
        acked: e.acked,
        failed: e.failed,
        ...(isBolt
          ? {
              executed: e.executed ?? 0,
              ...optional('executeLatencyMs', e.executeLatency),
              ...optional('processLatencyMs', e.processLatency),
              ...optional('capacity', e.capacity),
            }
          : optional('completeLatencyMs', e.completeLatency)),
      }))
      .sort((a, b) => a.range.startTask - b.range.startTask),
  };
}

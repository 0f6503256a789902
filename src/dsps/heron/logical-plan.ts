import { z } from 'zod';
import type { ComponentInput, Grouping } from '../../topology/topology-structure.js';
import { unwrapTrackerResponse, validateTrackerPayload } from './tracker-envelope.js';

/** A Heron logical plan, normalised: component → its output streams (and inputs, for bolts). */
export interface HeronLogicalPlan {
  spouts: Record<string, { outputStreams: string[] }>;
  bolts: Record<string, { outputStreams: string[]; inputs: ComponentInput[] }>;
}

// Tornado Trackers write outputs as {stream_name}; the FastAPI model's field is `name` with alias
// `stream_name` (serialised by alias), so accept either.
const streamSchema = z
  .object({ stream_name: z.string().optional(), name: z.string().optional() })
  .refine((s) => s.stream_name !== undefined || s.name !== undefined, { message: 'stream_name is required' })
  .transform((s) => (s.stream_name ?? s.name) as string);

const inputSchema = z.object({ stream_name: z.string(), component_name: z.string(), grouping: z.string() });

const logicalPlanSchema = z.object({
  spouts: z.record(z.string(), z.object({ outputs: z.array(streamSchema).default([]) })).default({}),
  bolts: z
    .record(
      z.string(),
      z.object({ outputs: z.array(streamSchema).default([]), inputs: z.array(inputSchema).default([]) }),
    )
    .default({}),
});

const GROUPINGS: ReadonlySet<string> = new Set<Grouping>([
  'SHUFFLE',
  'FIELDS',
  'ALL',
  'LOWEST',
  'NONE',
  'DIRECT',
  'CUSTOM',
]);

/** Heron's `topology.proto` Grouping names; anything newer is reported as CUSTOM. */
export function toGrouping(name: string): Grouping {
  const upper = name.toUpperCase();
  return GROUPINGS.has(upper) ? (upper as Grouping) : 'CUSTOM';
}

/** Parses a `/topologies/logicalplan` answer (any style) or the `logical_plan` of `/topologies/info`. */
export function parseLogicalPlan(body: unknown): HeronLogicalPlan {
  const endpoint = '/topologies/logicalplan';
  const plan = validateTrackerPayload(logicalPlanSchema, unwrapTrackerResponse(body, endpoint), endpoint);
  const unique = (streams: string[]) => [...new Set(streams)];
  return {
    spouts: Object.fromEntries(
      Object.entries(plan.spouts).map(([name, spout]) => [name, { outputStreams: unique(spout.outputs) }]),
    ),
    bolts: Object.fromEntries(
      Object.entries(plan.bolts).map(([name, bolt]) => [
        name,
        {
          outputStreams: unique(bolt.outputs),
          inputs: bolt.inputs.map((input) => ({
            component: input.component_name,
            stream: input.stream_name,
            grouping: toGrouping(input.grouping),
          })),
        },
      ]),
    ),
  };
}

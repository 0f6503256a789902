import { z } from 'zod';
import type { Grouping } from '../../topology/topology-structure.js';
import { validateStormAnswer } from './storm-ui-values.js';

/** A stream edge of the topology graph: `consumer` reads `stream` of `source` with `grouping`. */
export interface StormVisualizationInput {
  source: string;
  stream: string;
  /** Storm's grouping name, e.g. `shuffle`, `fields`, `local_or_shuffle`. */
  stormGrouping: string;
  grouping: Grouping;
}

const visualizationSchema = z.record(
  z.string(),
  z.looseObject({
    ':inputs': z
      .array(
        z.looseObject({
          ':component': z.string().min(1),
          ':stream': z.string().min(1),
          ':grouping': z.string().nullish(),
        }),
      )
      .nullish(),
  }),
);

/**
 * Storm's grouping names (the set field of the Thrift `Grouping` union) → augur's. `local_or_shuffle` is a
 * shuffle preferring the worker's own executors; the custom groupings are opaque.
 */
const GROUPINGS: Record<string, Grouping> = {
  shuffle: 'SHUFFLE',
  local_or_shuffle: 'SHUFFLE',
  fields: 'FIELDS',
  all: 'ALL',
  none: 'NONE',
  direct: 'DIRECT',
  custom_object: 'CUSTOM',
  custom_serialized: 'CUSTOM',
};

export function groupingFromStorm(name: string | undefined | null): Grouping {
  return GROUPINGS[(name ?? '').toLowerCase()] ?? 'CUSTOM';
}

/**
 * Parses `GET /api/v1/topology/{id}/visualization` (the UI's graph: component → `:inputs` with `:component`,
 * `:stream`, `:grouping`) into consumer → inputs. The only answer of the UI that names groupings.
 */
export function parseVisualization(body: unknown): Record<string, StormVisualizationInput[]> {
  const parsed = validateStormAnswer(visualizationSchema, body, '/api/v1/topology/{id}/visualization');
  const out: Record<string, StormVisualizationInput[]> = {};
  for (const [component, node] of Object.entries(parsed)) {
    out[component] = (node[':inputs'] ?? []).map((input) => ({
      source: input[':component'],
      stream: input[':stream'],
      stormGrouping: input[':grouping'] ?? '',
      grouping: groupingFromStorm(input[':grouping']),
    }));
  }
  return out;
}

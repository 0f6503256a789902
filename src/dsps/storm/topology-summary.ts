import { z } from 'zod';
import { count, validateStormAnswer } from './storm-ui-values.js';

/** One running topology, from `GET /api/v1/topology/summary`. */
export interface StormTopologySummary {
  /** Storm's topology id, e.g. `word-count-1-1234567890`. */
  id: string;
  name: string;
  /** `ACTIVE`, `INACTIVE`, `KILLED`, `REBALANCING`. */
  status: string;
  uptimeSec?: number;
  workersTotal: number;
  executorsTotal: number;
  tasksTotal: number;
}

const summarySchema = z.looseObject({
  topologies: z.array(
    z.looseObject({
      id: z.string().min(1),
      name: z.string().min(1),
      status: z.string(),
      uptimeSeconds: z.number().nullish(),
      workersTotal: count,
      executorsTotal: count,
      tasksTotal: count,
    }),
  ),
});

export const TOPOLOGY_SUMMARY_PATH = '/api/v1/topology/summary';

/** Parses `/api/v1/topology/summary`, sorted by name then id. */
export function parseTopologySummary(body: unknown): StormTopologySummary[] {
  const parsed = validateStormAnswer(summarySchema, body, TOPOLOGY_SUMMARY_PATH);
  return parsed.topologies
    .map((t) => ({
      id: t.id,
      name: t.name,
      status: t.status,
      ...(typeof t.uptimeSeconds === 'number' ? { uptimeSec: t.uptimeSeconds } : {}),
      workersTotal: t.workersTotal,
      executorsTotal: t.executorsTotal,
      tasksTotal: t.tasksTotal,
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

import { z } from 'zod';
import { type HeronLogicalPlan, parseLogicalPlan } from './logical-plan.js';
import { type HeronPackingPlan, parsePackingPlan } from './packing-plan.js';
import { type HeronPhysicalPlan, parsePhysicalPlan } from './physical-plan.js';
import { unwrapTrackerResponse, validateTrackerPayload } from './tracker-envelope.js';

/** The parts of `/topologies/info` augur uses. */
export interface HeronTopologyInfo {
  name: string;
  id?: string;
  logicalPlan: HeronLogicalPlan;
  physicalPlan: HeronPhysicalPlan;
  packingPlan?: HeronPackingPlan;
}

const infoSchema = z.object({
  name: z.string(),
  id: z.string().nullish(),
  logical_plan: z.unknown(),
  physical_plan: z.unknown(),
  packing_plan: z.unknown().optional(),
});

/** Parses `/topologies/info` (any style) with the same parsers as the individual plan endpoints. */
export function parseTopologyInfo(body: unknown): HeronTopologyInfo {
  const endpoint = '/topologies/info';
  const info = validateTrackerPayload(infoSchema, unwrapTrackerResponse(body, endpoint), endpoint);
  const packing = info.packing_plan ? parsePackingPlan(info.packing_plan) : undefined;
  return {
    name: info.name,
    ...(info.id ? { id: info.id } : {}),
    logicalPlan: parseLogicalPlan(info.logical_plan),
    physicalPlan: parsePhysicalPlan(info.physical_plan),
    ...(packing && packing.containers.length > 0 ? { packingPlan: packing } : {}),
  };
}

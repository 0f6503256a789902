import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { ScalingResults } from '../ui/shared/scaling-summary.js';

/**
 * Writes the recommended plan of a scaling advice where `augur model proposed --plan` reads it: a Heron
 * PackingPlan as protobuf bytes, or as its JSON form when the file ends in `.json`; a Storm assignment as
 * JSON. Returns the content written, for the message.
 */
export function saveRecommendedPlan(results: ScalingResults, path: string): string {
  if (results.plan.dsps === 'storm') {
    writeFileSync(path, `${JSON.stringify(results.plan.assignment, null, 2)}\n`);
    return 'Storm assignment (JSON)';
  }
  if (extname(path).toLowerCase() === '.json') {
    writeFileSync(path, `${JSON.stringify(results.plan.packing_plan, null, 2)}\n`);
    return 'Heron PackingPlan (JSON)';
  }
  writeFileSync(path, Buffer.from(results.plan.packing_plan_protobuf_base64, 'base64'));
  return 'Heron PackingPlan (protobuf)';
}

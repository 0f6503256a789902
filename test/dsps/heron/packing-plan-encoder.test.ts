import { describe, expect, it } from 'vitest';
import { decodePackingPlan } from '../../../src/dsps/heron/packing-plan-codec.js';
import {
  encodeHeronPackingPlan,
  packingPlanToHeronJson,
} from '../../../src/dsps/heron/packing-plan-encoder.js';
import { canonicalPlanHash } from '../../../src/topology/canonical-plan-hash.js';
import type { PackingPlan } from '../../../src/topology/packing-plan.js';
import { EXCLAMATION } from './exclamation-plan.js';
import { heronFixtureBytes } from './protoc-encode.js';

describe('encodeHeronPackingPlan', () => {
  it('writes the same bytes as `protoc --encode` for the same plan', () => {
    expect(Buffer.from(encodeHeronPackingPlan(EXCLAMATION))).toEqual(heronFixtureBytes('exclamation'));
  });

  it('round-trips through the decoder, as bytes and as JSON', () => {
    const bytes = encodeHeronPackingPlan(EXCLAMATION);
    expect(decodePackingPlan(bytes, 'application/x-protobuf')).toEqual(EXCLAMATION);
    const json = JSON.parse(JSON.stringify(packingPlanToHeronJson(EXCLAMATION)));
    expect(decodePackingPlan(json, 'application/json')).toEqual(EXCLAMATION);
    expect(canonicalPlanHash(decodePackingPlan(json, 'application/json'))).toBe(
      canonicalPlanHash(EXCLAMATION),
    );
  });

  it('rounds RAM and disk to whole bytes, as Heron int64 fields hold them', () => {
    const plan: PackingPlan = {
      topologyId: 't',
      containers: [
        {
          index: 1,
          instances: [
            {
              component: 'a',
              taskId: 1,
              componentIndex: 0,
              resources: { cpuCores: 0.5, ramBytes: 10.6, diskBytes: 0 },
            },
          ],
          requiredResources: { cpuCores: 1, ramBytes: 1.4, diskBytes: 2 },
        },
      ],
    };
    const json = packingPlanToHeronJson(plan);
    expect(json.container_plans[0]?.instance_plans[0]?.resource).toEqual({ cpu: 0.5, ram: 11, disk: 0 });
    expect(json.container_plans[0]?.requiredResource).toEqual({ cpu: 1, ram: 1, disk: 2 });
  });
});

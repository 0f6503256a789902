import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { heronMessageType } from '../../../src/dsps/heron/heron-proto.js';
import { parsePackingPlan } from '../../../src/dsps/heron/packing-plan.js';
import { decodePackingPlan, packingPlanFromHeron } from '../../../src/dsps/heron/packing-plan-codec.js';
import { parseTrackerJson } from '../../../src/dsps/heron/tracker-envelope.js';
import { canonicalPlanHash } from '../../../src/topology/canonical-plan-hash.js';
import { EXCLAMATION } from './exclamation-plan.js';
import { heronFixtureBytes, PLAN_FIXTURES, REPO_ROOT } from './protoc-encode.js';

const readFixture = (name: string) => readFileSync(join(PLAN_FIXTURES, name), 'utf8');

const GiB = 1024 ** 3;

describe('decodePackingPlan: protobuf bytes written by protoc', () => {
  it('decodes heron.proto.system.PackingPlan bytes from `protoc --encode`', () => {
    const bytes = heronFixtureBytes('exclamation');
    expect(decodePackingPlan(bytes, 'application/x-protobuf')).toEqual(EXCLAMATION);
  });

  it.each([
    'application/x-protobuf',
    'application/protobuf',
    'application/vnd.google.protobuf',
    'application/octet-stream',
    'Application/X-Protobuf; messageType=heron.proto.system.PackingPlan',
  ])('accepts content type %s', (contentType) => {
    expect(decodePackingPlan(heronFixtureBytes('exclamation'), contentType)).toEqual(EXCLAMATION);
  });

  it('accepts a Uint8Array as well as a Buffer', () => {
    const bytes = new Uint8Array(heronFixtureBytes('exclamation'));
    expect(decodePackingPlan(bytes, 'application/x-protobuf')).toEqual(EXCLAMATION);
  });

  it('sorts containers by id and instances by task id, whatever order the bytes list them in', () => {
    const plan = decodePackingPlan(heronFixtureBytes('word-count-packing-plan'), 'application/x-protobuf');
    expect(plan.containers.map((c) => c.index)).toEqual([1, 2]);
    expect(plan.containers.map((c) => c.instances.map((i) => i.taskId))).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(plan.containers[0]?.scheduledResources).toEqual({
      cpuCores: 4,
      ramBytes: 4 * GiB,
      diskBytes: 4 * GiB,
    });
    expect(plan.containers[1]?.scheduledResources).toBeUndefined();
  });

  it('reads int64 ram and disk beyond 2^32 exactly', () => {
    const plan = decodePackingPlan(heronFixtureBytes('word-count-packing-plan'), 'application/x-protobuf');
    expect(plan.containers[0]?.requiredResources).toEqual({
      cpuCores: 3.5,
      ramBytes: 3 * GiB,
      diskBytes: 4 * GiB,
    });
  });

  it('decodes bytes protobufjs itself wrote the same as protoc’s (round trip)', () => {
    const type = heronMessageType('heron.proto.system.PackingPlan');
    const written = type.encode(type.decode(heronFixtureBytes('exclamation'))).finish();
    expect(decodePackingPlan(written, 'application/x-protobuf')).toEqual(EXCLAMATION);
  });

  it('proto/ declares the messages exactly as Heron does (names, numbers, types, labels)', () => {
    const root = heronMessageType('heron.proto.system.PackingPlan').root;
    const fields = (name: string) =>
      root
        .lookupType(name)
        .fieldsArray.map((f: protobuf.Field) => `${f.rule ?? 'optional'} ${f.type} ${f.name} = ${f.id}`);
    expect(fields('heron.proto.system.PackingPlan')).toEqual([
      'required string id = 1',
      'repeated ContainerPlan container_plans = 2',
    ]);
    expect(fields('heron.proto.system.ContainerPlan')).toEqual([
      'required int32 id = 1',
      'repeated InstancePlan instance_plans = 2',
      'required Resource requiredResource = 3',
      'optional Resource scheduledResource = 4',
    ]);
    expect(fields('heron.proto.system.InstancePlan')).toEqual([
      'required string component_name = 1',
      'required int32 task_id = 2',
      'required int32 component_index = 3',
      'required Resource resource = 4',
    ]);
    expect(fields('heron.proto.system.Resource')).toEqual([
      'required double cpu = 1',
      'required int64 ram = 2',
      'required int64 disk = 3',
    ]);
    expect(fields('heron.proto.api.StreamId')).toEqual([
      'required string id = 1',
      'required string component_name = 2',
    ]);
    expect(fields('heron.proto.api.InputStream')).toEqual([
      'required StreamId stream = 1',
      'required Grouping gtype = 2',
      'optional StreamSchema grouping_fields = 3',
      'optional bytes custom_grouping_object = 4',
      'optional CustomGroupingObjectType type = 5',
    ]);
    expect(root.lookupEnum('heron.proto.api.Grouping').values).toEqual({
      SHUFFLE: 1,
      FIELDS: 2,
      ALL: 3,
      LOWEST: 4,
      NONE: 5,
      DIRECT: 6,
      CUSTOM: 7,
    });
  });
});

describe('decodePackingPlan: JSON', () => {
  it('reads the message’s JSON form (lowerCamelCase names, int64 as strings) as the same plan', () => {
    const plan = decodePackingPlan(readFixture('exclamation.json'), 'application/json');
    expect(plan).toEqual(EXCLAMATION);
  });

  it('reads the JSON form with the declared field names, numbers for int64, and already parsed', () => {
    const json = {
      id: 'T',
      container_plans: [
        {
          id: 1,
          instance_plans: [
            {
              component_name: 'word',
              task_id: 1,
              component_index: 0,
              resource: { cpu: 1, ram: 1024, disk: 2048 },
            },
          ],
          requiredResource: { cpu: 2, ram: '4096', disk: 8192 },
        },
      ],
    };
    expect(decodePackingPlan(json, 'application/json; charset=utf-8')).toEqual({
      topologyId: 'T',
      containers: [
        {
          index: 1,
          instances: [
            {
              component: 'word',
              taskId: 1,
              componentIndex: 0,
              resources: { cpuCores: 1, ramBytes: 1024, diskBytes: 2048 },
            },
          ],
          requiredResources: { cpuCores: 2, ramBytes: 4096, diskBytes: 8192 },
        },
      ],
    });
  });

  it('reads JSON sent as bytes', () => {
    expect(decodePackingPlan(Buffer.from(readFixture('exclamation.json')), 'application/json')).toEqual(
      EXCLAMATION,
    );
  });

  it('reads the Heron Tracker’s packing-plan JSON (envelope) as the same plan', () => {
    expect(decodePackingPlan(readFixture('exclamation-tracker.json'), 'application/json')).toEqual(
      EXCLAMATION,
    );
  });

  it('reads the Tracker JSON of Heron 0.19–0.20.1 (result as a JSON string) and the bare answer', () => {
    const trackerFixtures = join(REPO_ROOT, 'test/fixtures/heron-tracker');
    for (const name of ['synthetic-packingplan-stringified.json', 'synthetic-packingplan-bare.json']) {
      const text = readFileSync(join(trackerFixtures, name), 'utf8');
      const expected = packingPlanFromHeron(parsePackingPlan(parseTrackerJson(text, name)));
      expect(decodePackingPlan(text, 'application/json')).toEqual(expected);
      expect(expected.containers.length).toBeGreaterThan(0);
    }
  });

  it('gives protobuf, JSON and Tracker JSON of one plan the same canonical hash', () => {
    const hashes = [
      decodePackingPlan(heronFixtureBytes('exclamation'), 'application/x-protobuf'),
      decodePackingPlan(readFixture('exclamation.json'), 'application/json'),
      decodePackingPlan(readFixture('exclamation-tracker.json'), 'application/json'),
    ].map(canonicalPlanHash);
    expect(new Set(hashes).size).toBe(1);
  });
});

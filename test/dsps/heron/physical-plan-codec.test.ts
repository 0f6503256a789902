import { describe, expect, it } from 'vitest';
import { heronMessageType } from '../../../src/dsps/heron/heron-proto.js';
import { decodePhysicalPlan, decodeTopology } from '../../../src/dsps/heron/physical-plan-codec.js';
import { isAppError } from '../../../src/errors.js';
import { heronFixtureBytes } from './protoc-encode.js';

const physicalPlanBytes = () =>
  heronFixtureBytes('word-count-physical-plan', 'heron.proto.system.PhysicalPlan', 'physical_plan.proto');

const WORD_COUNT_LOGICAL_PLAN = {
  spouts: { sentence: { outputStreams: ['default'] } },
  bolts: {
    split: {
      outputStreams: ['default'],
      inputs: [{ component: 'sentence', stream: 'default', grouping: 'SHUFFLE', groupingFields: [] }],
    },
    count: {
      outputStreams: [],
      inputs: [{ component: 'split', stream: 'default', grouping: 'FIELDS', groupingFields: ['word'] }],
    },
  },
};

describe('decodePhysicalPlan (heron.proto.system.PhysicalPlan bytes from protoc)', () => {
  it('decodes the topology with its groupings and grouping fields', () => {
    const { topology } = decodePhysicalPlan(physicalPlanBytes(), 'application/x-protobuf');
    expect(topology).toEqual({
      id: 'WordCount-7f3c1e2a-95b1-4a56-9c1d-2b8f0e4d6a11',
      name: 'WordCount',
      state: 'RUNNING',
      logicalPlan: WORD_COUNT_LOGICAL_PLAN,
    });
  });

  it('decodes instances (with component index, container, stream manager) and stream managers', () => {
    const { physicalPlan } = decodePhysicalPlan(physicalPlanBytes(), 'application/x-protobuf');
    expect(Object.keys(physicalPlan.instances).sort()).toEqual([
      'container_1_count_5',
      'container_1_sentence_1',
      'container_1_split_3',
      'container_2_count_6',
      'container_2_sentence_2',
      'container_2_split_4',
    ]);
    expect(physicalPlan.instances.container_2_split_4).toEqual({
      id: 'container_2_split_4',
      component: 'split',
      taskId: 4,
      componentIndex: 1,
      container: 'container_2',
      stmgrId: 'stmgr-2',
    });
    expect(physicalPlan.stmgrs['stmgr-1']).toEqual({
      id: 'stmgr-1',
      host: 'host-a',
      port: 6001,
      instanceIds: ['container_1_count_5', 'container_1_sentence_1', 'container_1_split_3'],
    });
  });

  it('reads the same plan from its JSON form', () => {
    const type = heronMessageType('heron.proto.system.PhysicalPlan');
    const json = type.toObject(type.decode(physicalPlanBytes()), {
      longs: String,
      enums: String,
      bytes: String,
    });
    expect(decodePhysicalPlan(JSON.stringify(json), 'application/json')).toEqual(
      decodePhysicalPlan(physicalPlanBytes(), 'application/x-protobuf'),
    );
  });

  it('refuses an instance id that disagrees with its info', () => {
    const type = heronMessageType('heron.proto.system.PhysicalPlan');
    const json = type.toObject(type.decode(physicalPlanBytes()), { longs: String, enums: String }) as {
      instances: Array<{ instance_id: string }>;
    };
    (json.instances[0] as { instance_id: string }).instance_id = 'container_1_sentence_9';
    try {
      decodePhysicalPlan(json, 'application/json');
      expect.fail('expected a BAD_REQUEST');
    } catch (err) {
      expect(isAppError(err) && err.code).toBe('BAD_REQUEST');
      expect((err as Error).message).toMatch(
        /instances\[0\]\.instance_id: "container_1_sentence_9" disagrees/,
      );
    }
  });

  it('refuses truncated bytes with the field path', () => {
    try {
      decodePhysicalPlan(physicalPlanBytes().subarray(0, 200), 'application/x-protobuf');
      expect.fail('expected a BAD_REQUEST');
    } catch (err) {
      expect(isAppError(err) && err.code).toBe('BAD_REQUEST');
      expect(isAppError(err) && err.details?.field).toMatch(/^topology/);
    }
  });
});

describe('decodeTopology (heron.proto.api.Topology)', () => {
  it('decodes a topology message on its own', () => {
    const physical = heronMessageType('heron.proto.system.PhysicalPlan');
    const topologyType = heronMessageType('heron.proto.api.Topology');
    const message = physical.decode(physicalPlanBytes()) as unknown as { topology: object };
    const bytes = topologyType.encode(topologyType.fromObject(message.topology)).finish();
    expect(decodeTopology(bytes, 'application/x-protobuf').logicalPlan).toEqual(WORD_COUNT_LOGICAL_PLAN);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotFromPlans } from '../../../src/dsps/heron/heron-snapshot.js';
import { buildHeronStructure } from '../../../src/dsps/heron/heron-structure.js';
import { parseLogicalPlan } from '../../../src/dsps/heron/logical-plan.js';
import { parsePackingPlan } from '../../../src/dsps/heron/packing-plan.js';
import { decodePackingPlan, packingPlanFromHeron } from '../../../src/dsps/heron/packing-plan-codec.js';
import { parsePhysicalPlan } from '../../../src/dsps/heron/physical-plan.js';
import { decodePhysicalPlan } from '../../../src/dsps/heron/physical-plan-codec.js';
import { parseTrackerJson } from '../../../src/dsps/heron/tracker-envelope.js';
import { isAppError } from '../../../src/errors.js';
import { canonicalPlanHash } from '../../../src/topology/canonical-plan-hash.js';
import { spoutNames } from '../../../src/topology/topology-structure.js';
import { heronFixtureBytes, REPO_ROOT } from './protoc-encode.js';

const GiB = 1024 ** 3;
const tracker = (name: string): unknown =>
  parseTrackerJson(readFileSync(join(REPO_ROOT, 'test/fixtures/heron-tracker', name), 'utf8'), name);

function wordCount() {
  const decoded = decodePhysicalPlan(
    heronFixtureBytes('word-count-physical-plan', 'heron.proto.system.PhysicalPlan', 'physical_plan.proto'),
    'application/x-protobuf',
  );
  const packingPlan = decodePackingPlan(
    heronFixtureBytes('word-count-packing-plan'),
    'application/x-protobuf',
  );
  return { decoded, packingPlan };
}

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('snapshotFromPlans: a running topology (logical + physical + packing plan)', () => {
  it('builds components, streams with grouping fields, instances, containers and stream managers', () => {
    const { decoded, packingPlan } = wordCount();
    const snapshot = snapshotFromPlans({
      name: decoded.topology.name,
      id: decoded.topology.id,
      logicalPlan: decoded.topology.logicalPlan,
      physicalPlan: decoded.physicalPlan,
      packingPlan,
    });
    expect(snapshot.dsps).toBe('heron');
    expect(snapshot.id).toBe('WordCount-7f3c1e2a-95b1-4a56-9c1d-2b8f0e4d6a11');
    expect(snapshot.components.count).toEqual({
      name: 'count',
      kind: 'bolt',
      outputStreams: [],
      inputs: [{ component: 'split', stream: 'default', grouping: 'FIELDS', groupingFields: ['word'] }],
      instances: ['container_1_count_5', 'container_2_count_6'],
    });
    expect(snapshot.streams).toEqual([
      { source: 'sentence', stream: 'default', target: 'split', grouping: 'SHUFFLE', groupingFields: [] },
      { source: 'split', stream: 'default', target: 'count', grouping: 'FIELDS', groupingFields: ['word'] },
    ]);
    expect(snapshot.instances.container_2_split_4).toEqual({
      id: 'container_2_split_4',
      component: 'split',
      taskId: 4,
      componentIndex: 1,
      container: 'container_2',
      streamManager: 'stmgr-2',
      resources: { cpuCores: 1, ramBytes: GiB, diskBytes: GiB },
    });
    expect(snapshot.containers.container_1).toEqual({
      id: 'container_1',
      index: 1,
      streamManager: 'stmgr-1',
      instances: ['container_1_sentence_1', 'container_1_split_3', 'container_1_count_5'],
      requiredResources: { cpuCores: 3.5, ramBytes: 3 * GiB, diskBytes: 4 * GiB },
      scheduledResources: { cpuCores: 4, ramBytes: 4 * GiB, diskBytes: 4 * GiB },
    });
    expect(snapshot.streamManagers).toEqual({
      'stmgr-1': { id: 'stmgr-1', container: 'container_1', host: 'host-a' },
      'stmgr-2': { id: 'stmgr-2', container: 'container_2', host: 'host-b' },
    });
  });

  it('hashes its placement exactly as the packing plan hashes', () => {
    const { decoded, packingPlan } = wordCount();
    const snapshot = snapshotFromPlans({
      name: 'WordCount',
      logicalPlan: decoded.topology.logicalPlan,
      physicalPlan: decoded.physicalPlan,
      packingPlan,
    });
    expect(snapshot.planHash).toBe(canonicalPlanHash(packingPlan));
  });

  it('is a TopologyStructure: what reads a structure reads a snapshot', () => {
    const { decoded, packingPlan } = wordCount();
    const snapshot = snapshotFromPlans({
      name: 'WordCount',
      logicalPlan: decoded.topology.logicalPlan,
      physicalPlan: decoded.physicalPlan,
      packingPlan,
    });
    expect(spoutNames(snapshot)).toEqual(['sentence']);
  });

  it('builds from the Tracker’s JSON answers (real Heron samples), agreeing with buildHeronStructure', () => {
    const logicalPlan = parseLogicalPlan(tracker('logicalplan.json'));
    const physicalPlan = parsePhysicalPlan(tracker('physicalplan.json'));
    const packingPlan = packingPlanFromHeron(parsePackingPlan(tracker('synthetic-packingplan-bare.json')));
    const snapshot = snapshotFromPlans(
      { name: 'ExclamationTopology', logicalPlan, physicalPlan, packingPlan },
      { errorCode: 'METRICS_BAD_RESPONSE' },
    );
    const structure = buildHeronStructure({ name: 'ExclamationTopology', logicalPlan, physicalPlan });
    expect(snapshot).toMatchObject(structure);
    expect(snapshot.id).toBe(packingPlan.topologyId);
    expect(snapshot.instances.container_1_word_2).toMatchObject({
      componentIndex: 0,
      resources: { cpuCores: 0.3, ramBytes: 536870912, diskBytes: 1073741824 },
    });
    expect(snapshot.streams).toEqual([
      { source: 'word', stream: 'default', target: 'exclaim1', grouping: 'SHUFFLE' },
    ]);
    expect(snapshot.streamManagers['stmgr-1']).toEqual({
      id: 'stmgr-1',
      container: 'container_1',
      host: 'tw-mbp-rli',
    });
  });

  it('without a packing plan: no resources, component indexes by task-id rank', () => {
    const { decoded } = wordCount();
    const physicalPlan = parsePhysicalPlan({
      instances: Object.fromEntries(
        Object.values(decoded.physicalPlan.instances).map((i) => [
          i.id,
          { name: i.component, stmgrId: i.stmgrId },
        ]),
      ),
    });
    const snapshot = snapshotFromPlans({
      name: 'WordCount',
      logicalPlan: decoded.topology.logicalPlan,
      physicalPlan,
    });
    expect(snapshot.instances.container_2_count_6).toEqual({
      id: 'container_2_count_6',
      component: 'count',
      taskId: 6,
      componentIndex: 1,
      container: 'container_2',
      streamManager: 'stmgr-2',
    });
    expect(snapshot.containers.container_2?.requiredResources).toBeUndefined();
  });
});

describe('snapshotFromPlans: a proposed plan (logical + packing plan)', () => {
  it('names instances and stream managers as Heron would', () => {
    const { decoded, packingPlan } = wordCount();
    const snapshot = snapshotFromPlans({
      name: 'WordCount',
      logicalPlan: decoded.topology.logicalPlan,
      packingPlan,
    });
    expect(Object.keys(snapshot.instances).sort()).toEqual(
      Object.keys(decoded.physicalPlan.instances).sort(),
    );
    expect(snapshot.instances.container_1_sentence_1).toMatchObject({
      streamManager: 'stmgr-1',
      componentIndex: 0,
    });
    expect(Object.keys(snapshot.streamManagers)).toEqual(['stmgr-1', 'stmgr-2']);
    expect(snapshot.planHash).toBe(canonicalPlanHash(packingPlan));
  });
});

describe('snapshotFromPlans refuses plans that disagree', () => {
  const { decoded, packingPlan } = wordCount();
  const logicalPlan = decoded.topology.logicalPlan;

  it.each([
    [
      'a packed component the logical plan lacks',
      () =>
        snapshotFromPlans({
          name: 'T',
          logicalPlan: { spouts: logicalPlan.spouts, bolts: {} },
          packingPlan,
        }),
      /unknown component "split"/,
    ],
    [
      'a component without instances',
      () =>
        snapshotFromPlans({
          name: 'T',
          logicalPlan: {
            ...logicalPlan,
            bolts: { ...logicalPlan.bolts, idle: { outputStreams: [], inputs: [] } },
          },
          packingPlan,
        }),
      /Component "idle" has no instance/,
    ],
    [
      'a stream from an unknown component',
      () =>
        snapshotFromPlans({
          name: 'T',
          logicalPlan: {
            ...logicalPlan,
            bolts: {
              ...logicalPlan.bolts,
              count: {
                outputStreams: [],
                inputs: [{ component: 'ghost', stream: 's', grouping: 'SHUFFLE' }],
              },
            },
          },
          packingPlan,
        }),
      /consumes stream "s" of unknown component "ghost"/,
    ],
    [
      'a running instance packed in another container',
      () =>
        snapshotFromPlans({
          name: 'T',
          logicalPlan,
          physicalPlan: decoded.physicalPlan,
          packingPlan: {
            ...packingPlan,
            containers: packingPlan.containers.map((c) => ({ ...c, index: c.index === 1 ? 2 : 1 })),
          },
        }),
      /runs in container_\d but is packed in container \d/,
    ],
    [
      'no physical and no packing plan',
      () => snapshotFromPlans({ name: 'T', logicalPlan }),
      /needs a physical plan or a packing plan/,
    ],
  ])('%s', (_, build, message) => {
    const err = errorOf(build);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(message);
  });

  it('uses the error code it is given (Tracker answers that disagree are 502s)', () => {
    expect(
      errorOf(() => snapshotFromPlans({ name: 'T', logicalPlan }, { errorCode: 'METRICS_BAD_RESPONSE' }))
        .code,
    ).toBe('METRICS_BAD_RESPONSE');
  });
});

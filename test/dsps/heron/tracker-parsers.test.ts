import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHeronStructure } from '../../../src/dsps/heron/heron-structure.js';
import { parseLogicalPlan, toGrouping } from '../../../src/dsps/heron/logical-plan.js';
import { parseMetricValue } from '../../../src/dsps/heron/metric-value.js';
import { parseMetricsTimeline, selectMetricSeries } from '../../../src/dsps/heron/metrics-timeline.js';
import { parsePackingPlan } from '../../../src/dsps/heron/packing-plan.js';
import { parsePhysicalPlan } from '../../../src/dsps/heron/physical-plan.js';
import { parseTopologies } from '../../../src/dsps/heron/topologies-response.js';
import { parseTrackerJson, unwrapTrackerResponse } from '../../../src/dsps/heron/tracker-envelope.js';
import { isAppError } from '../../../src/errors.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/heron-tracker');
const fixture = (name: string): unknown => parseTrackerJson(readFileSync(join(FIXTURES, name), 'utf8'), name);

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : 'NOT_AN_APP_ERROR';
  }
  return undefined;
}

describe('Tracker answers from Apache Heron (real samples)', () => {
  it('topologies.json: cluster → role → environ → names', () => {
    expect(parseTopologies(fixture('topologies.json'))).toEqual([
      { cluster: 'local', environ: 'default', role: 'rli', name: 'ExclamationTopology' },
    ]);
  });

  it('logicalplan.json (bare result)', () => {
    expect(parseLogicalPlan(fixture('logicalplan.json'))).toEqual({
      spouts: { word: { outputStreams: ['default'] } },
      bolts: {
        exclaim1: {
          outputStreams: [],
          inputs: [{ component: 'word', stream: 'default', grouping: 'SHUFFLE' }],
        },
      },
    });
  });

  it('physicalplan.json (envelope with version)', () => {
    const plan = parsePhysicalPlan(fixture('physicalplan.json'));
    expect(plan.instances).toEqual({
      container_1_word_2: {
        id: 'container_1_word_2',
        component: 'word',
        taskId: 2,
        container: 'container_1',
        stmgrId: 'stmgr-1',
      },
      container_1_exclaim1_1: {
        id: 'container_1_exclaim1_1',
        component: 'exclaim1',
        taskId: 1,
        container: 'container_1',
        stmgrId: 'stmgr-1',
      },
    });
    expect(plan.stmgrs['stmgr-1']).toEqual({
      id: 'stmgr-1',
      host: 'tw-mbp-rli',
      port: 61366,
      instanceIds: ['container_1_exclaim1_1', 'container_1_word_2'],
    });
  });

  it('builds the DSPS-neutral structure', () => {
    const structure = buildHeronStructure({
      name: 'ExclamationTopology',
      logicalPlan: parseLogicalPlan(fixture('logicalplan.json')),
      physicalPlan: parsePhysicalPlan(fixture('physicalplan.json')),
    });
    expect(structure.components.word).toEqual({
      name: 'word',
      kind: 'spout',
      outputStreams: ['default'],
      inputs: [],
      instances: ['container_1_word_2'],
    });
    expect(structure.components.exclaim1?.kind).toBe('bolt');
    expect(structure.instances.container_1_exclaim1_1).toEqual({
      id: 'container_1_exclaim1_1',
      component: 'exclaim1',
      taskId: 1,
      container: 'container_1',
      streamManager: 'stmgr-1',
    });
  });
});

describe('the three answer styles', () => {
  it('topologies: oldest cluster → environ nesting, and a FastAPI "null" role', () => {
    expect(parseTopologies(fixture('synthetic-topologies-no-role.json'))).toEqual([
      { cluster: 'aurora', environ: 'prod', name: 'ads_pipeline' },
      { cluster: 'local', environ: 'default', name: 'ExclamationTopology' },
      { cluster: 'local', environ: 'default', name: 'WordCount' },
    ]);
    expect(parseTopologies(fixture('synthetic-topologies-bare.json'))).toEqual([
      { cluster: 'local', environ: 'default', role: 'rli', name: 'ExclamationTopology' },
      { cluster: 'local', environ: 'staging', name: 'Orphan' },
    ]);
  });

  it('bare logical plan (FastAPI field names) and several inputs per bolt', () => {
    const plan = parseLogicalPlan(fixture('synthetic-logicalplan-bare.json'));
    expect(plan.spouts).toEqual({ word: { outputStreams: ['default'] } });
    expect(plan.bolts.exclaim1?.outputStreams).toEqual(['default', 'alerts']);
    expect(plan.bolts.sink_2?.inputs).toEqual([
      { component: 'exclaim1', stream: 'default', grouping: 'FIELDS' },
      { component: 'exclaim1', stream: 'alerts', grouping: 'ALL' },
    ]);
  });

  it('bare physical plan with stmgr_id and a component name with an underscore', () => {
    const plan = parsePhysicalPlan(fixture('synthetic-physicalplan-bare.json'));
    expect(plan.instances.container_2_sink_2_4).toEqual({
      id: 'container_2_sink_2_4',
      component: 'sink_2',
      taskId: 4,
      container: 'container_2',
      stmgrId: 'stmgr-2',
    });
    const structure = buildHeronStructure({
      name: 'x',
      logicalPlan: parseLogicalPlan(fixture('synthetic-logicalplan-bare.json')),
      physicalPlan: plan,
    });
    // sorted by task id, not by the order the Tracker lists them
    expect(structure.components.sink_2?.instances).toEqual(['container_2_sink_2_3', 'container_2_sink_2_4']);
  });

  it('a stream manager is found from instance_ids when the instance does not name it', () => {
    const plan = parsePhysicalPlan({
      instances: { container_4_word_1: { name: 'word' } },
      stmgrs: { 'stmgr-4': { id: 'stmgr-4', instance_ids: ['container_4_word_1'] } },
    });
    expect(plan.instances.container_4_word_1?.stmgrId).toBe('stmgr-4');
  });

  it('packing plan whose result is a JSON string (Heron 0.19–0.20.1) equals the bare one', () => {
    const stringified = parsePackingPlan(fixture('synthetic-packingplan-stringified.json'));
    const bare = parsePackingPlan(fixture('synthetic-packingplan-bare.json'));
    expect(stringified.id).toBe('ExclamationTopology2cd540ae-0f43-4ae5-b304-9055910ff7e7');
    expect(stringified.containers[0]?.instances[1]).toEqual({
      component: 'word',
      taskId: 2,
      componentIndex: 0,
      resources: { cpu: 0.3, ramBytes: 536_870_912, diskBytes: 1_073_741_824 },
    });
    expect(stringified.containers[0]?.scheduledResources).toBeUndefined();
    expect(bare.containers[0]?.scheduledResources).toEqual({
      cpu: 2,
      ramBytes: 2_147_483_648,
      diskBytes: 3_221_225_472,
    });
    expect({ ...bare, containers: bare.containers.map(({ scheduledResources: _, ...c }) => c) }).toEqual(
      stringified,
    );
  });

  it('metrics timeline, envelope with tracker_version: strings, "nan"/""/"NaN" left out, sorted', () => {
    const timeline = parseMetricsTimeline(fixture('synthetic-metricstimeline-envelope.json'));
    expect(timeline.component).toBe('exclaim1');
    expect(timeline.startSec).toBe(1467352800);
    expect(timeline.timeline['__execute-count/word/default']).toEqual({
      container_1_exclaim1_1: [
        [1467352800, 6100],
        [1467352860, 5990],
        [1467352980, 6012],
      ],
    });
    expect(timeline.timeline['__execute-latency/word/default']?.container_1_exclaim1_1).toEqual([
      [1467352800, 41234.5],
      [1467352860, 12758],
    ]);
  });

  it('metrics timeline, bare with floats, Python NaN literal and null', () => {
    const timeline = parseMetricsTimeline(fixture('synthetic-metricstimeline-bare.json'));
    expect(timeline.timeline['__execute-count/word/default']?.container_1_exclaim1_1).toEqual([
      [1467352800, 6100],
      [1467352860, 5990],
      [1467352980, 6012],
    ]);
    expect(timeline.timeline['__jvm-process-cpu-load']?.container_1_exclaim1_1).toEqual([
      [1467352800, 0.233365],
    ]);
  });

  it('a failure envelope saying the topology does not exist is TOPOLOGY_NOT_FOUND', () => {
    const body = fixture('synthetic-failure-topology-not-found.json');
    expect(errorCode(() => parseLogicalPlan(body))).toBe('TOPOLOGY_NOT_FOUND');
    expect(errorCode(() => unwrapTrackerResponse(body, 'x'))).toBe('TOPOLOGY_NOT_FOUND');
  });

  it('other failures and wrong shapes are METRICS_BAD_RESPONSE', () => {
    const failure = { status: 'failure', executiontime: 0.1, message: 'No Tmaster found', version: '1.0.0' };
    expect(errorCode(() => parseMetricsTimeline(failure))).toBe('METRICS_BAD_RESPONSE');
    expect(errorCode(() => parsePhysicalPlan({ instances: { container_1_word_2: { stmgrId: 'x' } } }))).toBe(
      'METRICS_BAD_RESPONSE',
    );
    expect(errorCode(() => parsePhysicalPlan({ instances: { word_2: { name: 'word' } } }))).toBe(
      'METRICS_BAD_RESPONSE',
    );
    expect(errorCode(() => parseTopologies(['local']))).toBe('METRICS_BAD_RESPONSE');
    expect(errorCode(() => parseTrackerJson('<html>502 Bad Gateway</html>', '/topologies'))).toBe(
      'METRICS_BAD_RESPONSE',
    );
    expect(errorCode(() => unwrapTrackerResponse('request failed: boom', 'x'))).toBe('METRICS_BAD_RESPONSE');
    expect(
      errorCode(() => unwrapTrackerResponse("request failed: 'Topology not found for a, b, c'", 'x')),
    ).toBe('TOPOLOGY_NOT_FOUND');
  });
});

describe('metric values', () => {
  it.each([
    ['6012', 6012],
    ['1.2758e+10', 1.2758e10],
    [' 0.5 ', 0.5],
    [0.25, 0.25],
    ['nan', undefined],
    ['NaN', undefined],
    ['inf', undefined],
    ['', undefined],
    [null, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [{}, undefined],
  ])('%j → %j', (raw, expected) => {
    expect(parseMetricValue(raw)).toBe(expected);
  });

  it('grouping names outside the proto enum become CUSTOM', () => {
    expect(toGrouping('fields')).toBe('FIELDS');
    expect(toGrouping('KEY_GROUPING')).toBe('CUSTOM');
  });

  it('selectMetricSeries keeps [start, end), the asked instances, and every asked metric', () => {
    const series = {
      a: {
        i1: [
          [60, 1],
          [120, 2],
          [180, 3],
        ] as Array<[number, number]>,
        i2: [[120, 5]] as Array<[number, number]>,
      },
    };
    expect(
      selectMetricSeries(series, {
        component: 'c',
        metrics: ['a', 'b'],
        instances: ['i1'],
        startSec: 120,
        endSec: 180,
      }),
    ).toEqual({
      a: { i1: [[120, 2]] },
      b: {},
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseComponentPage } from '../../../src/dsps/storm/component-page.js';
import { parseTopologyPage } from '../../../src/dsps/storm/topology-page.js';
import { parseTopologySummary } from '../../../src/dsps/storm/topology-summary.js';
import { groupingFromStorm, parseVisualization } from '../../../src/dsps/storm/visualization.js';

/** The sample component page, loosely typed so tests can break it. */
type ComponentJson = { executorStats: Array<Record<string, unknown>> } & Record<string, unknown>;

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/storm-ui', name), 'utf8'));

describe('Storm UI parsers on the real Apache Storm samples', () => {
  it('reads the topology summary', () => {
    expect(parseTopologySummary(fixture('topology-summary.json'))).toEqual([
      {
        id: 'kafka-ingest-2-9876543210',
        name: 'kafka-ingest',
        status: 'ACTIVE',
        uptimeSec: 208800,
        workersTotal: 3,
        executorsTotal: 15,
        tasksTotal: 15,
      },
      {
        id: 'word-count-1-1234567890',
        name: 'word-count',
        status: 'ACTIVE',
        uptimeSec: 106210,
        workersTotal: 3,
        executorsTotal: 15,
        tasksTotal: 15,
      },
    ]);
  });

  it('reads the topology page, ms strings into numbers', () => {
    const page = parseTopologyPage(fixture('topology-detail.json'));
    expect(page.topologyStats[0]).toEqual({
      window: '600',
      emitted: 12000,
      transferred: 12000,
      acked: 6000,
      failed: 0,
      completeLatencyMs: 5.123,
    });
    expect(page.topologyStats.map((s) => s.window)).toEqual(['600', '10800', '86400', ':all-time']);
    expect(page.spouts).toEqual([
      {
        id: 'spout',
        executors: 3,
        tasks: 3,
        emitted: 2e11,
        transferred: 2e11,
        acked: 1e11,
        failed: 0,
        completeLatencyMs: 4.8,
      },
    ]);
    expect(
      page.bolts.map((b) => [b.id, b.executeLatencyMs, b.processLatencyMs, b.capacity, b.executed]),
    ).toEqual([
      ['split', 0.02, 0.015, 0.15, 2e11],
      ['count', 0.01, 0.008, 0.2, 6e11],
    ]);
    expect(page.workers).toEqual([
      {
        host: 'supervisor-host-1',
        port: 6700,
        supervisorId: 'supervisor-1',
        executorsTotal: 5,
        componentNumTasks: { spout: 1, split: 2, count: 2 },
        assignedMemOnHeapMb: 341.3,
        assignedMemOffHeapMb: 0,
        assignedCpu: 50,
      },
    ]);
  });

  it('reads the component page, executor ids into task ranges', () => {
    const page = parseComponentPage(fixture('component-detail.json'));
    expect(page).toMatchObject({
      id: 'split',
      topologyId: 'word-count-1-1234567890',
      componentType: 'bolt',
      executorCount: 6,
    });
    expect(page.inputs).toEqual([
      {
        component: 'spout',
        stream: 'default',
        executed: 2e11,
        acked: 2e11,
        failed: 0,
        executeLatencyMs: 0.02,
        processLatencyMs: 0.015,
      },
    ]);
    expect(page.outputs).toEqual([{ stream: 'default', emitted: 6e11, transferred: 6e11 }]);
    expect(page.executors).toEqual([
      {
        id: '[2, 2]',
        range: { startTask: 2, endTask: 2 },
        host: 'supervisor-host-1',
        port: 6700,
        emitted: 1e11,
        transferred: 1e11,
        acked: 3.3e10,
        failed: 0,
        executed: 3.3e10,
        executeLatencyMs: 0.02,
        processLatencyMs: 0.015,
        capacity: 0.15,
      },
    ]);
  });

  it.each([
    [
      'a latency that is not a number',
      (p: ComponentJson) => {
        Object.assign(p.executorStats[0] ?? {}, { executeLatency: 'fast' });
      },
      /executorStats\.0\.executeLatency/,
    ],
    [
      'a malformed executor id',
      (p: ComponentJson) => {
        Object.assign(p.executorStats[0] ?? {}, { id: '[2-x]' });
      },
      /not an executor task range/,
    ],
    [
      'a reversed executor id',
      (p: ComponentJson) => {
        Object.assign(p.executorStats[0] ?? {}, { id: '[3-2]' });
      },
      /starts after it ends/,
    ],
    [
      'no executorStats',
      (p: ComponentJson) => {
        (p as Record<string, unknown>).executorStats = undefined;
      },
      /executorStats/,
    ],
  ])('rejects a component page with %s as METRICS_BAD_RESPONSE', (_, mutate, message) => {
    const page = fixture('component-detail.json');
    mutate(page as ComponentJson);
    expect(() => parseComponentPage(page)).toThrow(
      expect.objectContaining({ code: 'METRICS_BAD_RESPONSE', message: expect.stringMatching(message) }),
    );
  });

  it('treats null stats (an executor without stats yet) as zero counts and no latency', () => {
    const page = fixture('component-detail.json') as ComponentJson;
    Object.assign(page.executorStats[0] ?? {}, {
      emitted: null,
      executed: null,
      executeLatency: null,
      capacity: null,
    });
    const parsed = parseComponentPage(page).executors[0];
    expect(parsed).toMatchObject({ emitted: 0, executed: 0 });
    expect(parsed?.executeLatencyMs).toBeUndefined();
    expect(parsed?.capacity).toBeUndefined();
  });

  it('reads groupings from the visualization', () => {
    expect(
      parseVisualization({
        spout: { ':type': 'spout', ':inputs': [] },
        split: {
          ':inputs': [{ ':component': 'spout', ':stream': 'default', ':grouping': 'local_or_shuffle' }],
        },
      }),
    ).toEqual({
      spout: [],
      split: [{ source: 'spout', stream: 'default', stormGrouping: 'local_or_shuffle', grouping: 'SHUFFLE' }],
    });
    expect(
      ['shuffle', 'fields', 'all', 'none', 'direct', 'custom_serialized', 'partial_key', undefined].map(
        groupingFromStorm,
      ),
    ).toEqual(['SHUFFLE', 'FIELDS', 'ALL', 'NONE', 'DIRECT', 'CUSTOM', 'CUSTOM', 'CUSTOM']);
  });
});

import { describe, expect, it } from 'vitest';
import { stormAdapter } from '../../../src/dsps/storm/storm-adapter.js';
import {
  decodeStormAssignment,
  type StormAssignment,
  stormAssignmentJsonSchema,
  stormAssignmentOf,
} from '../../../src/dsps/storm/storm-assignment.js';
import { canonicalPlanHash } from '../../../src/topology/canonical-plan-hash.js';
import type { PackingPlan } from '../../../src/topology/packing-plan.js';
import { instancesOfPlan } from '../../../src/topology/planned-instances.js';
import type { TopologyStructure } from '../../../src/topology/topology-structure.js';

const TOPOLOGY_ID = 'synthetic-word-count-7-1700000000';
const MIB = 2 ** 20;

/** The fake Storm UI's synthetic word count: sentence [1-2],[3-4]; split [5-6],[7-8],[9-10]; count 11..14. */
function wordCount(): TopologyStructure {
  const executors: Array<[string, number, number]> = [
    ['sentence', 1, 2],
    ['sentence', 3, 4],
    ['split', 5, 6],
    ['split', 7, 8],
    ['split', 9, 10],
    ['count', 11, 11],
    ['count', 12, 12],
    ['count', 13, 13],
    ['count', 14, 14],
  ];
  const instances = Object.fromEntries(
    executors.map(([component, taskId, lastTaskId]) => {
      const id = `${component}:[${taskId}-${lastTaskId}]`;
      return [id, { id, component, taskId, lastTaskId, container: 'supervisor-a:6700' }];
    }),
  );
  const ids = (c: string) => executors.filter(([n]) => n === c).map(([n, s, e]) => `${n}:[${s}-${e}]`);
  return {
    name: 'synthetic-word-count',
    id: TOPOLOGY_ID,
    components: {
      sentence: {
        name: 'sentence',
        kind: 'spout',
        outputStreams: ['default'],
        inputs: [],
        instances: ids('sentence'),
      },
      split: {
        name: 'split',
        kind: 'bolt',
        outputStreams: ['default'],
        inputs: [{ component: 'sentence', stream: 'default', grouping: 'SHUFFLE' }],
        instances: ids('split'),
      },
      count: {
        name: 'count',
        kind: 'bolt',
        outputStreams: ['default'],
        inputs: [{ component: 'split', stream: 'default', grouping: 'FIELDS' }],
        instances: ids('count'),
      },
    },
    instances,
  };
}

/** split re-partitioned into two executors, [5-7] and [8-10]; the slots written out of order. */
function proposed(): StormAssignment {
  return {
    topology_id: TOPOLOGY_ID,
    workers: [
      {
        node_id: 'supervisor-b',
        port: 6700,
        executors: [
          [5, 7],
          [11, 11],
          [14, 14],
        ],
        mem_on_heap: 768,
        cpu: 100,
      },
      {
        node_id: 'supervisor-a',
        port: 6700,
        executors: [
          [1, 2],
          [8, 10],
          [12, 12],
        ],
        mem_on_heap: 512,
        mem_off_heap: 256,
        cpu: 100,
      },
      {
        node_id: 'supervisor-a',
        port: 6701,
        executors: [
          [3, 4],
          [13, 13],
        ],
      },
    ],
  };
}

type Body = Record<string, unknown> & { workers: Array<Record<string, unknown> & { executors: unknown[] }> };
const body = () => proposed() as unknown as Body;

const bad: Array<[string, () => unknown, string, string[]]> = [
  [
    'a range that starts after it ends',
    () => {
      const b = body();
      b.workers[1]?.executors.splice(1, 1, [10, 8]);
      return b;
    },
    'body.workers[1].executors[1]',
    ['[10, 8] starts after it ends (10 > 8)'],
  ],
  [
    'a negative task id',
    () => {
      const b = body();
      b.workers[1]?.executors.splice(0, 1, [-1, 2]);
      return b;
    },
    'body.workers[1].executors[0][0]',
    ['task ids start at 1'],
  ],
  [
    'a task id that is not a whole number',
    () => {
      const b = body();
      b.workers[1]?.executors.splice(0, 1, [1, 2.5]);
      return b;
    },
    'body.workers[1].executors[0][1]',
    ['a task id is a whole number'],
  ],
  [
    'an executor that is not a pair',
    () => {
      const b = body();
      b.workers[2]?.executors.splice(0, 1, [3, 4, 5]);
      return b;
    },
    'body.workers[2].executors[0]',
    ['an executor is a pair [start_task, end_task]'],
  ],
  [
    'negative memory',
    () => {
      const b = body();
      if (b.workers[0]) b.workers[0].mem_on_heap = -1;
      return b;
    },
    'body.workers[0].mem_on_heap',
    ['memory is ≥ 0 MB'],
  ],
  [
    'a port out of range',
    () => {
      const b = body();
      if (b.workers[2]) b.workers[2].port = 70000;
      return b;
    },
    'body.workers[2].port',
    ['a port is 1–65535'],
  ],
  [
    'an empty node id',
    () => {
      const b = body();
      if (b.workers[2]) b.workers[2].node_id = '';
      return b;
    },
    'body.workers[2].node_id',
    ['a node id is a non-empty string'],
  ],
  [
    'an unknown task',
    () => {
      const b = body();
      b.workers[2]?.executors.push([99, 99]);
      return b;
    },
    'body.workers[2].executors[2]',
    ['runs task 99, which no component of synthetic-word-count has', 'sentence 1-4, split 5-10, count 11-14'],
  ],
  [
    'a range running past the last task',
    () => {
      const b = body();
      b.workers[0]?.executors.splice(2, 1, [14, 20]);
      return b;
    },
    'body.workers[0].executors[2]',
    ['runs tasks 15-20, which no component'],
  ],
  [
    'a range spanning two components',
    () => {
      const b = body();
      b.workers[1]?.executors.splice(1, 1, [8, 11]);
      b.workers[0]?.executors.splice(1, 1);
      return b;
    },
    'body.workers[1].executors[1]',
    ['[8, 11] spans split (8-10) and count (11); an executor runs tasks of one component'],
  ],
  [
    'executors on two workers sharing tasks',
    () => {
      const b = body();
      b.workers[0]?.executors.push([2, 3]);
      return b;
    },
    'body.workers[0].executors[3]',
    [
      'workers[1].executors[0] [1-2] and workers[0].executors[3] [2-3]',
      'workers[0].executors[3] [2-3] and workers[2].executors[0] [3-4] share tasks',
    ],
  ],
  [
    'the same executor twice',
    () => {
      const b = body();
      b.workers[2]?.executors.push([12, 12]);
      return b;
    },
    'body.workers[2].executors[2]',
    ['workers[1].executors[2] [12-12] and workers[2].executors[2] [12-12] share tasks'],
  ],
  [
    'tasks in no executor',
    () => {
      const b = body();
      b.workers[1]?.executors.splice(1, 2);
      b.workers[2]?.executors.splice(1, 1);
      return b;
    },
    'body.workers',
    ['tasks in no executor: split 8-10; count 12-13'],
  ],
  [
    'a worker slot given twice',
    () => {
      const b = body();
      if (b.workers[2]) b.workers[2].port = 6700;
      return b;
    },
    'body.workers[2]',
    ['worker slot supervisor-a:6700 (node_id "supervisor-a", port 6700) is also workers[1]'],
  ],
  [
    "another topology's id",
    () => ({ ...body(), topology_id: 'word-count-1-1234567890' }),
    'body.topology_id',
    ['"word-count-1-1234567890", but synthetic-word-count runs as "synthetic-word-count-7-1700000000"'],
  ],
  [
    'no worker slots',
    () => ({ workers: [] }),
    'body.workers',
    ['an assignment has at least one worker slot'],
  ],
  [
    'a worker without executors',
    () => {
      const b = body();
      if (b.workers[2]) b.workers[2].executors = [];
      return b;
    },
    'body.workers[2].executors',
    ['a worker runs at least one executor'],
  ],
  [
    'an extra property on a worker',
    () => {
      const b = body();
      if (b.workers[0]) b.workers[0].memory = 1024;
      return b;
    },
    'body.workers[0].memory',
    ['unknown property "memory"'],
  ],
  [
    'an extra property at the top',
    () => ({ ...body(), executors: [] }),
    'body.executors',
    ['unknown property "executors"'],
  ],
  ['no object at all', () => 'workers', 'body', ['body:']],
];

describe('decodeStormAssignment', () => {
  it.each(bad)('rejects %s with a 400 naming the field', (_, make, field, parts) => {
    let thrown: unknown;
    try {
      decodeStormAssignment(make(), wordCount());
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, details: { field } });
    const message = (thrown as Error).message;
    expect(message.startsWith(`${field}:`), message).toBe(true);
    for (const part of parts) expect(message).toContain(part);
  });

  it('decodes an assignment re-partitioning a component into a plan of worker slots', () => {
    const plan = decodeStormAssignment(proposed(), wordCount());
    const third = { cpuCores: 1 / 3, ramBytes: (768 * MIB) / 3, diskBytes: 0 };
    const none = { cpuCores: 0, ramBytes: 0, diskBytes: 0 };
    const worker = { cpuCores: 1, ramBytes: 768 * MIB, diskBytes: 0 };
    expect(plan).toEqual({
      topologyId: TOPOLOGY_ID,
      containers: [
        {
          index: 0,
          name: 'supervisor-a:6700',
          instances: [
            { component: 'sentence', taskId: 1, lastTaskId: 2, componentIndex: 0, resources: third },
            { component: 'split', taskId: 8, lastTaskId: 10, componentIndex: 1, resources: third },
            { component: 'count', taskId: 12, lastTaskId: 12, componentIndex: 1, resources: third },
          ],
          requiredResources: worker,
        },
        {
          index: 1,
          name: 'supervisor-a:6701',
          instances: [
            { component: 'sentence', taskId: 3, lastTaskId: 4, componentIndex: 1, resources: none },
            { component: 'count', taskId: 13, lastTaskId: 13, componentIndex: 2, resources: none },
          ],
          requiredResources: none,
        },
        {
          index: 2,
          name: 'supervisor-b:6700',
          instances: [
            { component: 'split', taskId: 5, lastTaskId: 7, componentIndex: 0, resources: third },
            { component: 'count', taskId: 11, lastTaskId: 11, componentIndex: 0, resources: third },
            { component: 'count', taskId: 14, lastTaskId: 14, componentIndex: 3, resources: third },
          ],
          requiredResources: worker,
        },
      ],
    } satisfies PackingPlan);
  });

  it("names the plan's instances and containers as Storm does", () => {
    const instances = instancesOfPlan(decodeStormAssignment(proposed(), wordCount()), stormAdapter);
    expect(instances.filter((i) => i.component === 'split')).toEqual([
      { id: 'split:[5-7]', component: 'split', taskId: 5, lastTaskId: 7, container: 'supervisor-b:6700' },
      { id: 'split:[8-10]', component: 'split', taskId: 8, lastTaskId: 10, container: 'supervisor-a:6700' },
    ]);
  });

  it('accepts an assignment without topology id', () => {
    const { topology_id: _, ...rest } = proposed();
    expect(decodeStormAssignment(rest, wordCount()).topologyId).toBe(TOPOLOGY_ID);
  });

  it('hashes alike an equivalent assignment: slots and executors reordered, slots renamed', () => {
    const original = proposed();
    const permuted: StormAssignment = {
      workers: [...original.workers].reverse().map((w, i) => ({
        ...w,
        node_id: `node-${9 - i}`,
        port: 6800 + i,
        executors: [...w.executors].reverse(),
      })),
    };
    const hash = canonicalPlanHash(decodeStormAssignment(original, wordCount()));
    expect(canonicalPlanHash(decodeStormAssignment(permuted, wordCount()))).toBe(hash);

    const regrouped = proposed();
    regrouped.workers[0]?.executors.splice(0, 1, [5, 6], [7, 7]);
    expect(canonicalPlanHash(decodeStormAssignment(regrouped, wordCount()))).not.toBe(hash);
  });
});

describe('stormAssignmentOf', () => {
  it('turns a decoded plan back into the assignment, memory on heap, and decodes to the same plan', () => {
    const plan = decodeStormAssignment(proposed(), wordCount());
    const assignment = stormAssignmentOf(plan);
    expect(assignment).toEqual({
      topology_id: TOPOLOGY_ID,
      workers: [
        {
          node_id: 'supervisor-a',
          port: 6700,
          executors: [
            [1, 2],
            [8, 10],
            [12, 12],
          ],
          mem_on_heap: 768,
          cpu: 100,
        },
        {
          node_id: 'supervisor-a',
          port: 6701,
          executors: [
            [3, 4],
            [13, 13],
          ],
        },
        {
          node_id: 'supervisor-b',
          port: 6700,
          executors: [
            [5, 7],
            [11, 11],
            [14, 14],
          ],
          mem_on_heap: 768,
          cpu: 100,
        },
      ],
    } satisfies StormAssignment);
    expect(decodeStormAssignment(assignment, wordCount())).toEqual(plan);
  });

  it('refuses a plan whose containers are not worker slots (a Heron plan)', () => {
    const plan = decodeStormAssignment(proposed(), wordCount());
    const heron = { ...plan, containers: plan.containers.map(({ name: _, ...c }) => c) };
    expect(() => stormAssignmentOf(heron)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('stormAssignmentJsonSchema', () => {
  it('describes the request body for OpenAPI, without $schema', () => {
    const schema = stormAssignmentJsonSchema() as {
      $schema?: string;
      type: string;
      required: string[];
      additionalProperties: boolean;
      properties: { workers: { items: { properties: Record<string, { description?: string }> } } };
    };
    expect(schema.$schema).toBeUndefined();
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['workers']);
    expect(schema.additionalProperties).toBe(false);
    const worker = schema.properties.workers.items.properties;
    expect(Object.keys(worker).sort()).toEqual([
      'cpu',
      'executors',
      'mem_off_heap',
      'mem_on_heap',
      'node_id',
      'port',
    ]);
    expect(worker.cpu?.description).toContain('100 = 1 core');
    expect(worker.mem_on_heap?.description).toContain('MB');
  });
});

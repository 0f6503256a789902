import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyseCrossContainerTraffic } from '../../src/graph/analysis/cross-container-traffic.js';
import { analyseInstancePaths } from '../../src/graph/analysis/instance-paths.js';
import { loadPlanGraph } from '../../src/graph/analysis/plan-graph.js';
import { analyseRouting, type ExecuteCounts } from '../../src/graph/analysis/routing-probabilities.js';
import type { EdgeRecord, GraphClient, VertexRecord } from '../../src/graph/graph-client.js';
import { CURRENT_PLAN, EDGE_LABEL, VERTEX_LABEL } from '../../src/graph/graph-schema.js';
import { TopologyGraphStore } from '../../src/graph/topology-graph-store.js';
import { type SyntheticTopology, syntheticSnapshot } from './support/synthetic-topology.js';

/**
 * The contract every GraphClient backend passes: the primitives (idempotent upserts, queries, drops), the
 * topology graph built on them (schema, freshness, several plans side by side), and every analysis — with
 * exact expected values, so two backends that pass it agree on every analysis.
 *
 * @param open creates a connected client for one test file; it is closed after the file.
 */
export function graphClientContract(name: string, open: () => Promise<GraphClient>): void {
  describe(`GraphClient contract: ${name}`, () => {
    let client: GraphClient;
    const topologies: string[] = [];
    /** A topology id no other test (or concurrent test file on a shared server) uses. */
    const uniqueTopology = (label: string) => {
      const id = `t-${label}-${randomUUID().slice(0, 8)}`;
      topologies.push(id);
      return id;
    };

    beforeAll(async () => {
      client = await open();
    });
    afterEach(async () => {
      for (const topologyId of topologies.splice(0)) await client.dropVertices({ has: { topologyId } });
    });
    afterAll(async () => {
      await client?.close();
    });

    describe('primitives', () => {
      const vertex = (
        topologyId: string,
        id: string,
        label = 'bolt',
        extra: VertexRecord['properties'] = {},
      ) => ({
        id: `${topologyId}|${id}`,
        label,
        properties: { topologyId, planRef: CURRENT_PLAN, name: id, ...extra },
      });
      const edge = (
        topologyId: string,
        from: string,
        to: string,
        extra: EdgeRecord['properties'] = {},
      ): EdgeRecord => ({
        id: `${topologyId}|${from}>${to}`,
        label: 'logically_connected',
        outV: `${topologyId}|${from}`,
        inV: `${topologyId}|${to}`,
        properties: { topologyId, planRef: CURRENT_PLAN, ...extra },
      });

      it('stores vertices with string, integer, large integer, fractional and boolean properties', async () => {
        const t = uniqueTopology('types');
        const v = vertex(t, 'a', 'spout', { taskId: 7, ramBytes: 2 ** 50, cpuCores: 0.25, ready: true });
        await client.upsertVertices([v]);
        expect(await client.vertices({ has: { topologyId: t } })).toEqual([v]);
      });

      it('upserts idempotently: a second write adds nothing and overwrites the properties it names', async () => {
        const t = uniqueTopology('idempotent');
        await client.upsertVertices([vertex(t, 'a', 'bolt', { x: 1, keep: 'yes' }), vertex(t, 'b')]);
        await client.upsertVertices([vertex(t, 'a', 'bolt', { x: 2 }), vertex(t, 'b')]);
        await client.upsertEdges([edge(t, 'a', 'b', { p: 0.5 })]);
        await client.upsertEdges([edge(t, 'a', 'b', { p: 0.25 })]);
        expect(await client.countVertices({ has: { topologyId: t } })).toBe(2);
        const [a] = await client.vertices({ has: { topologyId: t, name: 'a' } });
        expect(a?.properties).toMatchObject({ x: 2, keep: 'yes' });
        expect(await client.edges({ has: { topologyId: t } })).toEqual([edge(t, 'a', 'b', { p: 0.25 })]);
      });

      it('filters by labels and properties, and returns elements sorted by id', async () => {
        const t = uniqueTopology('filters');
        await client.upsertVertices([
          vertex(t, 'c', 'bolt'),
          vertex(t, 'a', 'spout'),
          vertex(t, 'b', 'container'),
        ]);
        const ids = (vs: VertexRecord[]) => vs.map((v) => v.id.split('|')[1]);
        expect(ids(await client.vertices({ has: { topologyId: t } }))).toEqual(['a', 'b', 'c']);
        expect(ids(await client.vertices({ labels: ['spout', 'bolt'], has: { topologyId: t } }))).toEqual([
          'a',
          'c',
        ]);
        expect(ids(await client.vertices({ labels: ['container'], has: { topologyId: t } }))).toEqual(['b']);
        expect(await client.vertices({ has: { topologyId: t, name: 'nope' } })).toEqual([]);
        expect(await client.countVertices({ labels: ['bolt'], has: { topologyId: t } })).toBe(1);
      });

      it('refuses an edge whose end vertex does not exist', async () => {
        const t = uniqueTopology('dangling');
        await client.upsertVertices([vertex(t, 'a')]);
        await expect(client.upsertEdges([edge(t, 'a', 'ghost')])).rejects.toThrow(/ghost/);
        expect(await client.countEdges({ has: { topologyId: t } })).toBe(0);
      });

      it('refuses a vertex id reused with another label', async () => {
        const t = uniqueTopology('relabel');
        await client.upsertVertices([vertex(t, 'a', 'spout')]);
        await expect(client.upsertVertices([vertex(t, 'a', 'bolt')])).rejects.toThrow();
      });

      it('writes more elements than one batch holds', async () => {
        const t = uniqueTopology('batches');
        const vertices = Array.from({ length: 1234 }, (_, i) => vertex(t, `v${String(i).padStart(4, '0')}`));
        await client.upsertVertices(vertices);
        await client.upsertEdges(
          vertices
            .slice(1)
            .map((v, i) => edge(t, `v${String(i).padStart(4, '0')}`, v.properties.name as string)),
        );
        expect(await client.countVertices({ has: { topologyId: t } })).toBe(1234);
        expect(await client.countEdges({ has: { topologyId: t } })).toBe(1233);
      });

      it('drops matching vertices with every edge touching them, and nothing else', async () => {
        const t = uniqueTopology('drop');
        const other = uniqueTopology('drop-other');
        await client.upsertVertices([vertex(t, 'a'), vertex(t, 'b'), vertex(other, 'a')]);
        await client.upsertEdges([edge(t, 'a', 'b'), edge(other, 'a', 'a')]);
        expect(await client.dropVertices({ has: { topologyId: t, name: 'b' } })).toBe(1);
        expect(await client.countEdges({ has: { topologyId: t } })).toBe(0);
        expect(await client.countVertices({ has: { topologyId: t } })).toBe(1);
        expect(await client.countVertices({ has: { topologyId: other } })).toBe(1);
        expect(await client.countEdges({ has: { topologyId: other } })).toBe(1);
      });
    });

    describe('topology graph', () => {
      it('builds the documented schema for a word count (2 containers)', async () => {
        const topologyId = uniqueTopology('schema');
        const store = new TopologyGraphStore(client);
        const result = await store.ensure(syntheticSnapshot(wordCount()), { topologyId });
        expect(result).toMatchObject({ rebuilt: true, scope: { topologyId, planRef: CURRENT_PLAN } });
        const has = { topologyId, planRef: CURRENT_PLAN };
        const count = async (label: string) => client.countVertices({ labels: [label], has });
        expect(await count(VERTEX_LABEL.topology)).toBe(1);
        expect(await count(VERTEX_LABEL.container)).toBe(2);
        expect(await count(VERTEX_LABEL.streamManager)).toBe(2);
        expect(await count(VERTEX_LABEL.spout)).toBe(2);
        expect(await count(VERTEX_LABEL.bolt)).toBe(4);
        const edges = async (label: string) => client.countEdges({ labels: [label], has });
        expect(await edges(EDGE_LABEL.logicallyConnected)).toBe(4 + 4);
        // 6 instances × (to and from their stream manager) + stmgr-1 ⇄ stmgr-2.
        expect(await edges(EDGE_LABEL.physicallyConnected)).toBe(12 + 2);
        // 6 instances and 2 stream managers in containers, 2 containers in the topology.
        expect(await edges(EDGE_LABEL.isWithin)).toBe(10);

        const [spout] = await client.vertices({ labels: ['spout'], has: { ...has, taskId: 1 } });
        expect(spout?.properties).toMatchObject({
          instanceId: 'container_1_sentence_1',
          component: 'sentence',
          componentIndex: 0,
          container: 'container_1',
          streamManager: 'stmgr-1',
          cpuCores: 0.5,
          ramBytes: 256 * 1024 ** 2,
        });
        const fields = await client.edges({
          labels: [EDGE_LABEL.logicallyConnected],
          has: { ...has, grouping: 'FIELDS' },
        });
        expect(fields).toHaveLength(4);
        expect(fields[0]?.properties).toMatchObject({
          stream: 'default',
          groupingFields: '["word"]',
          sourceComponent: 'split',
        });
      });

      it('rebuilds only when the plan changed, and keeps proposed plans beside the current one', async () => {
        const topologyId = uniqueTopology('fresh');
        const store = new TopologyGraphStore(client);
        const current = syntheticSnapshot(wordCount());
        expect((await store.ensure(current, { topologyId })).rebuilt).toBe(true);
        expect((await store.ensure(syntheticSnapshot(wordCount()), { topologyId })).rebuilt).toBe(false);

        // The same topology on three containers: another physical plan, rebuilt in place.
        const moved = syntheticSnapshot({ ...wordCount(), containers: 3 });
        expect((await store.ensure(moved, { topologyId })).rebuilt).toBe(true);
        const has = { topologyId, planRef: CURRENT_PLAN };
        expect(await client.countVertices({ labels: ['container'], has })).toBe(3);
        expect(await client.countVertices({ labels: ['spout', 'bolt'], has })).toBe(6);

        // A proposed plan lives under its canonical hash, beside the current one.
        const proposed = syntheticSnapshot({ ...wordCount(), containers: 1 });
        const result = await store.ensure(proposed, { topologyId, planRef: proposed.planHash });
        expect(result.scope.planRef).toBe(proposed.planHash);
        expect((await store.plans(topologyId)).map((p) => p.planRef)).toEqual(
          [CURRENT_PLAN, proposed.planHash].sort(),
        );
        expect(
          await client.countVertices({
            labels: ['container'],
            has: { topologyId, planRef: proposed.planHash },
          }),
        ).toBe(1);

        expect(await store.prune(topologyId, [CURRENT_PLAN])).toEqual([proposed.planHash]);
        expect((await store.plans(topologyId)).map((p) => p.planRef)).toEqual([CURRENT_PLAN]);
        expect(await client.countEdges({ has: { topologyId, planRef: proposed.planHash } })).toBe(0);
      });

      it('rebuilds a graph whose build died half-way (no fingerprint yet)', async () => {
        const topologyId = uniqueTopology('half');
        const store = new TopologyGraphStore(client);
        const snapshot = syntheticSnapshot(wordCount());
        await client.upsertVertices([
          { id: 'x', label: 'topology', properties: { topologyId, planRef: CURRENT_PLAN } },
        ]);
        expect((await store.ensure(snapshot, { topologyId })).rebuilt).toBe(true);
        expect(await client.countVertices({ labels: ['topology'], has: { topologyId } })).toBe(1);
      });

      it('shares one build between concurrent ensures of the same plan', async () => {
        const topologyId = uniqueTopology('concurrent');
        const store = new TopologyGraphStore(client);
        const snapshot = syntheticSnapshot(wordCount());
        const results = await Promise.all([
          store.ensure(snapshot, { topologyId }),
          store.ensure(snapshot, { topologyId }),
        ]);
        expect(results[0]).toBe(results[1]);
        expect(await client.countVertices({ has: { topologyId } })).toBe(11);
      });
    });

    describe('analyses', () => {
      const build = async (spec: SyntheticTopology, label: string, executeCounts?: ExecuteCounts) => {
        const topologyId = uniqueTopology(label);
        const snapshot = syntheticSnapshot(spec);
        const store = new TopologyGraphStore(client);
        const { scope } = await store.ensure(snapshot, {
          topologyId,
          ...(executeCounts ? { executeCounts } : {}),
        });
        /** The instance id of a component's instance, by component index. */
        const id = (component: string, index: number): string =>
          snapshot.components[component]?.instances.find(
            (i) => snapshot.instances[i]?.componentIndex === index,
          ) ?? '';
        return { scope, id };
      };

      it('routing probabilities per grouping: shuffle/none 1/n, all 1, lowest 1|0, fields and direct measured, custom assumed uniform', async () => {
        const { scope, id } = await build(everyGrouping(), 'routing');
        const executeCounts: ExecuteCounts = {
          [id('fields', 0)]: { 'spout/default': 10 },
          [id('fields', 1)]: { 'spout/default': 20 },
          [id('fields', 2)]: { 'spout/default': 10 },
          [id('direct', 0)]: { 'spout/direct': 3 },
          [id('direct', 1)]: { 'spout/direct': 1 },
          // Counts of another stream or component do not count.
          [id('custom', 0)]: { 'other/default': 99 },
        };
        const routed = await analyseRouting(client, scope, { executeCounts });
        const spout = id('spout', 1);
        const from = (component: string) =>
          Object.fromEntries(
            routed
              .filter((e) => e.source === spout && e.targetComponent === component)
              .map((e) => [e.target, [e.routingProbability, e.routingBasis]]),
          );
        const third = 1 / 3;
        expect(from('shuffle')).toEqual({
          [id('shuffle', 0)]: [third, 'grouping'],
          [id('shuffle', 1)]: [third, 'grouping'],
          [id('shuffle', 2)]: [third, 'grouping'],
        });
        expect(from('none')).toEqual({
          [id('none', 0)]: [0.5, 'grouping'],
          [id('none', 1)]: [0.5, 'grouping'],
        });
        expect(from('all')).toEqual({ [id('all', 0)]: [1, 'grouping'], [id('all', 1)]: [1, 'grouping'] });
        // LOWEST: one edge, to the instance with the lowest task id.
        expect(from('lowest')).toEqual({ [id('lowest', 0)]: [1, 'grouping'] });
        expect(from('fields')).toEqual({
          [id('fields', 0)]: [0.25, 'measured'],
          [id('fields', 1)]: [0.5, 'measured'],
          [id('fields', 2)]: [0.25, 'measured'],
        });
        expect(from('direct')).toEqual({
          [id('direct', 0)]: [0.75, 'measured'],
          [id('direct', 1)]: [0.25, 'measured'],
        });
        expect(from('custom')).toEqual({
          [id('custom', 0)]: [0.5, 'assumed-uniform'],
          [id('custom', 1)]: [0.5, 'assumed-uniform'],
        });
        // Written onto the graph: a fresh read sees them.
        const stored = await loadPlanGraph(client, scope);
        expect(stored.logicalEdges.map((e) => [e.id, e.routingProbability, e.routingBasis])).toEqual(
          [...routed]
            .sort((a, b) => (a.id < b.id ? -1 : 1))
            .map((e) => [e.id, e.routingProbability, e.routingBasis]),
        );
      });

      it('without measurements, fields and direct are assumed uniform until counts arrive', async () => {
        const { scope, id } = await build(everyGrouping(), 'routing-none');
        const graph = await loadPlanGraph(client, scope);
        const edge = graph.logicalEdges.find(
          (e) => e.source === id('spout', 0) && e.target === id('fields', 1),
        );
        expect(edge).toMatchObject({
          routingProbability: 1 / 3,
          routingBasis: 'assumed-uniform',
          grouping: 'FIELDS',
        });
      });

      it('the fraction of traffic crossing containers, per edge, per stream and overall', async () => {
        const { scope, id } = await build(wordCount(), 'crossing');
        await analyseRouting(client, scope, {
          executeCounts: {
            [id('count', 0)]: { 'split/default': 3 },
            [id('count', 1)]: { 'split/default': 1 },
          },
        });
        const traffic = await analyseCrossContainerTraffic(client, scope);
        // Containers: 1 = {sentence 0, split 0, count 0}, 2 = {sentence 1, split 1, count 1}.
        const edge = traffic.edges.find((e) => e.source === id('split', 0) && e.target === id('count', 1));
        expect(edge).toMatchObject({
          sourceContainer: 'container_1',
          targetContainer: 'container_2',
          routingProbability: 0.25,
          crossesContainers: true,
        });
        expect(traffic.streams).toEqual([
          {
            sourceComponent: 'sentence',
            stream: 'default',
            targetComponent: 'split',
            crossContainerFraction: 0.5,
          },
          // split 0 sends 1/4 across, split 1 sends 3/4 across: (0.25 + 0.75) / 2.
          {
            sourceComponent: 'split',
            stream: 'default',
            targetComponent: 'count',
            crossContainerFraction: 0.5,
          },
        ]);
        expect(traffic.crossContainerFraction).toBeCloseTo(0.5, 12);
        // split 0 emits three times what split 1 emits: (3 × 0.25 + 1 × 0.75) / 4.
        const weighted = await analyseCrossContainerTraffic(client, scope, {
          emitWeights: { [id('split', 0)]: 3, [id('split', 1)]: 1 },
        });
        expect(weighted.streams[1]?.crossContainerFraction).toBeCloseTo(0.375, 12);
        // Overall: sentence (2 tuples, 1 across) + split (4 tuples, 1.5 across) = 2.5 / 6.
        expect(weighted.crossContainerFraction).toBeCloseTo(2.5 / 6, 12);
      });

      it('spout → sink instance paths with their probabilities', async () => {
        const { scope, id } = await build(wordCount(), 'paths');
        await analyseRouting(client, scope, {
          executeCounts: {
            [id('count', 0)]: { 'split/default': 3 },
            [id('count', 1)]: { 'split/default': 1 },
          },
        });
        const result = await analyseInstancePaths(client, scope);
        expect(result).toMatchObject({ truncated: false, cyclesCut: 0 });
        expect(result.paths).toHaveLength(8);
        expect(result.paths[0]).toEqual({
          instances: [id('sentence', 0), id('split', 0), id('count', 0)],
          streams: ['default', 'default'],
          probability: 0.5 * 0.75,
        });
        for (const spout of [id('sentence', 0), id('sentence', 1)]) {
          const total = result.paths
            .filter((p) => p.instances[0] === spout)
            .reduce((sum, p) => sum + p.probability, 0);
          expect(total).toBeCloseTo(1, 12);
        }
      });

      it('paths end on topologies with cycles: never revisit an instance, count the cycles cut', async () => {
        const { scope, id } = await build(withCycle(), 'cycle');
        const result = await analyseInstancePaths(client, scope);
        expect(result.truncated).toBe(false);
        expect(result.cyclesCut).toBeGreaterThan(0);
        for (const path of result.paths) {
          expect(new Set(path.instances).size).toBe(path.instances.length);
          expect(path.instances.at(-1)).toMatch(/_sink_/);
        }
        // spout → a → b → sink, and spout → a → b → a' → b' → sink through the loop stream.
        expect(result.paths.some((p) => p.instances.length === 4)).toBe(true);
        expect(result.paths.some((p) => p.instances.length === 6)).toBe(true);
        expect(result.paths.every((p) => p.instances[0] === id('spout', 0))).toBe(true);
      });

      it('paths of a cycle with no way out: none, and the search ends', async () => {
        const { scope } = await build(closedLoop(), 'loop');
        const result = await analyseInstancePaths(client, scope);
        expect(result).toEqual({ paths: [], truncated: false, cyclesCut: expect.any(Number) });
        expect(result.cyclesCut).toBeGreaterThan(0);
      });

      it('paths stop at the limits and say so', async () => {
        const { scope } = await build(wordCount(), 'limits');
        expect(await analyseInstancePaths(client, scope, { maxPaths: 3 })).toMatchObject({ truncated: true });
        expect((await analyseInstancePaths(client, scope, { maxPaths: 3 })).paths).toHaveLength(3);
        expect((await analyseInstancePaths(client, scope, { maxSteps: 2 })).truncated).toBe(true);
        expect(await analyseInstancePaths(client, scope, { maxLength: 2 })).toEqual({
          paths: [],
          truncated: true,
          cyclesCut: 0,
        });
      });
    });
  });
}

/** sentence (2) → split (2, shuffle) → count (2, fields on "word"), dealt over 2 containers. */
export function wordCount(): SyntheticTopology {
  return {
    name: 'WordCount',
    containers: 2,
    components: [
      { name: 'sentence', kind: 'spout', parallelism: 2 },
      { name: 'split', kind: 'bolt', parallelism: 2 },
      { name: 'count', kind: 'bolt', parallelism: 2 },
    ],
    streams: [
      { source: 'sentence', target: 'split', grouping: 'SHUFFLE' },
      { source: 'split', target: 'count', grouping: 'FIELDS', groupingFields: ['word'] },
    ],
  };
}

/** spout (1) → a (2) → b (2) → sink (1), and b → a again on stream "loop": a legal cycle. */
export function withCycle(): SyntheticTopology {
  return {
    name: 'Cycle',
    containers: 2,
    components: [
      { name: 'spout', kind: 'spout', parallelism: 1 },
      { name: 'a', kind: 'bolt', parallelism: 2 },
      { name: 'b', kind: 'bolt', parallelism: 2 },
      { name: 'sink', kind: 'bolt', parallelism: 1 },
    ],
    streams: [
      { source: 'spout', target: 'a', grouping: 'SHUFFLE' },
      { source: 'a', target: 'b', grouping: 'SHUFFLE' },
      { source: 'b', target: 'a', grouping: 'SHUFFLE', stream: 'loop' },
      { source: 'b', target: 'sink', grouping: 'SHUFFLE' },
    ],
  };
}

/** spout → a → b → a: every bolt sends on, nothing is a sink. */
export function closedLoop(): SyntheticTopology {
  return {
    name: 'ClosedLoop',
    containers: 1,
    components: [
      { name: 'spout', kind: 'spout', parallelism: 1 },
      { name: 'a', kind: 'bolt', parallelism: 2 },
      { name: 'b', kind: 'bolt', parallelism: 2 },
    ],
    streams: [
      { source: 'spout', target: 'a', grouping: 'SHUFFLE' },
      { source: 'a', target: 'b', grouping: 'SHUFFLE' },
      { source: 'b', target: 'a', grouping: 'SHUFFLE', stream: 'loop' },
    ],
  };
}

/** One spout (2) feeding a bolt per grouping, dealt over 2 containers. */
export function everyGrouping(): SyntheticTopology {
  return {
    name: 'EveryGrouping',
    containers: 2,
    components: [
      { name: 'spout', kind: 'spout', parallelism: 2 },
      { name: 'shuffle', kind: 'bolt', parallelism: 3 },
      { name: 'fields', kind: 'bolt', parallelism: 3 },
      { name: 'all', kind: 'bolt', parallelism: 2 },
      { name: 'lowest', kind: 'bolt', parallelism: 3 },
      { name: 'none', kind: 'bolt', parallelism: 2 },
      { name: 'direct', kind: 'bolt', parallelism: 2 },
      { name: 'custom', kind: 'bolt', parallelism: 2 },
    ],
    streams: [
      { source: 'spout', target: 'shuffle', grouping: 'SHUFFLE' },
      { source: 'spout', target: 'fields', grouping: 'FIELDS', groupingFields: ['key'] },
      { source: 'spout', target: 'all', grouping: 'ALL' },
      { source: 'spout', target: 'lowest', grouping: 'LOWEST' },
      { source: 'spout', target: 'none', grouping: 'NONE' },
      { source: 'spout', target: 'direct', grouping: 'DIRECT', stream: 'direct' },
      { source: 'spout', target: 'custom', grouping: 'CUSTOM' },
    ],
  };
}

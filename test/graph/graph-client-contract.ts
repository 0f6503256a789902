import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { componentPaths } from '../../src/graph/analysis/component-paths.js';
import { crossContainerTraffic } from '../../src/graph/analysis/cross-container-traffic.js';
import { type ExecuteCounts, routeStreams } from '../../src/graph/analysis/routing-probabilities.js';
import type { EdgeRecord, GraphClient, VertexRecord } from '../../src/graph/graph-client.js';
import { EDGE_LABEL, scopeProperties, VERTEX_LABEL } from '../../src/graph/graph-schema.js';
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
        properties: { topologyId, planRef: 'p', name: id, ...extra },
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
        properties: { topologyId, planRef: 'p', ...extra },
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
        // By id, with the other filters still applied; no id matches nothing.
        const [a, b] = [`${t}|a`, `${t}|b`];
        expect(ids(await client.vertices({ ids: [b, a, `${t}|zz`] }))).toEqual(['a', 'b']);
        expect(ids(await client.vertices({ ids: [a, b], labels: ['container'] }))).toEqual(['b']);
        expect(await client.vertices({ ids: [a], has: { topologyId: 'other' } })).toEqual([]);
        expect(await client.countVertices({ ids: [] })).toBe(0);
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
      it('builds the documented schema for a word count (2 containers), in O(instances)', async () => {
        const topologyId = uniqueTopology('schema');
        const store = new TopologyGraphStore(client);
        const snapshot = syntheticSnapshot(wordCount());
        const result = await store.ensure(snapshot, topologyId);
        expect(result).toMatchObject({ built: true, scope: { topologyId } });
        const has = scopeProperties(result.scope);
        const count = async (label: string) => client.countVertices({ labels: [label], has });
        expect(await count(VERTEX_LABEL.topology)).toBe(1);
        expect(await count(VERTEX_LABEL.component)).toBe(3);
        expect(await count(VERTEX_LABEL.container)).toBe(2);
        expect(await count(VERTEX_LABEL.streamManager)).toBe(2);
        expect(await count(VERTEX_LABEL.spout)).toBe(2);
        expect(await count(VERTEX_LABEL.bolt)).toBe(4);
        const edges = async (label: string) => client.countEdges({ labels: [label], has });
        // One edge per stream, whatever the parallelism.
        expect(await edges(EDGE_LABEL.streamsTo)).toBe(2);
        // 6 instances and 2 stream managers in containers, 2 containers and 3 components in the topology.
        expect(await edges(EDGE_LABEL.isWithin)).toBe(13);

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
        const [fields] = await client.edges({
          labels: [EDGE_LABEL.streamsTo],
          has: { ...has, grouping: 'FIELDS' },
        });
        expect(fields?.properties).toMatchObject({
          stream: 'default',
          groupingFields: '["word"]',
          sourceComponent: 'split',
          targetComponent: 'count',
        });
        expect(result.graph.components.map((c) => [c.name, c.kind, c.parallelism])).toEqual([
          ['count', 'bolt', 2],
          ['sentence', 'spout', 2],
          ['split', 'bolt', 2],
        ]);
        expect(result.graph.instances.map((i) => i.taskId)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(result.graph.containers).toEqual([
          { id: 'container_1', cpuCores: 1.5 },
          { id: 'container_2', cpuCores: 1.5 },
        ]);
      });

      it('writes a plan once: the same plan again reads, another plan is another graph beside it', async () => {
        const topologyId = uniqueTopology('fresh');
        const store = new TopologyGraphStore(client);
        const first = await store.ensure(syntheticSnapshot(wordCount()), topologyId);
        expect(first.built).toBe(true);
        const again = await store.ensure(syntheticSnapshot(wordCount()), topologyId);
        expect(again).toMatchObject({ built: false, scope: first.scope });
        expect(again.graph).toEqual(first.graph);
        // Another worker, which keeps nothing in memory, reads the same graph back from the backend.
        const elsewhere = await new TopologyGraphStore(client, { cachedPlans: 0 }).ensure(
          syntheticSnapshot(wordCount()),
          topologyId,
        );
        expect(elsewhere).toMatchObject({ built: false, scope: first.scope });
        expect(elsewhere.graph).toEqual(first.graph);

        const moved = await store.ensure(syntheticSnapshot({ ...wordCount(), containers: 3 }), topologyId);
        expect(moved.built).toBe(true);
        expect(moved.scope.planRef).not.toBe(first.scope.planRef);
        expect(await client.countVertices({ labels: ['container'], has: scopeProperties(moved.scope) })).toBe(
          3,
        );
        expect((await store.plans(topologyId)).map((p) => p.planRef)).toEqual(
          [first.scope.planRef, moved.scope.planRef].sort(),
        );
      });

      it('expires plans nobody asked for within the TTL, and all but the most recently used', async () => {
        const topologyId = uniqueTopology('expiry');
        let now = 1_000_000;
        const store = new TopologyGraphStore(client, {
          ttlSec: 3600,
          maxPlansPerTopology: 2,
          nowSec: () => now,
        });
        const a = await store.ensure(syntheticSnapshot({ ...wordCount(), containers: 1 }), topologyId);
        now += 10;
        const b = await store.ensure(syntheticSnapshot({ ...wordCount(), containers: 2 }), topologyId);
        now += 10;
        const c = await store.ensure(syntheticSnapshot({ ...wordCount(), containers: 3 }), topologyId);
        // Three plans, room for two: the least recently used (a) went when c was built.
        expect((await store.plans(topologyId)).map((p) => p.planRef).sort()).toEqual(
          [b.scope.planRef, c.scope.planRef].sort(),
        );
        expect(await client.countVertices({ has: scopeProperties(a.scope) })).toBe(0);
        now += 3600 + 1;
        await store.ensure(syntheticSnapshot({ ...wordCount(), containers: 4 }), topologyId);
        expect((await store.plans(topologyId)).length).toBe(1);
      });

      it('uses a plan graph it keeps after reading only the completion mark, and rebuilds one dropped elsewhere', async () => {
        const topologyId = uniqueTopology('kept');
        const store = new TopologyGraphStore(client, { cachedPlans: 1 });
        const snapshot = syntheticSnapshot(wordCount());
        const first = await store.ensure(snapshot, topologyId);
        const reads = { vertices: vi.spyOn(client, 'vertices'), edges: vi.spyOn(client, 'edges') };
        try {
          const again = await store.ensure(snapshot, topologyId);
          expect(again.graph).toBe(first.graph);
          // One read: the topology vertex (the mark); no instance, container or edge was fetched.
          expect(reads.vertices).toHaveBeenCalledTimes(1);
          expect(reads.vertices.mock.calls[0]?.[0].labels).toEqual(['topology']);
          expect(reads.edges).not.toHaveBeenCalled();
        } finally {
          reads.vertices.mockRestore();
          reads.edges.mockRestore();
        }
        // Another worker's expiry dropped it: the mark is gone, so this store writes it again.
        await client.dropVertices({ has: scopeProperties(first.scope) });
        const rebuilt = await store.ensure(snapshot, topologyId);
        expect(rebuilt.built).toBe(true);
        expect(rebuilt.graph).toEqual(first.graph);
        // Room for one: a second plan pushes the first out of memory, so the first is read from the backend.
        await store.ensure(syntheticSnapshot({ ...wordCount(), containers: 3 }), topologyId);
        const reread = await store.ensure(snapshot, topologyId);
        expect(reread.graph).not.toBe(rebuilt.graph);
        expect(reread.graph).toEqual(first.graph);
      });

      it('finishes a build that died half-way (no completion mark)', async () => {
        const topologyId = uniqueTopology('half');
        const store = new TopologyGraphStore(client);
        const snapshot = syntheticSnapshot(wordCount());
        const { scope } = await store.ensure(snapshot, topologyId);
        const full = await client.countVertices({ has: scopeProperties(scope) });
        // Lose the mark and some instances, as a worker killed mid-build would.
        await client.dropVertices({ labels: ['topology', 'bolt'], has: scopeProperties(scope) });
        const again = await store.ensure(snapshot, topologyId);
        expect(again.built).toBe(true);
        expect(await client.countVertices({ has: scopeProperties(scope) })).toBe(full);
      });

      it('shares one build between concurrent ensures of the same plan', async () => {
        const topologyId = uniqueTopology('concurrent');
        const store = new TopologyGraphStore(client);
        const snapshot = syntheticSnapshot(wordCount());
        const results = await Promise.all([
          store.ensure(snapshot, topologyId),
          store.ensure(snapshot, topologyId),
        ]);
        expect(results[0]).toBe(results[1]);
        // topology, 3 components, 2 containers, 2 stream managers, 6 instances.
        expect(await client.countVertices({ has: { topologyId } })).toBe(14);
      });
    });

    describe('analyses', () => {
      const build = async (spec: SyntheticTopology, label: string) => {
        const topologyId = uniqueTopology(label);
        const snapshot = syntheticSnapshot(spec);
        const { graph } = await new TopologyGraphStore(client).ensure(snapshot, topologyId);
        /** The instance id of a component's instance, by component index. */
        const id = (component: string, index: number): string =>
          snapshot.components[component]?.instances.find(
            (i) => snapshot.instances[i]?.componentIndex === index,
          ) ?? '';
        return { graph, id };
      };

      it('routing probabilities per grouping: shuffle/none 1/n, all 1, lowest 1|0, fields and direct measured, custom assumed uniform', async () => {
        const { graph, id } = await build(everyGrouping(), 'routing');
        const executeCounts: ExecuteCounts = {
          [id('fields', 0)]: { 'spout/default': 10 },
          [id('fields', 1)]: { 'spout/default': 20 },
          [id('fields', 2)]: { 'spout/default': 10 },
          [id('direct', 0)]: { 'spout/direct': 3 },
          [id('direct', 1)]: { 'spout/direct': 1 },
          // Counts of another stream or component do not count.
          [id('custom', 0)]: { 'other/default': 99 },
        };
        const routed = routeStreams(graph, { executeCounts });
        const to = (component: string) => {
          const r = routed.find((s) => s.target === component);
          return (
            r && [Object.fromEntries(r.targets.map((t, j) => [t.instanceId, r.probabilities[j]])), r.basis]
          );
        };
        const third = 1 / 3;
        expect(to('shuffle')).toEqual([
          { [id('shuffle', 0)]: third, [id('shuffle', 1)]: third, [id('shuffle', 2)]: third },
          'grouping',
        ]);
        expect(to('none')).toEqual([{ [id('none', 0)]: 0.5, [id('none', 1)]: 0.5 }, 'grouping']);
        expect(to('all')).toEqual([{ [id('all', 0)]: 1, [id('all', 1)]: 1 }, 'grouping']);
        expect(to('lowest')).toEqual([
          { [id('lowest', 0)]: 1, [id('lowest', 1)]: 0, [id('lowest', 2)]: 0 },
          'grouping',
        ]);
        expect(to('fields')).toEqual([
          { [id('fields', 0)]: 0.25, [id('fields', 1)]: 0.5, [id('fields', 2)]: 0.25 },
          'measured',
        ]);
        expect(to('direct')).toEqual([{ [id('direct', 0)]: 0.75, [id('direct', 1)]: 0.25 }, 'measured']);
        expect(to('custom')).toEqual([{ [id('custom', 0)]: 0.5, [id('custom', 1)]: 0.5 }, 'assumed-uniform']);
      });

      it('the traffic crossing containers, per container pair, per stream and overall', async () => {
        const { graph, id } = await build(wordCount(), 'crossing');
        const routed = routeStreams(graph, {
          executeCounts: {
            [id('count', 0)]: { 'split/default': 3 },
            [id('count', 1)]: { 'split/default': 1 },
          },
        });
        // Containers: 1 = {sentence 0, split 0, count 0}, 2 = {sentence 1, split 1, count 1}.
        const traffic = crossContainerTraffic(graph, routed);
        expect(traffic.streams).toEqual([
          { source: 'sentence', stream: 'default', target: 'split', crossContainerFraction: 0.5 },
          // split 0 sends 1/4 across, split 1 sends 3/4 across: (0.25 + 0.75) / 2.
          { source: 'split', stream: 'default', target: 'count', crossContainerFraction: 0.5 },
        ]);
        expect(traffic.crossContainerFraction).toBeCloseTo(0.5, 12);
        // split 0 emits three times what split 1 emits: (3 × 0.25 + 1 × 0.75) / 4.
        const weighted = crossContainerTraffic(graph, routed, {
          [id('split', 0)]: { default: 3 },
          [id('split', 1)]: { default: 1 },
        });
        expect(weighted.streams[1]?.crossContainerFraction).toBeCloseTo(0.375, 12);
        expect(
          weighted.pairs.find((p) => p.from === 'container_1' && p.to === 'container_2')?.tuples,
        ).toBeCloseTo(
          // sentence: 1 × 0.5; split: 3 × 0.25.
          0.5 + 0.75,
          12,
        );
      });

      it('spout → sink component paths; cycles are cut and counted', async () => {
        const wc = await build(wordCount(), 'paths');
        expect(componentPaths(wc.graph)).toEqual({
          paths: [{ components: ['sentence', 'split', 'count'], streams: ['default', 'default'] }],
          truncated: false,
          cyclesCut: 0,
        });
        const cycle = await build(withCycle(), 'cycle');
        const result = componentPaths(cycle.graph);
        expect(result.paths).toEqual([
          { components: ['spout', 'a', 'b', 'sink'], streams: ['default', 'default', 'default'] },
        ]);
        expect(result.cyclesCut).toBe(1);
        const loop = await build(closedLoop(), 'loop');
        expect(componentPaths(loop.graph)).toEqual({
          paths: [{ components: ['spout', 'a', 'b'], streams: ['default', 'default'] }],
          truncated: false,
          cyclesCut: 1,
        });
        expect(componentPaths(wc.graph, 0)).toMatchObject({ paths: [], truncated: true });
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

import { describe, expect, it } from 'vitest';
import { instancePaths } from '../../src/graph/analysis/instance-paths.js';
import type { InstanceNode, LogicalEdge, PlanGraph } from '../../src/graph/analysis/plan-graph.js';

const node = (id: string, kind: 'spout' | 'bolt' = 'bolt'): InstanceNode => ({
  instanceId: id,
  component: id,
  kind,
  taskId: 0,
  componentIndex: 0,
  container: 'container_1',
});
const edge = (source: string, target: string, p: number): LogicalEdge => ({
  id: `${source}>${target}`,
  source,
  target,
  sourceComponent: source,
  targetComponent: target,
  stream: 'default',
  grouping: 'SHUFFLE',
  routingProbability: p,
  routingBasis: 'grouping',
});
const graph = (instances: InstanceNode[], logicalEdges: LogicalEdge[]): PlanGraph => ({
  scope: { topologyId: 'T', planRef: 'current' },
  instances,
  logicalEdges,
});

describe('instancePaths always ends', () => {
  it('on a complete directed graph of 12 bolts behind a spout (every pair connected both ways)', () => {
    const bolts = Array.from({ length: 12 }, (_, i) => node(`b${String(i).padStart(2, '0')}`));
    const edges = [
      ...bolts.map((b) => edge('s', b.instanceId, 1 / 12)),
      ...bolts.flatMap((a) =>
        bolts.filter((b) => b !== a).map((b) => edge(a.instanceId, b.instanceId, 1 / 11)),
      ),
    ];
    const started = performance.now();
    const result = instancePaths(graph([node('s', 'spout'), ...bolts], edges), { maxSteps: 200_000 });
    expect(performance.now() - started).toBeLessThan(5_000);
    // No bolt is a sink (each sends to the others), so no path ends; the step bound stops the search.
    expect(result).toMatchObject({ paths: [], truncated: true });
    expect(result.cyclesCut).toBeGreaterThan(0);
  });

  it('a self-loop is a cycle too', () => {
    const result = instancePaths(
      graph(
        [node('s', 'spout'), node('a'), node('z')],
        [edge('s', 'a', 1), edge('a', 'a', 0.5), edge('a', 'z', 0.5)],
      ),
    );
    expect(result).toEqual({
      paths: [{ instances: ['s', 'a', 'z'], streams: ['default', 'default'], probability: 0.5 }],
      truncated: false,
      cyclesCut: 1,
    });
  });

  it('edges that carry nothing (probability 0) are not followed', () => {
    const result = instancePaths(
      graph([node('s', 'spout'), node('a'), node('b')], [edge('s', 'a', 1), edge('s', 'b', 0)]),
    );
    expect(result.paths.map((p) => p.instances)).toEqual([['s', 'a']]);
  });

  it('a spout nobody consumes is a path of its own', () => {
    expect(instancePaths(graph([node('s', 'spout')], [])).paths).toEqual([
      { instances: ['s'], streams: [], probability: 1 },
    ]);
  });

  it('exponentially many paths (a chain of 10 components × 10 instances: 10^10) stop at maxPaths', () => {
    const layers = Array.from({ length: 10 }, (_, l) =>
      Array.from({ length: 10 }, (_, i) => node(`L${l}-${i}`, l === 0 ? 'spout' : 'bolt')),
    );
    const edges = layers
      .slice(1)
      .flatMap((layer, l) =>
        (layers[l] ?? []).flatMap((a) => layer.map((b) => edge(a.instanceId, b.instanceId, 0.1))),
      );
    const result = instancePaths(graph(layers.flat(), edges), { maxPaths: 1000 });
    expect(result.paths).toHaveLength(1000);
    expect(result.truncated).toBe(true);
    expect(result.paths[0]?.probability).toBeCloseTo(1e-9, 20);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The data path's layering, checked on the source itself: arrows point one way
// (api → jobs → models; workers → metrics/graph → snapshot → models), and no module cycle exists.
const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^;]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** file (relative to src) → the src files it imports (relative to src). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) =>
      relative(SRC, resolve(dirname(file), (m[1] ?? m[2]) as string)).replace(/\.js$/, '.ts'),
    );
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('the import graph', () => {
  const graph = importGraph();

  it('reads the source tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('cli.ts')?.length).toBeGreaterThan(0);
  });

  it('finds a cycle where there is one', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(looped).map((c) => c.join(' → '))).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('has no cycle', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it.each([
    ['models', ['api/', 'jobs/', 'metrics/', 'dsps/', 'http/', 'autoscaler/', 'recorder/', 'services.ts']],
    ['graph', ['api/', 'jobs/', 'metrics/', 'dsps/', 'models/', 'autoscaler/', 'recorder/']],
    ['topology', ['api/', 'jobs/', 'metrics/', 'dsps/', 'models/', 'graph/', 'autoscaler/', 'recorder/']],
    ['jobs', ['api/']],
  ])('%s/ imports none of %j', (layer, forbidden) => {
    const offending = [...graph.entries()]
      .filter(([file]) => file.startsWith(`${layer}/`))
      .flatMap(([file, targets]) =>
        targets.filter((t) => forbidden.some((f) => t.startsWith(f))).map((t) => `${file} → ${t}`),
      );
    expect(offending).toEqual([]);
  });

  it('only the graph backends import the Gremlin client', () => {
    const gremlin = sourceFiles(SRC)
      .filter((file) => /from\s*['"]gremlin['"]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(gremlin).toEqual(['graph/gremlin-graph-client.ts']);
  });
});

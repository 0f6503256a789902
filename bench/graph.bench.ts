/**
 * Topology graph benchmark: build and analyse the graph of topologies of 100, 1 000 and 10 000 instances on
 * both backends — the in-memory graph and a real Gremlin Server (TinkerGraph) — and report the times and how
 * they grow with size.
 *
 *   npx tsx bench/graph.bench.ts [--sizes 100,1000,10000] [--backends memory,gremlin] [--out bench/results/graph.json]
 *
 * Topologies: a chain of components of parallelism 25 (1 spout, then bolts; groupings cycle shuffle, fields,
 * shuffle, none), dealt round robin over one container per 10 instances, as Heron's round-robin packing
 * does. The graph grows as instances (one `streams_to` edge per stream, not per instance pair).
 *
 * Each step is timed separately: `elements` (the pure snapshot → elements mapping, the baseline every
 * backend pays), `build` (the first ensure: upsert of every element, mergeV/mergeE batches on Gremlin, and
 * the read-back), `cached` (a second ensure: what a model of an already-seen plan pays — the completion mark
 * and the plan graph read, no write), `model` (the queueing network built from that plan graph and a synthetic
 * metrics window, bench/support/synthetic-metrics.ts, and the model solved), `routing` (the routing analysis on the loaded plan), `crossing` and
 * `paths` (cross-container traffic and component paths), `drop`. Gremlin Server: `GREMLIN_URL`, or one
 * started from scripts/gremlin-server on a free port and stopped at the end.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { componentPaths } from '../src/graph/analysis/component-paths.js';
import { crossContainerTraffic } from '../src/graph/analysis/cross-container-traffic.js';
import { type ExecuteCounts, routeStreams } from '../src/graph/analysis/routing-probabilities.js';
import type { GraphClient } from '../src/graph/graph-client.js';
import { scopeProperties } from '../src/graph/graph-schema.js';
import { GremlinGraphClient } from '../src/graph/gremlin-graph-client.js';
import { MemoryGraphClient } from '../src/graph/memory-graph-client.js';
import { topologyGraphElements } from '../src/graph/topology-graph-builder.js';
import { TopologyGraphStore } from '../src/graph/topology-graph-store.js';
import { modelTopology } from '../src/models/topology/model-topology.js';
import { networkFromSnapshot } from '../src/models/topology/network-from-snapshot.js';
import { queueingTheorySettingsSchema } from '../src/models/topology/queueing-theory-settings.js';
import type { TopologySnapshot } from '../src/topology/topology-snapshot.js';
import { chainTopology, syntheticSnapshot } from '../test/graph/support/synthetic-topology.js';
import { median } from './support/stats.js';
import { syntheticMetrics } from './support/synthetic-metrics.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    backends: { type: 'string', default: 'memory,gremlin' },
    out: { type: 'string', default: 'bench/results/graph.json' },
    'batch-size': { type: 'string', default: '2000' },
  },
});
const SIZES = (args.sizes ?? '').split(',').map(Number);
const BACKENDS = (args.backends ?? '').split(',') as Array<'memory' | 'gremlin'>;
const BATCH_SIZE = Number(args['batch-size']);
const PARALLELISM = 25;
const MODEL_SETTINGS = queueingTheorySettingsSchema.parse({});
const INSTANCES_PER_CONTAINER = 10;
const STEPS = [
  'elements',
  'build',
  'cached',
  'reread',
  'model',
  'routing',
  'crossing',
  'paths',
  'drop',
] as const;
type Step = (typeof STEPS)[number];

interface SizeResult {
  instances: number;
  components: number;
  containers: number;
  vertices: number;
  edges: number;
  paths: number;
  pathsTruncated: boolean;
  /** Median of the repetitions, ms. */
  ms: Record<Step, number>;
  repetitions: number;
}

async function main(): Promise<void> {
  const gremlin = BACKENDS.includes('gremlin') ? await benchGremlinServer() : undefined;
  const results: Record<string, SizeResult[]> = {};
  try {
    for (const backend of BACKENDS) {
      results[backend] = [];
      for (const size of SIZES) {
        const client: GraphClient =
          backend === 'memory'
            ? new MemoryGraphClient()
            : await GremlinGraphClient.connect({ url: gremlin?.url ?? '', batchSize: BATCH_SIZE });
        try {
          const result = await measure(client, size);
          results[backend].push(result);
          console.log(
            `${backend.padEnd(7)} ${String(size).padStart(6)} instances, ${String(result.edges).padStart(7)} edges: ` +
              STEPS.map((s) => `${s} ${result.ms[s].toFixed(1)} ms`).join(', '),
          );
        } finally {
          await client.close();
        }
      }
    }
  } finally {
    await gremlin?.stop();
  }

  const report = {
    benchmark: 'graph',
    description:
      'Build and analyse topology graphs (chains of parallelism-25 components, one container per 10 instances) ' +
      'on the in-memory graph and on Gremlin Server (TinkerGraph); median ms per step; growth = exponent k of ' +
      'time ∝ instances^k between consecutive sizes. `elements` (pure, no backend) is the in-run baseline.',
    measuredAt: new Date().toISOString(),
    ...environment(gremlin?.version),
    settings: {
      parallelism: PARALLELISM,
      instancesPerContainer: INSTANCES_PER_CONTAINER,
      gremlinBatchSize: BATCH_SIZE,
    },
    results,
    growth: Object.fromEntries(Object.entries(results).map(([backend, rows]) => [backend, growth(rows)])),
    gremlinOverMemory: ratios(results.gremlin, results.memory),
  };
  writeFileSync(args.out ?? 'bench/results/graph.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${args.out}`);
}

async function measure(client: GraphClient, instances: number): Promise<SizeResult> {
  const components = Math.max(2, Math.round(instances / PARALLELISM));
  const containers = Math.max(1, Math.round(instances / INSTANCES_PER_CONTAINER));
  const snapshot = syntheticSnapshot(chainTopology(`Chain${instances}`, components, PARALLELISM, containers));
  const counts = executeCounts(snapshot);
  const metrics = syntheticMetrics(snapshot);
  const repetitions = instances >= 10_000 ? 1 : 3;
  const samples = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
  let vertices = 0;
  let edges = 0;
  let paths = 0;
  let pathsTruncated = false;
  for (let r = 0; r < repetitions; r++) {
    const topologyId = `bench-${instances}-${r}-${Date.now()}`;
    const store = new TopologyGraphStore(client);
    const time = async <T>(step: Step, run: () => Promise<T> | T): Promise<T> => {
      const started = performance.now();
      const value = await run();
      samples[step].push(performance.now() - started);
      return value;
    };
    const elements = await time('elements', () =>
      topologyGraphElements(snapshot, { topologyId, planRef: 'p' }),
    );
    vertices = elements.vertices.length;
    edges = elements.edges.length;
    const { scope, built } = await time('build', () => store.ensure(snapshot, topologyId));
    if (!built) throw new Error('the first ensure did not build');
    const cached = await time('cached', () => store.ensure(snapshot, topologyId));
    if (cached.built) throw new Error('rebuilt a cached graph');
    // Another worker, which has not seen the plan: the mark and every element read from the backend.
    const reread = await time('reread', () =>
      new TopologyGraphStore(client, { cachedPlans: 0 }).ensure(snapshot, topologyId),
    );
    if (reread.built) throw new Error('rebuilt a stored graph');
    // What a model of an already-seen plan costs past the metrics read: the graph fetched (`cached`), then
    // the network built from it and the queueing model solved.
    await time('model', () => {
      const { network } = networkFromSnapshot(metrics, cached.graph);
      const result = modelTopology(network, MODEL_SETTINGS);
      if (result.status !== 'solved') throw new Error(`the model did not solve: ${result.message}`);
    });
    const routed = await time('routing', () => routeStreams(cached.graph, { executeCounts: counts }));
    await time('crossing', () => crossContainerTraffic(cached.graph, routed));
    const found = await time('paths', () => componentPaths(cached.graph));
    paths = found.paths.length;
    pathsTruncated = found.truncated;
    const counted = await client.countEdges({ has: { topologyId } });
    if (counted !== edges) throw new Error(`the graph has ${counted} edges, expected ${edges}`);
    await time('drop', () => client.dropVertices({ has: scopeProperties(scope) }));
  }
  return {
    instances: Object.keys(snapshot.instances).length,
    components,
    containers,
    vertices,
    edges,
    paths,
    pathsTruncated,
    ms: Object.fromEntries(STEPS.map((s) => [s, round(median(samples[s]))])) as Record<Step, number>,
    repetitions,
  };
}

/** Skewed execute counts for every FIELDS consumer, so routing has measurements to use. */
function executeCounts(snapshot: TopologySnapshot): ExecuteCounts {
  const counts: Record<string, Record<string, number>> = {};
  for (const stream of snapshot.streams) {
    if (stream.grouping !== 'FIELDS') continue;
    snapshot.components[stream.target]?.instances.forEach((id, k) => {
      counts[id] = { [`${stream.source}/${stream.stream}`]: 100 + k };
    });
  }
  return counts;
}

function growth(rows: SizeResult[]): Array<Record<string, unknown>> {
  return rows.slice(1).map((row, i) => {
    const previous = rows[i] as SizeResult;
    const scale = row.instances / previous.instances;
    return {
      from: previous.instances,
      to: row.instances,
      ...Object.fromEntries(
        STEPS.map((s) => {
          const ratio = row.ms[s] / Math.max(previous.ms[s], 0.001);
          return [s, { timeRatio: round(ratio), exponent: round(Math.log(ratio) / Math.log(scale)) }];
        }),
      ),
    };
  });
}

function ratios(gremlin: SizeResult[] | undefined, memory: SizeResult[] | undefined): unknown {
  if (!gremlin || !memory) return undefined;
  return gremlin.map((row, i) => ({
    instances: row.instances,
    ...Object.fromEntries(
      (['build', 'cached', 'reread', 'drop'] as const).map((s) => [
        s,
        round(row.ms[s] / Math.max(memory[i]?.ms[s] ?? 1, 0.001)),
      ]),
    ),
    // The whole model run of a plan already in the store (graph + network + model), the target being
    // ≤ 1.5×: in the worker that keeps its graph, and in one that reads it back.
    cachedModelRun: modelRunRatio(row, memory[i], 'cached'),
    rereadModelRun: modelRunRatio(row, memory[i], 'reread'),
  }));
}

function modelRunRatio(gremlin: SizeResult, memory: SizeResult | undefined, read: 'cached' | 'reread') {
  const memoryMs = (memory?.ms[read] ?? 1) + (memory?.ms.model ?? 0);
  return round((gremlin.ms[read] + gremlin.ms.model) / Math.max(memoryMs, 0.001));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function environment(gremlinServerVersion: string | undefined) {
  const version = (name: string) =>
    (JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  // `java -version` writes to stderr.
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const java = `${javaVersion.stderr ?? ''}${javaVersion.stdout ?? ''}`.split('\n')[0]?.trim() || 'unknown';
  let os: string = platform();
  try {
    os = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {}
  return {
    machine: {
      os: `${os} (${platform()} ${release()})`,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    },
    versions: {
      node: process.version,
      gremlin: version('gremlin'),
      protobufjs: version('protobufjs'),
      ...(gremlinServerVersion ? { gremlinServer: gremlinServerVersion, java } : {}),
    },
  };
}

interface BenchGremlin {
  url: string;
  version: string;
  stop(): Promise<void>;
}

/** `GREMLIN_URL`, or a Gremlin Server of the benchmark's own (scripts/gremlin-server/start.sh). */
async function benchGremlinServer(): Promise<BenchGremlin> {
  const pom = readFileSync('scripts/gremlin-server/pom.xml', 'utf8');
  const version = /<tinkerpop\.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown';
  if (process.env.GREMLIN_URL) {
    await waitForGremlin(process.env.GREMLIN_URL, 30_000);
    return {
      url: process.env.GREMLIN_URL,
      version: `${version} (GREMLIN_URL, not checked)`,
      stop: async () => {},
    };
  }
  const port = await freePort();
  const server: ChildProcess = spawn('bash', ['scripts/gremlin-server/start.sh', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, GREMLIN_HEAP: process.env.GREMLIN_HEAP ?? '4g' },
  });
  const killOnExit = () => server.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `ws://127.0.0.1:${port}/gremlin`;
  const started = performance.now();
  await waitForGremlin(url, 180_000);
  console.log(
    `Gremlin Server ${version} answered after ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    url,
    version,
    stop: async () => {
      process.off('exit', killOnExit);
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForGremlin(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const client = await GremlinGraphClient.connect({ url });
      await client.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

await main();

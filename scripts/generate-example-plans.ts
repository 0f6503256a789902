/**
 * Writes `examples/plans/`: proposed plans for the shipped example topologies, as the scaling advice makes
 * them (so they are valid for the examples by construction), in the three forms `POST …/proposed` takes:
 *
 * - `word-count.pb`: a Heron `PackingPlan`, protobuf bytes (`application/x-protobuf`);
 * - `word-count.json`: the same plan, the message's JSON form (`application/json`);
 * - `storm-word-count.json`: a Storm worker-slot assignment (`application/json`).
 *
 *   npx tsx scripts/generate-example-plans.ts [outDir]
 *
 * Starts augur in process on a free port with the shipped configuration and asks for the advice at fixed
 * spout rates (deterministic: the example snapshots do not change); a test checks the files are current.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { startServices } from '../src/services.js';

/** The advice asked for: spout rates, tuples/s per spout instance, above what today's plans sustain. */
export const EXAMPLE_PLAN_REQUESTS = {
  heron: '/model/scaling/heron/WordCountTopology?sentence=600',
  storm: '/model/scaling/storm/storm-word-count?sentence=600',
} as const;

// biome-ignore lint/suspicious/noExplicitAny: the result documents are JSON
type Json = any;

/** The example plans' files, name → bytes, from a running augur at `baseUrl`. */
export async function examplePlanFiles(baseUrl: string): Promise<Record<string, Uint8Array>> {
  const heron = await planOf(baseUrl, EXAMPLE_PLAN_REQUESTS.heron);
  const storm = await planOf(baseUrl, EXAMPLE_PLAN_REQUESTS.storm);
  const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return {
    'word-count.pb': Buffer.from(heron.packing_plan_protobuf_base64, 'base64'),
    'word-count.json': json(heron.packing_plan),
    'storm-word-count.json': json(storm.assignment),
  };
}

async function planOf(baseUrl: string, path: string): Promise<Json> {
  const accepted = await fetch(`${baseUrl}${path}`);
  if (accepted.status !== 202) throw new Error(`${path}: ${accepted.status} ${await accepted.text()}`);
  const { status_url: statusUrl } = (await accepted.json()) as Json;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${baseUrl}${statusUrl}`);
    if (res.status === 200) {
      const result = (await res.json()) as Json;
      if (result.status !== 'complete') throw new Error(`${path}: ${JSON.stringify(result.error)}`);
      return result.model_results[0].results.plan;
    }
    if (Date.now() > deadline) throw new Error(`${path}: still pending`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (import.meta.url === `file://${resolve(process.argv[1] ?? '')}`) {
  const outDir = process.argv[2] ?? 'examples/plans';
  const config = loadConfig({ dir: 'config', env: { PORT: '0' } });
  const services = await startServices({ ...config, server: { ...config.server, logLevel: 'warn' } }, 'all');
  try {
    await mkdir(outDir, { recursive: true });
    for (const [name, bytes] of Object.entries(await examplePlanFiles(services.url as string))) {
      await writeFile(join(outDir, name), bytes);
      process.stdout.write(`wrote ${join(outDir, name)}\n`);
    }
  } finally {
    await services.close();
  }
}

/**
 * Writes openapi/examples.json — each operation's example answer from a real run on the shipped examples
 * (scripts/openapi-examples.ts) — then openapi/openapi.json from the routes' schemas with those examples,
 * both with the shipped configuration (no environment overrides) so neither depends on the machine. A test
 * fails when either is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/api/openapi-document.js';
import { loadConfig } from '../src/config/load-config.js';
import { startServices } from '../src/services.js';
import { collectOperationExamples } from './openapi-examples.js';

const OUT = 'openapi/openapi.json';
const EXAMPLES = 'openapi/examples.json';
const config = loadConfig({ dir: 'config', env: {} });
mkdirSync('openapi', { recursive: true });

const services = await startServices(
  { ...config, server: { ...config.server, port: 0, logLevel: 'warn' } },
  'all',
);
try {
  const examples = await collectOperationExamples(services.url as string);
  writeFileSync(EXAMPLES, `${JSON.stringify(examples, null, 2)}\n`);
  process.stdout.write(`wrote ${EXAMPLES}\n`);
} finally {
  await services.close();
}

const doc = await openApiDocument(config);
writeFileSync(OUT, `${JSON.stringify(doc, null, 2)}\n`);
process.stdout.write(`wrote ${OUT}\n`);

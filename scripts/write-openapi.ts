/**
 * Writes openapi/openapi.json from the routes' schemas, with the shipped configuration (no environment
 * overrides) so the committed spec does not depend on the machine. A test fails when it is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openApiDocument } from '../src/api/openapi-document.js';
import { loadConfig } from '../src/config/load-config.js';

const OUT = 'openapi/openapi.json';
const doc = await openApiDocument(loadConfig({ dir: 'config', env: {} }));
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(doc, null, 2)}\n`);
process.stdout.write(`wrote ${OUT}\n`);

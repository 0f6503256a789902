import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOperationExamples } from '../../scripts/openapi-examples.js';
import { openApiDocument } from '../../src/api/openapi-document.js';
import { completeResultSchemaOf } from '../../src/api/schemas/result-schemas.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type RunningServices, startServices } from '../../src/services.js';

const shippedOpenApiDocument = () => openApiDocument(loadConfig({ dir: 'config', env: {} }));

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is JSON read by the assertions
type Json = any;

describe('OpenAPI document', () => {
  let doc: Json;
  beforeAll(async () => {
    doc = JSON.parse(JSON.stringify(await shippedOpenApiDocument()));
  });

  it('committed openapi/openapi.json matches the routes (run `npm run openapi:write` to refresh)', () => {
    const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8'));
    expect(doc).toEqual(committed);
  });

  it('documents every public route with its error answers', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/health',
      '/model/graph/{dsps}/{topology}',
      '/model/graph/{dsps}/{topology}/proposed',
      '/model/scaling/{dsps}/{topology}',
      '/model/topology/{dsps}/current/{topology}',
      '/model/topology/{dsps}/model_info',
      '/model/topology/{dsps}/proposed/{topology}',
      '/model/topology/{dsps}/{topology}',
      '/model/traffic/{dsps}/model_info',
      '/model/traffic/{dsps}/{topology}',
      '/model/traffic/{dsps}/{topology}/backtest',
      '/ready',
      '/recorder',
      '/scaling/{dsps}/{topology}/evaluate',
      '/scaling/{dsps}/{topology}/history',
      '/topologies/{dsps}',
      '/topologies/{dsps}/{topology}',
    ]);
    const traffic = doc.paths['/model/traffic/{dsps}/{topology}']?.get;
    expect(Object.keys(traffic?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '202', '400', '404', '501']),
    );
  });

  const operations = () =>
    Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
      Object.entries<Json>(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );

  it('names every response (no "Default Response") and resolves every $ref', () => {
    for (const { key, op } of operations())
      for (const [status, response] of Object.entries<Json>(op.responses))
        expect(response.description, `${key} ${status}`).not.toMatch(/^(Default Response)?$/);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    for (const ref of new Set(refs)) expect(doc.components.schemas, ref).toHaveProperty([ref as string]);
    // one component per schema: no zod input twins
    expect(Object.keys(doc.components.schemas).filter((n) => n.endsWith('Input'))).toEqual([]);
  });

  it("types each poll route's result by its models", () => {
    const resultRef = (path: string) =>
      JSON.stringify(doc.paths[path].get.responses['200'].content['application/json'].schema);
    expect(resultRef('/model/traffic/{dsps}/{topology}')).toContain('TrafficResult');
    expect(resultRef('/model/topology/{dsps}/{topology}')).toContain('TopologyResult');
    expect(resultRef('/model/scaling/{dsps}/{topology}')).toContain('ScalingAdviceResult');
    expect(resultRef('/model/graph/{dsps}/{topology}')).toContain('GraphAnalysisResult');
    const queueing = doc.components.schemas.QueueingTheoryResult;
    expect(Object.keys(queueing.properties)).toEqual(
      expect.arrayContaining(['latency', 'throughput', 'backpressure', 'saturation', 'instances']),
    );
    expect(queueing.additionalProperties).not.toBe(false);
  });

  it('declares the spout rates so "Try it out" can send them, and the wait of a poll', () => {
    for (const path of [
      '/model/topology/{dsps}/current/{topology}',
      '/model/topology/{dsps}/proposed/{topology}',
      '/model/graph/{dsps}/{topology}',
      '/model/scaling/{dsps}/{topology}',
    ]) {
      const [op] = Object.values<Json>(doc.paths[path]);
      const rates = op.parameters.find((p: Json) => p.name === 'spout_rates');
      expect(rates, path).toMatchObject({
        in: 'query',
        style: 'form',
        explode: true,
        schema: { type: 'object' },
      });
    }
    const poll = doc.paths['/model/topology/{dsps}/{topology}'].get.parameters.map((p: Json) => p.name);
    expect(poll).toEqual(expect.arrayContaining(['model_id', 'wait']));
  });

  it('gives every model operation an example answer, and the results examples fit their schemas', () => {
    const exampleOf = (key: string, status: string) => {
      const [method, path] = key.split(' ') as [string, string];
      return doc.paths[path][method.toLowerCase()].responses[status]?.content?.['application/json']?.example;
    };
    for (const { key, op } of operations()) {
      if (!key.includes('/model/') && !key.includes('/topologies/')) continue;
      const examples = Object.keys(op.responses).filter((s) => exampleOf(key, s) !== undefined);
      expect(examples.length, key).toBeGreaterThan(0);
    }
    for (const [path, aspect] of [
      ['/model/traffic/{dsps}/{topology}', 'traffic'],
      ['/model/traffic/{dsps}/{topology}/backtest', 'traffic'],
      ['/model/topology/{dsps}/{topology}', 'topology'],
      ['/model/scaling/{dsps}/{topology}', 'scaling'],
      ['/model/graph/{dsps}/{topology}', 'graph'],
    ] as const) {
      const parsed = completeResultSchemaOf(aspect).safeParse(exampleOf(`GET ${path}`, '200'));
      expect(parsed.error?.issues ?? [], path).toEqual([]);
    }
    expect(exampleOf('GET /model/traffic/{dsps}/{topology}', '400')).toMatchObject({ code: 'BAD_REQUEST' });
    expect(exampleOf('GET /model/traffic/{dsps}/{topology}', '404')).toMatchObject({
      code: 'TOPOLOGY_NOT_FOUND',
    });
  });
});

describe('OpenAPI example answers', () => {
  let services: RunningServices;
  beforeAll(async () => {
    const config = loadConfig({ dir: 'config', env: {} });
    services = await startServices(
      { ...config, server: { ...config.server, port: 0, logLevel: 'warn' } },
      'all',
    );
  }, 60_000);
  afterAll(async () => {
    await services?.close();
  });

  it('committed openapi/examples.json is what a run on the shipped examples answers (`npm run openapi:write`)', async () => {
    const committed = JSON.parse(readFileSync('openapi/examples.json', 'utf8'));
    expect(await collectOperationExamples(services.url as string)).toEqual(committed);
  }, 120_000);
});

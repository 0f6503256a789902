import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi-document.js';
import { loadConfig } from '../../src/config/load-config.js';

const shippedOpenApiDocument = () => openApiDocument(loadConfig({ dir: 'config', env: {} }));

describe('OpenAPI document', () => {
  it('committed openapi/openapi.json matches the routes (run `npm run openapi:write` to refresh)', async () => {
    const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8'));
    expect(JSON.parse(JSON.stringify(await shippedOpenApiDocument()))).toEqual(committed);
  });

  it('documents every public route with its error answers', async () => {
    const doc = (await shippedOpenApiDocument()) as {
      paths: Record<string, Record<string, { responses: object }>>;
    };
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
});

import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi-document.js';
import { loadConfig } from '../../src/config/load-config.js';

describe('OpenAPI: the proposed-plan request body', () => {
  it('documents protobuf bytes under both binary content types and the PackingPlan or Storm assignment JSON form', async () => {
    const doc = (await openApiDocument(loadConfig({ dir: 'config', env: {} }))) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: never }> } }>>;
    };
    const content = doc.paths['/model/topology/{dsps}/proposed/{topology}']?.post?.requestBody?.content;
    expect(Object.keys(content ?? {}).sort()).toEqual([
      'application/json',
      'application/octet-stream',
      'application/x-protobuf',
    ]);
    expect(content?.['application/x-protobuf']?.schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(content?.['application/octet-stream']?.schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(content?.['application/json']?.schema).toMatchObject({
      oneOf: [
        { title: 'Heron PackingPlan', type: 'object', required: ['id', 'container_plans'] },
        { title: 'Storm assignment', type: 'object', required: ['workers'] },
      ],
    });
  });
});

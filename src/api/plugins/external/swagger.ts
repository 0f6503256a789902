import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { type OperationExamples, refineOpenApi } from '../../openapi-contract.js';

/** Example answers from a real run on the shipped examples, written by `npm run openapi:write`. */
const EXAMPLES_FILE = new URL('../../../../openapi/examples.json', import.meta.url);

function operationExamples(): OperationExamples {
  try {
    return JSON.parse(readFileSync(EXAMPLES_FILE, 'utf8')) as OperationExamples;
  } catch {
    return {}; // an install without openapi/ serves the document without examples
  }
}

export const OPENAPI_INFO = {
  title: 'augur',
  description:
    'Performance modelling and capacity planning for Apache Heron and Apache Storm topologies. Every ' +
    'modelling call is asynchronous: it answers 202 with a `model_id`; poll the `status_url` until the ' +
    'result is there.',
  version: '0.1.0',
};

/** OpenAPI from the routes' zod schemas; Swagger UI at /docs, the spec at /openapi.json. */
export interface OpenapiOptions {
  /** Whether this deployment requires API keys: then the spec requires one of the schemes, else either is optional. */
  authRequired: boolean;
}

async function openapi(app: FastifyInstance, options: OpenapiOptions) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API key as a bearer token (server.auth.keys); not needed when augur listens on loopback',
          },
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'x-api-key',
            description: 'The same key in a header',
          },
        },
      },
      // Either scheme — or none where the API is open (loopback); probes, the spec and the console's page are open.
      security: options.authRequired
        ? [{ bearer: [] }, { apiKey: [] }]
        : [{}, { bearer: [] }, { apiKey: [] }],
      tags: [
        { name: 'traffic', description: 'Traffic arriving at a topology' },
        { name: 'topology', description: 'Performance of a topology under a plan' },
        {
          name: 'graph',
          description: "A plan's topology graph: paths, fan-in/out, cycles, container traffic",
        },
        { name: 'scaling', description: 'Scaling advice and the autoscaling loop' },
        { name: 'topologies', description: 'Topologies the metrics source knows' },
        { name: 'recorder', description: "History kept beyond the Tracker's 3 hours" },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      refineOpenApi(jsonSchemaTransformObject(documentObject), operationExamples()),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export default fp(openapi, { name: 'openapi' });

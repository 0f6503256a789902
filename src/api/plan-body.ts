import type { FastifyInstance } from 'fastify';
import { type Limits, protobufPlanBytes } from '../config/limits-schema.js';
import { PROTOBUF_CONTENT_TYPES } from '../dsps/heron/heron-proto.js';
import { AppError } from '../errors.js';
import { jsonNestsDeeperThan } from './json-depth.js';

/**
 * Lets the routes of one plugin take proposed plans, each content type with its own size limit (Fastify
 * answers 413 `PAYLOAD_TOO_LARGE` past it): protobuf bytes (a Buffer reaches the handler) sized for
 * `limits.maxPlanInstances`, JSON up to `limits.jsonPlanBytes` and nested at most `limits.jsonMaxDepth`
 * deep (400 otherwise). Only the plugin that calls it, by Fastify's encapsulation.
 */
export function acceptPlanBodies(app: FastifyInstance, limits: Limits): void {
  app.addContentTypeParser(
    [...PROTOBUF_CONTENT_TYPES],
    { parseAs: 'buffer', bodyLimit: protobufPlanBytes(limits) },
    (_request, body, done) => done(null, body),
  );
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: limits.jsonPlanBytes },
    (_request, body, done) => {
      const text = body as string;
      if (jsonNestsDeeperThan(text, limits.jsonMaxDepth)) {
        done(
          new AppError(
            'BAD_REQUEST',
            `body: JSON nested deeper than limits.jsonMaxDepth = ${limits.jsonMaxDepth}`,
            { details: { field: 'body', reason: 'too deep', limit: 'limits.jsonMaxDepth' } },
          ),
        );
        return;
      }
      try {
        done(null, text === '' ? undefined : JSON.parse(text));
      } catch (err) {
        done(
          new AppError('BAD_REQUEST', `body: not valid JSON (${(err as Error).message})`, {
            details: { field: 'body', reason: 'invalid JSON' },
          }),
        );
      }
    },
  );
}
